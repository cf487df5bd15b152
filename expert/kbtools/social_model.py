"""KB070: the social model as a check — a difficulty or a status is a need, never by itself a risk.

An input that declares ``support`` is a functional difficulty (its first option means "no difficulty",
``support`` names the boolean "is the help it needs provided?"); an input with ``status: true`` is a status
such as a disability. A rule may read them freely, except to reach a *concern* direction (deviant, risk
group): on that path a branch that requires a difficulty must also require its support to be missing, and
no branch may require a status. Everything is read from the KB's data: the inputs' declarations, the
rules' conditions (as DNF branches over representative values) and the fact graph between rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from expert.kbtools.findings import Finding
from expert.rules.conditions import FactIs, FactNot, ScoreCmp, walk

if TYPE_CHECKING:
    from expert.kbtools.checks import Context
    from expert.kbtools.logic import Branch


def concern_directions(ctx: Context) -> set[str]:
    """Directions that are not the fallback: some rule derives them without negating every other direction
    (the well-off direction is reached only when the others are not; deviant and risk group are not)."""
    directions = {c for c, d in ctx.kb.conclusions.items() if d.kind == "direction"}
    out = set()
    for d in sorted(directions):
        others = directions - {d}
        for rule in ctx.kb.rules_deriving(d):
            branches = ctx.dnfs.get(rule.id) or []
            if any(not others <= {lit.fact for lit in b if isinstance(lit, FactNot)} for b in branches):
                out.add(d)
                break
    return out


def leading_to(ctx: Context, targets: set[str]) -> dict[str, str]:
    """Every conclusion or score from which a chain of positive premises reaches one of ``targets``,
    mapped to the target it reaches."""
    graph = nx.DiGraph()
    for rule in ctx.kb.rules:
        for node in walk(rule.condition):
            premise = node.fact if isinstance(node, FactIs) else (
                f"score:{node.score}" if isinstance(node, ScoreCmp) else None)
            if premise:
                graph.add_edges_from((premise, c) for c in rule.then)
    for score in ctx.kb.scores.values():
        for term in score.terms:
            graph.add_edges_from((n.fact, f"score:{score.id}") for n in walk(term.condition) if isinstance(n, FactIs))
    out: dict[str, str] = {}
    for target in sorted(targets):
        out.setdefault(target, target)
        if target in graph:
            for node in sorted(nx.ancestors(graph, target)):
                out.setdefault(node, target)
    return out


def _offending_input(ctx: Context, branch: Branch) -> tuple[str, str | None] | None:
    """(input, its support input or None for a status) that the branch requires without an unmet support."""
    sets = ctx.logic.input_sets(branch)
    for input_id in sorted(sets):
        inp = ctx.kb.inputs[input_id]
        allowed = sets[input_id]
        if inp.status and allowed == frozenset([True]):
            return input_id, None
        requires_difficulty = inp.support and allowed and inp.option_ids()[0] not in allowed
        if requires_difficulty and sets.get(inp.support) != frozenset([False]):
            return input_id, inp.support
    return None


def check_difficulty_as_risk(ctx: Context) -> list[Finding]:
    """KB070: a rule on the way to a concern direction that reads a difficulty without its unmet support,
    or a status, as a reason."""
    leads = leading_to(ctx, concern_directions(ctx))
    out = []
    for rule in ctx.kb.rules:
        reached = [c for c in rule.then if c in leads]
        if not reached or rule.id not in ctx.live:
            continue
        for branch in ctx.dnfs.get(rule.id) or []:
            if ctx.logic.contradiction(branch) is not None:
                continue
            hit = _offending_input(ctx, branch)
            if hit is None:
                continue
            input_id, support = hit
            out.append(ctx.finding("KB070", "rule", rule.id, rule=rule.id, conclusion=reached[0],
                                   direction=leads[reached[0]], input=input_id,
                                   support=f" ({support} = no)" if support else ""))
            break
    return out
