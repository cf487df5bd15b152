"""A fast two-valued re-run of the KB without experta, for searches that evaluate thousands of profiles.

It has the engine's semantics: conditions in negation normal form, a comparison on an unknown answer never
holds (nor does its complement), ``not fact`` means "not derived" and is read only after the fact's
stratum, a score is the sum of the weights of its true terms. The what-if search and the KB's gap and
conflict search use it; tests cross-check it with the engine, and every what-if suggestion is confirmed
with the engine before it is shown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import networkx as nx

from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, ScoreCmp, facts_of, nnf
from expert.rules.kb import KnowledgeBase

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "has": lambda a, b: bool(a & b), "lacks": lambda a, b: not (a & b),
}

Pred = Callable[[dict, set, dict], bool]


def compile_condition(cond: Condition) -> Pred:
    """A condition as a closure over (known answers, derived facts, score totals)."""
    return _compile(nnf(cond))


def _compile(cond: Condition) -> Pred:
    if isinstance(cond, Cmp):
        fn, key, value = _OPS[cond.op], cond.input, cond.value
        # an unknown answer (or one outside a searched space) makes neither a comparison nor its complement true
        return lambda v, f, s: key in v and fn(v[key], value)
    if isinstance(cond, ScoreCmp):
        fn, key, value = _OPS[cond.op], cond.score, cond.value
        return lambda v, f, s: fn(s.get(key, 0), value)
    if isinstance(cond, FactIs):
        fact = cond.fact
        return lambda v, f, s: fact in f
    if isinstance(cond, FactNot):
        fact = cond.fact
        return lambda v, f, s: fact not in f
    if isinstance(cond, All | AnyOf):
        items = [_compile(c) for c in cond.items]
        if len(items) == 1:
            return items[0]
        want = isinstance(cond, AnyOf)  # the item value that decides the whole: True for any, False for all

        def junction(v: dict, f: set, s: dict) -> bool:
            for p in items:
                if p(v, f, s) is want:
                    return want
            return not want

        return junction
    if isinstance(cond, AtLeast):
        items, n = [_compile(c) for c in cond.items], cond.n
        return lambda v, f, s: sum(1 for p in items if p(v, f, s)) >= n
    raise TypeError(cond)


class Deriver:
    """Derives the conclusions of a profile as the engine would; also says which rules fired."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        by_stratum: dict[int, list] = {}
        for step in sorted(kb.steps, key=lambda s: (s.stratum, s.order)):
            by_stratum.setdefault(step.stratum, []).append(step)
        # Inside a stratum, steps in dependency order need one pass; a positive cycle needs a fixpoint.
        self.strata: list[tuple[bool, list]] = []
        for k in sorted(by_stratum):
            # score totals read only terms of earlier strata, and rules of this stratum may read them
            totals = [st for st in by_stratum[k] if st.kind == "total"]
            ordered, cyclic = _dependency_order([st for st in by_stratum[k] if st.kind != "total"])
            ordered = totals + ordered
            self.strata.append((cyclic, [(st, compile_condition(st.condition) if st.condition else None)
                                         for st in ordered]))
        self.terms = {sid: [(f"{sid}#{j + 1}", t.weight) for j, t in enumerate(score.terms)]
                      for sid, score in kb.scores.items()}
        self.directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]

    def run(self, values: dict[str, Any]) -> tuple[set[str], list[str]]:
        """Derived conclusions and the ids of the rules that fired, in firing order."""
        facts, _scores, fired = self.evaluate(values)
        return facts, fired

    def derive(self, values: dict[str, Any]) -> tuple[set[str], dict[str, float]]:
        """Derived conclusions and score totals."""
        facts, scores, _fired = self.evaluate(values)
        return facts, scores

    def direction(self, values: dict[str, Any]) -> str | None:
        facts, _scores, _fired = self.evaluate(values)
        return next((d for d in self.directions if d in facts), None)

    def evaluate(self, values: dict[str, Any]) -> tuple[set[str], dict[str, float], list[str]]:
        facts: set[str] = set()
        scores: dict[str, float] = {}
        terms: set[str] = set()
        fired: list[str] = []
        for cyclic, steps in self.strata:
            done: set[str] = set()
            changed = True
            while changed:
                changed = False
                for step, pred in steps:
                    if step.kind == "total":
                        scores[step.score] = sum(w for key, w in self.terms[step.score] if key in terms)
                    elif step.key not in done and pred(values, facts, scores):
                        changed = cyclic
                        done.add(step.key)
                        if step.kind == "term":
                            terms.add(step.key)
                        else:
                            fired.append(step.key)
                            facts.update(step.rule.then)
        return facts, scores, fired


def _dependency_order(steps: list) -> tuple[list, bool]:
    """Steps of one stratum so that a step comes after those deriving what it reads; KB order breaks ties."""
    derivers: dict[str, list[str]] = {}
    for st in steps:
        if st.kind == "rule":
            for c in st.rule.then:
                derivers.setdefault(c, []).append(st.key)
    graph = nx.DiGraph()
    graph.add_nodes_from(st.key for st in steps)
    for st in steps:
        if st.condition is not None:
            for fact, _neg in facts_of(st.condition):
                for src in derivers.get(fact, []):
                    if src != st.key:
                        graph.add_edge(src, st.key)
    if not nx.is_directed_acyclic_graph(graph) or any(
            st.kind == "rule" and any(f in st.rule.then for f, _ in facts_of(st.condition)) for st in steps):
        return steps, True
    position = {st.key: i for i, st in enumerate(steps)}
    by_key = {st.key: st for st in steps}
    return [by_key[k] for k in nx.lexicographical_topological_sort(graph, key=position.__getitem__)], False
