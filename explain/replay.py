"""A fast two-valued re-run of the KB for what-if search: the engine's semantics without experta.

It mirrors the compiled engine: conditions in negation normal form, a comparison on an unknown answer
never matches (neither does its complement), ``not fact`` means "not derived" and is only read after the
fact's stratum, a score is the sum of the weights of its matching terms. The what-if search runs it
thousands of times; every suggestion it reports is then checked with the real engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, ScoreCmp, compare, nnf
from expert.rules.kb import KnowledgeBase

Check = Callable[[dict[str, Any], set[str], dict[str, float]], bool]


def _compile(cond: Condition) -> Check:
    if isinstance(cond, Cmp):
        name, op, expected = cond.input, cond.op, cond.value

        def cmp(values: dict[str, Any], facts: set[str], scores: dict[str, float]) -> bool:
            if name not in values:
                return False
            try:
                return compare(op, values[name], expected)
            except TypeError:
                return False
        return cmp
    if isinstance(cond, ScoreCmp):
        score, op, expected = cond.score, cond.op, cond.value
        return lambda values, facts, scores: score in scores and compare(op, scores[score], expected)
    if isinstance(cond, FactIs):
        fact = cond.fact
        return lambda values, facts, scores: fact in facts
    if isinstance(cond, FactNot):
        fact = cond.fact
        return lambda values, facts, scores: fact not in facts
    if isinstance(cond, All):
        parts = [_compile(c) for c in cond.items]
        return lambda values, facts, scores: all(p(values, facts, scores) for p in parts)
    if isinstance(cond, AnyOf):
        parts = [_compile(c) for c in cond.items]
        return lambda values, facts, scores: any(p(values, facts, scores) for p in parts)
    if isinstance(cond, AtLeast):
        parts, n = [_compile(c) for c in cond.items], cond.n
        return lambda values, facts, scores: sum(1 for p in parts if p(values, facts, scores)) >= n
    raise TypeError(cond)


class Replay:
    """Derived conclusions of a KB for a dict of known answers, as the engine would derive them."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
        strata: dict[int, list] = {}
        for step in kb.steps:
            strata.setdefault(step.stratum, []).append(step)
        self.strata = []
        for stratum in sorted(strata):
            compiled = []
            for step in strata[stratum]:
                check = _compile(nnf(step.condition)) if step.condition is not None else None
                weight = kb.scores[step.score].terms[step.term].weight if step.kind == "term" else 0.0
                then = tuple(step.rule.then) if step.kind == "rule" else ()
                compiled.append((step.kind, step.key, step.score, check, weight, then))
            self.strata.append(compiled)

    def derive(self, values: dict[str, Any]) -> tuple[set[str], dict[str, float]]:
        facts: set[str] = set()
        scores: dict[str, float] = {}
        terms: dict[str, float] = {}
        for steps in self.strata:
            changed = True
            while changed:
                changed = False
                for kind, key, score, check, weight, then in steps:
                    if kind == "total":
                        if score not in scores:
                            scores[score] = sum(w for k, w in terms.items() if k.split("#", 1)[0] == score)
                            changed = True
                    elif kind == "term":
                        if key not in terms and check(values, facts, scores):
                            terms[key] = weight
                            changed = True
                    elif not all(c in facts for c in then) and check(values, facts, scores):
                        facts.update(then)
                        changed = True
        return facts, scores

    def direction(self, values: dict[str, Any]) -> str | None:
        facts, _ = self.derive(values)
        return next((d for d in self.directions if d in facts), None)
