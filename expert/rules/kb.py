"""The loaded knowledge base: validated, cross-referenced, stratified. Pure data, no engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expert.rules.conditions import Condition, facts_of, inputs_of, scores_of
from expert.rules.schema import ConclusionDef, Group, InputDef, ParameterDef, PracticeDef, RuleDef, ScoreDef, Text


@dataclass(frozen=True)
class Where:
    path: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class ScoreTerm:
    condition: Condition
    weight: float
    weight_param: str | None


@dataclass
class Score:
    definition: ScoreDef
    terms: list[ScoreTerm]

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass
class Rule:
    """A rule of the KB with its parsed condition and its stratum (evaluation layer)."""

    definition: RuleDef
    condition: Condition
    order: int
    where: Where
    stratum: int = 0

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def then(self) -> list[str]:
        return self.definition.then


@dataclass(frozen=True)
class EngineStep:
    """One unit the engine fires: a KB rule, a score term, or a score total.

    ``key`` is what the trace calls it: the rule id, ``score_id#N`` for term N, ``score_id`` for a total.
    """

    key: str
    kind: str  # "rule" | "term" | "total"
    order: int
    stratum: int
    condition: Condition | None
    rule: Rule | None = None
    score: str | None = None
    term: int | None = None


@dataclass
class KnowledgeBase:
    root: Path
    groups: dict[str, Group]
    inputs: dict[str, InputDef]
    conclusions: dict[str, ConclusionDef]
    parameters: dict[str, ParameterDef]
    scores: dict[str, Score]
    rules: list[Rule]
    steps: list[EngineStep] = field(default_factory=list)
    review_days: dict[str, int] = field(default_factory=dict)
    # screening input -> the answers its «нет» implies (canonical values), e.g. «no family difficulties»
    screens: dict[str, dict[str, Any]] = field(default_factory=dict)  # review conclusion -> days until the review
    where: dict[tuple[str, str], Where] = field(default_factory=dict)
    paragraphs: dict[int, Text] = field(default_factory=dict)  # § -> what it says, in our words (sources.yaml)
    practices: dict[str, PracticeDef] = field(default_factory=dict)  # practice id -> its title (sources.yaml)

    @property
    def plan(self):  # -> expert.rules.plan.Plan, built on first use and kept
        plan = self.__dict__.get("_plan")
        if plan is None or plan[0] != len(self.steps):
            from expert.rules.plan import build_plan  # the plan module builds on this one

            plan = self.__dict__["_plan"] = (len(self.steps), build_plan(self))
        return plan[1]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def rules_deriving(self, conclusion_id: str) -> list[Rule]:
        index = self.__dict__.get("_deriving")
        if index is None or len(self.rules) != index[0]:
            by_conclusion: dict[str, list[Rule]] = {}
            for r in self.rules:
                for c in r.then:
                    by_conclusion.setdefault(c, []).append(r)
            index = self.__dict__["_deriving"] = (len(self.rules), by_conclusion)
        return index[1].get(conclusion_id, [])

    def inputs_reaching(self, goals: list[str], settled: frozenset[str] = frozenset()) -> list[str]:
        """Inputs whose answer can influence any of ``goals`` (through rules, facts and scores), KB order.

        Facts in ``settled`` (known not to hold, say) are not followed: what lies beneath them cannot matter.
        """
        found: set[str] = set()
        seen_facts: set[str] = set(settled) - set(goals)
        seen_scores: set[str] = set()
        todo = list(goals)
        while todo:
            fact = todo.pop()
            if fact in seen_facts:
                continue
            seen_facts.add(fact)
            conditions = [r.condition for r in self.rules_deriving(fact)]
            while conditions:
                cond = conditions.pop()
                found.update(inputs_of(cond))
                todo.extend(f for f, _negated in facts_of(cond))
                for score in scores_of(cond):
                    if score not in seen_scores:
                        seen_scores.add(score)
                        conditions.extend(t.condition for t in self.scores[score].terms)
        return [i for i in self.inputs if i in found]

    def kind_of(self, conclusion_id: str) -> str:
        return self.conclusions[conclusion_id].kind
