"""Three-valued (Kleene) evaluation of the KB over a profile with unknown answers.

The engine derives what holds on what is known. This analysis says, for every conclusion and rule,
whether it is settled TRUE, settled FALSE, or still UNKNOWN — could change when an unknown answer is
given. A conclusion the engine derived whose status is UNKNOWN is *provisional*; the unknown answers
under an UNKNOWN status are what to clarify (the diagnostic function of §20).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from expert.rules.conditions import (
    All,
    AnyOf,
    AtLeast,
    Cmp,
    Condition,
    FactIs,
    FactNot,
    Not,
    ScoreCmp,
    compare,
)
from expert.rules.kb import KnowledgeBase


class Tri(Enum):
    FALSE = 0
    UNKNOWN = 1
    TRUE = 2

    def __invert__(self) -> Tri:
        return Tri(2 - self.value)

    @property
    def mark(self) -> str:
        """How explanations show it: ✓ holds, ✗ does not, ? not known yet."""
        return "✗?✓"[self.value]


@dataclass
class Status:
    facts: dict[str, Tri] = field(default_factory=dict)
    steps: dict[str, Tri] = field(default_factory=dict)
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)


def _cmp_interval(op: str, lo: float, hi: float, value: float) -> Tri:
    if op in ("=", "!="):
        inside = lo <= value <= hi
        if lo == hi:
            return Tri.TRUE if compare(op, lo, value) else Tri.FALSE
        if op == "=":
            return Tri.UNKNOWN if inside else Tri.FALSE
        return Tri.UNKNOWN if inside else Tri.TRUE
    at_lo, at_hi = compare(op, lo, value), compare(op, hi, value)
    if at_lo and at_hi:
        return Tri.TRUE
    if not at_lo and not at_hi:
        return Tri.FALSE
    return Tri.UNKNOWN


def evaluate(cond: Condition, values: dict[str, Any], status: Status) -> Tri:
    if isinstance(cond, Cmp):
        if cond.input not in values:
            return Tri.UNKNOWN
        return Tri.TRUE if compare(cond.op, values[cond.input], cond.value) else Tri.FALSE
    if isinstance(cond, ScoreCmp):
        lo, hi = status.scores.get(cond.score, (0, 0))
        return _cmp_interval(cond.op, lo, hi, cond.value)
    if isinstance(cond, FactIs):
        return status.facts.get(cond.fact, Tri.FALSE)
    if isinstance(cond, FactNot):
        return ~status.facts.get(cond.fact, Tri.FALSE)
    if isinstance(cond, Not):
        return ~evaluate(cond.item, values, status)
    if isinstance(cond, All):
        return min((evaluate(c, values, status) for c in cond.items), key=lambda t: t.value, default=Tri.TRUE)
    if isinstance(cond, AnyOf):
        return max((evaluate(c, values, status) for c in cond.items), key=lambda t: t.value, default=Tri.FALSE)
    if isinstance(cond, AtLeast):
        results = [evaluate(c, values, status) for c in cond.items]
        true, unknown = results.count(Tri.TRUE), results.count(Tri.UNKNOWN)
        if true >= cond.n:
            return Tri.TRUE
        return Tri.UNKNOWN if true + unknown >= cond.n else Tri.FALSE
    raise TypeError(cond)


_NOTHING_DERIVED = Status()


def true_on_known(cond: Condition, values: Any) -> bool:
    """Whether a condition on answers only holds on what is known (the engine's reading of it)."""
    return evaluate(cond, values, _NOTHING_DERIVED) is Tri.TRUE


def supporting_inputs(cond: Condition, values: Any) -> list[str]:
    """The answers that make a condition true: for ``any``/``at_least`` only the items that hold."""
    out: list[str] = []

    def visit(c: Condition) -> None:
        if isinstance(c, Cmp):
            if c.input in values and compare(c.op, values[c.input], c.value):
                out.append(c.input)
        elif isinstance(c, All):
            for item in c.items:
                visit(item)
        elif isinstance(c, AnyOf | AtLeast):
            for item in c.items:
                if evaluate(item, values, _NOTHING_DERIVED) is Tri.TRUE:
                    visit(item)
        elif isinstance(c, Not):
            visit(c.item)

    visit(cond)
    return list(dict.fromkeys(out))


def analyse(kb: KnowledgeBase, values: dict[str, Any]) -> Status:
    """Statuses of every step and conclusion, stratum by stratum (fixpoint inside a stratum)."""
    status = Status()
    by_stratum: dict[int, list] = {}
    for step in kb.steps:
        by_stratum.setdefault(step.stratum, []).append(step)
    for stratum in sorted(by_stratum):
        steps = by_stratum[stratum]
        changed = True
        while changed:
            changed = False
            for step in steps:
                if step.kind == "total":
                    score = kb.scores[step.score]
                    lo = hi = 0.0
                    for j, term in enumerate(score.terms):
                        t = status.steps.get(f"{step.score}#{j + 1}", Tri.FALSE)
                        if t is Tri.TRUE:
                            lo, hi = lo + term.weight, hi + term.weight
                        elif t is Tri.UNKNOWN:
                            lo, hi = lo + min(0, term.weight), hi + max(0, term.weight)
                    new = Tri.TRUE
                    if status.scores.get(step.score) != (lo, hi):
                        status.scores[step.score] = (lo, hi)
                        changed = True
                else:
                    new = evaluate(step.condition, values, status)
                if status.steps.get(step.key) != new:
                    status.steps[step.key] = new
                    changed = True
                if step.kind == "rule":
                    for c in step.rule.then:
                        old = status.facts.get(c, Tri.FALSE)
                        if new.value > old.value:
                            status.facts[c] = new
                            changed = True
    return status


def unsettled_inputs(kb: KnowledgeBase, values: dict[str, Any], status: Status, goals: list[str]) -> list[str]:
    """Unknown inputs whose answers could change the status of ``goals`` (conclusion ids), in KB order."""
    found: set[str] = set()
    seen_facts: set[str] = set()
    seen_scores: set[str] = set()

    def visit_cond(cond: Condition) -> None:
        if evaluate(cond, values, status) is not Tri.UNKNOWN:
            return
        if isinstance(cond, Cmp):
            found.add(cond.input)
        elif isinstance(cond, FactIs | FactNot):
            visit_fact(cond.fact)
        elif isinstance(cond, ScoreCmp):
            if cond.score not in seen_scores:
                seen_scores.add(cond.score)
                for term in kb.scores[cond.score].terms:
                    visit_cond(term.condition)
        elif isinstance(cond, Not):
            visit_cond(cond.item)
        elif isinstance(cond, All | AnyOf | AtLeast):
            for c in cond.items:
                visit_cond(c)

    def visit_fact(fact: str) -> None:
        if fact in seen_facts:
            return
        seen_facts.add(fact)
        for rule in kb.rules_deriving(fact):
            visit_cond(rule.condition)

    for goal in goals:
        if status.facts.get(goal, Tri.FALSE) is Tri.UNKNOWN:
            visit_fact(goal)
    return [i for i in kb.inputs if i in found]
