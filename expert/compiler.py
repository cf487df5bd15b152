"""Compile a loaded KB into an experta ``KnowledgeEngine`` subclass (built once per KB).

The student's known answers are one ``Student`` fact. A part of a condition that reads only answers
becomes one ``TEST`` on that fact (one node instead of a join per answer: experta's Rete copies a token
for every join, which made a fact-per-answer design ~50 ms a student). Derived facts stay patterns:
``Derived(id=...)``, negation as failure ``NOT(Derived(...))``, scores ``Score(id=..., value=P(pred))``;
``all``/``any`` over them are ``AND``/``OR`` and ``at_least`` the ``OR`` of its combinations. Salience
is minus the stratum, so negation and score totals fire only after everything below them; ties are
broken by KB order, never by hashing.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from expert.errors import UserError
from expert.experta_compat import (
    AND,
    AS,
    NOT,
    OR,
    TEST,
    DepthStrategy,
    FastReteMatcher,
    InitialFact,
    KnowledgeEngine,
    P,
    Rule,
)
from expert.facts.facts import Derived, Score, ScoreTerm, Student
from expert.rules.conditions import (
    All,
    AnyOf,
    AtLeast,
    Condition,
    FactIs,
    FactNot,
    ScoreCmp,
    facts_of,
    holds_on_known,
    nnf,
    predicate,
    supporting_inputs,
    walk,
)
from expert.rules.kb import EngineStep, KnowledgeBase
from expert.rules.plan import round_total

MAX_COMBINATIONS = 64


class KBOrderStrategy(DepthStrategy):
    """Depth strategy with a deterministic tie-break: salience, then KB order, then newest facts."""

    def get_key(self, activation):  # type: ignore[override]
        order = getattr(activation.rule._wrapped, "kb_order", 0)
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (activation.rule.salience, -order, facts)


def answers_only(cond: Condition) -> bool:
    return not any(isinstance(c, FactIs | FactNot | ScoreCmp) for c in walk(cond))


def _test(cond: Condition) -> Any:
    def holds(student) -> bool:
        return holds_on_known(cond, student)

    return TEST(holds)


def to_pattern(cond: Condition, where: str) -> Any:
    """An NNF condition as an experta conditional element (``student`` is bound by the caller)."""
    if answers_only(cond):
        return _test(cond)
    if isinstance(cond, FactIs):
        return Derived(id=cond.fact)
    if isinstance(cond, FactNot):
        return NOT(Derived(id=cond.fact))
    if isinstance(cond, ScoreCmp):
        return Score(id=cond.score, value=P(predicate(cond.op, cond.value)))
    if isinstance(cond, All | AnyOf):
        plain = [c for c in cond.items if answers_only(c)]
        rest = [to_pattern(c, where) for c in cond.items if not answers_only(c)]
        if plain:  # all answer-only items together make one TEST
            rest.insert(0, _test(type(cond)(tuple(plain))))
        return AND(*rest) if isinstance(cond, All) else OR(*rest)
    if isinstance(cond, AtLeast):
        combos = list(combinations(cond.items, cond.n))
        if len(combos) > MAX_COMBINATIONS:
            raise UserError.single(where, f"'at_least {cond.n}' of {len(cond.items)} conditions expands to "
                                          f"{len(combos)} combinations (max {MAX_COMBINATIONS}); use a score")
        return OR(*(to_pattern(All(combo), where) for combo in combos))
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
            term = engine.declare(ScoreTerm(score=step.score, term=step.term))
            engine.record(step, [term] if term is not None else [])
    else:
        terms = kb.scores[step.score].terms  # type: ignore[index]

        def fire(engine):
            parts = [f for f in engine.facts.values()
                     if isinstance(f, ScoreTerm) and f["score"] == step.score]
            total = round_total(sum(terms[f["term"]].weight for f in parts))
            engine.record(step, [engine.declare(Score(id=step.score, value=total))], premises=parts)
    fire.kb_order = step.order  # read by KBOrderStrategy
    fire.__name__ = step.key
    return fire


class TracingEngine(KnowledgeEngine):
    """Records every firing: the step, the facts it matched, the facts it derived, what it required absent."""

    __strategy__ = KBOrderStrategy
    __matcher__ = FastReteMatcher
    negated: dict[str, list[str]] = {}  # step key -> conclusions its condition negates
    conditions: dict[str, Condition] = {}  # step key -> its condition in negation normal form

    def reset(self, **kwargs):
        super().reset(**kwargs)
        self.trace: list[tuple[EngineStep, list, list, list]] = []
        self.student: Student | None = None
        self.present: set[str] = set()
        get_next = self.agenda.get_next

        def get_next_recording():
            activation = get_next()
            self.current = activation
            return activation

        self.agenda.get_next = get_next_recording

    def record(self, step: EngineStep, derived: list, premises: list | None = None) -> None:
        """Premises: the answers that made the condition true (vocabulary order), then matched facts."""
        if premises is None:
            premises = sorted((f for f in self.current.facts if not isinstance(f, InitialFact | Student)),
                              key=lambda f: f["__factid__"])
            cond = self.conditions.get(step.key)
            if cond is not None and self.student is not None:
                premises = [("input", i) for i in supporting_inputs(cond, self.student)] + premises
        absent = [c for c in self.negated[step.key] if c not in self.present]
        self.present.update(f["id"] for f in derived if isinstance(f, Derived))
        self.trace.append((step, premises, derived, absent))

    def get_deffacts(self):
        # experta inspects every class member on each reset; the list never changes, so cache it.
        cached = self.__dict__.get("_deffacts_cache")
        if cached is None:
            cached = self.__dict__["_deffacts_cache"] = super().get_deffacts()
        return cached


def build_engine_class(kb: KnowledgeBase) -> type[TracingEngine]:
    """A new engine class whose rules are the KB's steps (experta needs rules as class attributes)."""
    namespace: dict[str, Any] = {
        "negated": {step.key: _negated(step) for step in kb.steps},
        "conditions": {step.key: nnf(step.condition) for step in kb.steps if step.condition is not None},
    }
    for step in kb.steps:
        where = str(kb.where.get(("rule", step.key)) or kb.where.get(("score", step.score or "")) or kb.root)
        if step.condition is None:
            lhs = InitialFact()
        else:
            lhs = AND(AS.student << Student(), to_pattern(nnf(step.condition), where))
        namespace[f"step_{step.order:05d}"] = Rule(lhs, salience=-step.stratum)(_action(step, kb))
    return type("CompiledKnowledgeEngine", (TracingEngine,), namespace)
