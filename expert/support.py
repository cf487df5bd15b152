"""What a conclusion rests on: the one walk back through the engine's trace, from conclusions through the
rules, score terms and totals that gave them, down to the answers.

The graph, HOW and the consultation's «как» all walk with these functions. The roster's ``rules`` column
walks the same chain column by column in the evaluator (``Evaluation.supporting``, the fast path);
``tests/test_support_chain.py`` and ``tests/test_batch_reference.py`` prove both walks name the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from expert.result import Firing, Result
from expert.rules.kb import KnowledgeBase

# Findings that only feed other rules are intermediate; every other derived conclusion is final.
INTERMEDIATE_KINDS = ("finding",)


def _keys(kb: KnowledgeBase, firing: Firing) -> list[str]:
    if firing.kind == "rule":
        return [f"derived:{c}" for c in kb.rule(firing.rule).then]
    if firing.kind == "term":
        return [f"term:{firing.rule}"]
    return [f"score:{firing.rule}"]


def supporters(kb: KnowledgeBase, trace: Iterable[Firing]) -> dict[str, list[Firing]]:
    """For each fact key, every firing that concluded it, in order.

    A step that fires for a fact already there adds nothing new to the engine (its trace entry derives
    nothing) but is an independent reason just the same: "risk factors identified" may rest on three
    findings, and a methodologist needs all. A score term whose ``any`` holds on several branches fires
    once per branch and adds its weight once; every branch is a reason for that weight.
    """
    out: dict[str, list[Firing]] = {}
    for firing in trace:
        for key in _keys(kb, firing):
            out.setdefault(key, []).append(firing)
    return out


def final_conclusions(kb: KnowledgeBase, result: Result) -> list[str]:
    return [c for c in result.derived if kb.kind_of(c) not in INTERMEDIATE_KINDS]


def _visit(support: dict[str, list[Firing]], key: str, every: bool, needed: dict[int, Firing]) -> None:
    """Every firing under ``key`` (or, with ``every`` false, only the first reason of each fact)."""
    for firing in support.get(key, [])[: None if every else 1]:
        if firing.index not in needed:
            needed[firing.index] = firing
            for ref in firing.premises:
                _visit(support, ref.key, every, needed)


def standalone_findings(kb: KnowledgeBase, result: Result, support: dict[str, list[Firing]]) -> list[str]:
    """Derived findings that no final conclusion rests on (risk factors of a student whose direction is
    deviant): conclusions in their own right, KB order."""
    finals = final_conclusions(kb, result)
    reached = {ref.key for f in chain(kb, (), finals, support=support) for ref in f.premises}
    return [c for c in result.derived if c not in finals and f"derived:{c}" not in reached]


def supporting_firings(kb: KnowledgeBase, result: Result, goals: list[str] | None = None) -> list[Firing]:
    """The firings a chain of justification needs, walking back from ``goals`` (default: the final
    conclusions) through every rule that concluded each fact, in trace order. By default, a derived
    finding that no final conclusion rests on is a conclusion too, shown with the first rule that gave it
    only; ``--all`` shows every firing."""
    if goals is not None:
        return chain(kb, result.trace, goals)
    support = supporters(kb, result.trace)
    return chain(kb, (), final_conclusions(kb, result), standalone_findings(kb, result, support), support)


def chain(kb: KnowledgeBase, trace: Iterable[Firing], goals: Iterable[str], first_only: Iterable[str] = (),
          support: dict[str, list[Firing]] | None = None) -> list[Firing]:
    """Every firing the conclusions ``goals`` rest on, in trace order: each rule that concluded one, the
    terms and totals of the scores they read, down to the answers; for ``first_only``, each fact's first
    reason only. ``support`` (from ``supporters``) stands for the trace when it is already at hand."""
    support = supporters(kb, trace) if support is None else support
    needed: dict[int, Firing] = {}
    for goal in goals:
        _visit(support, f"derived:{goal}", True, needed)
    for goal in first_only:
        _visit(support, f"derived:{goal}", False, needed)
    return [needed[i] for i in sorted(needed)]
