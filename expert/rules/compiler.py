"""Compile a loaded KB into an experta ``KnowledgeEngine`` subclass (built once per KB).

Conditions become experta patterns: an input comparison is ``Input(id=..., value=P(pred))`` (unknown
answers are never declared, so no comparison on them can match), a derived fact is ``Derived(id=...)``,
negation of a derived fact is ``NOT(Derived(...))``, ``all``/``any`` are ``AND``/``OR`` and ``at_least``
is the ``OR`` of its combinations. Salience is minus the stratum, so negation and score totals only
fire after everything below them; ties are broken by KB order, never by hashing.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from expert.errors import UserError
from expert.experta_compat import AND, NOT, OR, DepthStrategy, InitialFact, KnowledgeEngine, P, Rule
from expert.facts.facts import Derived, Input, Score, ScoreTerm
from expert.rules.conditions import (
    All,
    AnyOf,
    AtLeast,
    Cmp,
    Condition,
    FactIs,
    FactNot,
    ScoreCmp,
    facts_of,
    nnf,
    predicate,
)
from expert.rules.kb import EngineStep, KnowledgeBase

MAX_COMBINATIONS = 64


class KBOrderStrategy(DepthStrategy):
    """Depth strategy with a deterministic tie-break: salience, then KB order, then newest facts."""

    def get_key(self, activation):  # type: ignore[override]
        order = getattr(activation.rule._wrapped, "kb_order", 0)
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (activation.rule.salience, -order, facts)


def to_pattern(cond: Condition, where: str) -> Any:
    """An NNF condition as an experta conditional element."""
    if isinstance(cond, Cmp):
        return Input(id=cond.input, value=P(predicate(cond.op, cond.value)))
    if isinstance(cond, ScoreCmp):
        return Score(id=cond.score, value=P(predicate(cond.op, cond.value)))
    if isinstance(cond, FactIs):
        return Derived(id=cond.fact)
    if isinstance(cond, FactNot):
        return NOT(Derived(id=cond.fact))
    if isinstance(cond, All):
        return AND(*(to_pattern(c, where) for c in cond.items)) if cond.items else InitialFact()
    if isinstance(cond, AnyOf):
        return OR(*(to_pattern(c, where) for c in cond.items))
    if isinstance(cond, AtLeast):
        combos = list(combinations(cond.items, cond.n))
        if len(combos) > MAX_COMBINATIONS:
            raise UserError.single(where, f"'at_least {cond.n}' of {len(cond.items)} conditions expands to "
                                          f"{len(combos)} combinations (max {MAX_COMBINATIONS}); use a score")
        return OR(*(AND(*(to_pattern(c, where) for c in combo)) for combo in combos))
    raise TypeError(cond)


def _negated(step: EngineStep) -> list[str]:
    if step.condition is None:
        return []
    return [fact for fact, negated in facts_of(step.condition) if negated]


def _action(step: EngineStep, kb: KnowledgeBase):
    if step.kind == "rule":
        conclusions = tuple(step.rule.then)  # type: ignore[union-attr]

        def fire(engine):
            derived = [engine.declare(Derived(id=c)) for c in conclusions]
            engine.record(step, [f for f in derived if f is not None])
    elif step.kind == "term":
        def fire(engine):
            engine.record(step, [f for f in [engine.declare(ScoreTerm(score=step.score, term=step.term))] if f])
    else:
        terms = kb.scores[step.score].terms  # type: ignore[index]

        def fire(engine):
            parts = [f for f in engine.facts.values() if isinstance(f, ScoreTerm) and f["score"] == step.score]
            total = sum(terms[f["term"]].weight for f in parts)
            total = int(total) if float(total).is_integer() else round(total, 6)
            engine.record(step, [engine.declare(Score(id=step.score, value=total))], premises=parts)
    fire.kb_order = step.order  # read by KBOrderStrategy
    fire.__name__ = step.key
    return fire


class TracingEngine(KnowledgeEngine):
    """Records every firing: the step, the facts it matched, the facts it derived."""

    __strategy__ = KBOrderStrategy
    negated: dict[str, list[str]] = {}  # step key -> conclusions its condition negates

    def reset(self, **kwargs):
        super().reset(**kwargs)
        self.trace: list[tuple[EngineStep, list, list]] = []
        get_next = self.agenda.get_next

        def get_next_recording():
            activation = get_next()
            self.current = activation
            return activation

        self.agenda.get_next = get_next_recording

    def record(self, step: EngineStep, derived: list, premises: list | None = None) -> None:
        if premises is None:
            premises = [f for f in self.current.facts if not isinstance(f, InitialFact)]
        present = {f["id"] for f in self.facts.values() if isinstance(f, Derived)}
        absent = [c for c in self.negated[step.key] if c not in present]
        self.trace.append((step, sorted(premises, key=lambda f: f["__factid__"]), derived, absent))

    def get_deffacts(self):
        # experta inspects every class member on each reset; the list never changes, so cache it.
        cached = self.__dict__.get("_deffacts_cache")
        if cached is None:
            cached = self.__dict__["_deffacts_cache"] = super().get_deffacts()
        return cached


def build_engine_class(kb: KnowledgeBase) -> type[TracingEngine]:
    """A new engine class whose rules are the KB's steps (experta needs rules as class attributes)."""
    namespace: dict[str, Any] = {"negated": {step.key: _negated(step) for step in kb.steps}}
    for step in kb.steps:
        where = str(kb.where.get(("rule", step.key)) or kb.where.get(("score", step.score or "")) or kb.root)
        if step.condition is None:
            lhs = InitialFact()
        else:
            lhs = AND(InitialFact(), to_pattern(nnf(step.condition), where))
        namespace[f"step_{step.order:05d}"] = Rule(lhs, salience=-step.stratum)(_action(step, kb))
    return type("CompiledKnowledgeEngine", (TracingEngine,), namespace)
