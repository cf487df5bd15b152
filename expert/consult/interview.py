"""Choosing the next question from the knowledge base: ask only what can still change a conclusion.

With the answers so far (everything unasked is unknown), the three-valued status from ``expert.evaluator``
says which conclusions are still open. An unasked input is worth a question iff it appears, through
still-undecided conditions, under an open conclusion of the current phase:

1. the urgent flags (danger signals first),
2. the directions of support,
3. every other conclusion (functions, measures, specialists, route, targets, review ...).

A later phase starts only when nothing can change the goals of the earlier ones. The last phase covers
*every* conclusion, so an input that is never asked cannot change any conclusion: the recommendation from
the answers given equals the classification of the full profile.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from expert.engine import Classifier
from expert.evaluator import Status, Tri
from expert.facts.profile import Profile, apply_screens
from expert.result import Result
from expert.rules.conditions import facts_of, inputs_of, scores_of
from expert.rules.kb import Rule

PHASES = ("flag", "direction", "other")


@dataclass
class Answer:
    input: str
    value: Any  # canonical value, or None for «не знаю»
    source: str = "typed"  # "typed" | "file" (from --answers)


@dataclass
class WhyLink:
    """One level of a WHY chain: ``rule`` reads ``reads`` (an input or a conclusion), maybe via a score."""

    rule: Rule
    reads: str
    score: str | None
    leads_to: str


@dataclass
class Interview:
    classifier: Classifier
    answers: list[Answer] = field(default_factory=list)
    strategy: str = "order"  # "order" or "impact"; see next_question

    def __post_init__(self) -> None:
        kb = self.classifier.kb
        self.kb = kb
        self._input_order = {i: n for n, i in enumerate(kb.inputs)}
        self._goals = {
            "flag": [c for c, d in kb.conclusions.items() if d.kind == "flag"],
            "direction": [c for c, d in kb.conclusions.items() if d.kind == "direction"],
            "other": list(kb.conclusions),
        }
        self._step_inputs = {s.key: set(inputs_of(s.condition)) for s in kb.steps if s.condition is not None}
        self._readers = self._reader_graph()
        self._cache: tuple[tuple, Status] | None = None

    # --- state -----------------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        return apply_screens(self.kb, {a.input: a.value for a in self.answers if a.value is not None})

    @property
    def asked(self) -> set[str]:
        return {a.input for a in self.answers}

    def answer(self, input_id: str, value: Any, source: str = "typed") -> None:
        self.answers.append(Answer(input_id, value, source))

    def undo(self) -> Answer | None:
        return self.answers.pop() if self.answers else None

    def status(self) -> Status:
        key = tuple((a.input, a.value) for a in self.answers)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self.classifier.evaluator.run([self.values]).row_status(0))
        return self._cache[1]

    # --- what to ask --------------------------------------------------------------------------------

    def _unsettled(self, values: dict[str, Any], status: Status, goals: list[str]) -> list[str]:
        return status.unsettled(goals) if goals else []

    def open_goals(self, phase: str, status: Status | None = None) -> list[str]:
        status = status or self.status()
        return [g for g in self._goals[phase] if status.facts.get(g, Tri.FALSE) is Tri.UNKNOWN]

    def candidates(self) -> tuple[str | None, list[str]]:
        """The current phase and the unasked inputs that could still change one of its goals."""
        status = self.status()
        values, asked = self.values, self.asked
        for phase in PHASES:
            goals = self.open_goals(phase, status)
            found = [i for i in self._unsettled(values, status, goals) if i not in asked]
            if found:
                # a screening question comes first when it could answer some of them at once
                screens = [s for s, implied in self.kb.screens.items()
                           if s not in asked and any(i in implied for i in found)]
                return phase, sorted([*screens, *found], key=self._input_order.__getitem__)
        return None, []

    def next_question(self) -> tuple[str | None, str | None]:
        """(phase, input id) of the next question, or (None, None) when nothing left can change a conclusion.

        "order" (default): the first candidate in vocabulary order, which the KB groups as an interview (danger
        signals, behaviour, family, school, ...; a difficulty is followed by its follow-up question).
        "impact": the candidate read by the most still-undecided rules and score terms, ties in vocabulary
        order. Over the reference cases "order" asks slightly fewer questions and settles the direction sooner
        (benchmarks/bench_consult.py prints both).
        """
        phase, found = self.candidates()
        if not found:
            return None, None
        if self.strategy == "order":
            return phase, found[0]
        status = self.status()
        open_steps = [k for k, t in status.steps.items() if t is Tri.UNKNOWN and k in self._step_inputs]
        weight = {i: 0 for i in found}
        for key in open_steps:
            for i in self._step_inputs[key]:
                if i in weight:
                    weight[i] += 1
        return phase, min(found, key=lambda i: (-weight[i], self._input_order[i]))

    def remaining(self) -> int:
        """An upper bound on the questions left: every unasked input under any open conclusion."""
        status = self.status()
        goals = self.open_goals("other", status)
        return len([i for i in self._unsettled(self.values, status, goals) if i not in self.asked])

    # --- results ------------------------------------------------------------------------------------

    def result(self, student_id: str) -> Result:
        return self.classifier.classify(Profile(student_id, self.values))

    def flags_raised(self) -> list[str]:
        status = self.status()
        return [g for g in self._goals["flag"] if status.facts.get(g) is Tri.TRUE]

    def flags_open_on(self, input_id: str) -> list[str]:
        """The urgent flags still open whose establishing could hang on this (unknown) answer."""
        status = self.status()
        return [g for g in self.open_goals("flag", status) if input_id in self._unsettled(self.values, status, [g])]

    # --- WHY: the chain of goals above a question -----------------------------------------------------

    def _reader_graph(self) -> dict[str, list[tuple[str, str | None]]]:
        """node -> [(rule id, via score)] of the rules that read it; nodes are "in:ID" and "fact:ID"."""
        readers: dict[str, list[tuple[str, str | None]]] = {}
        score_readers: dict[str, list[str]] = {}
        for rule in self.kb.rules:
            for s in scores_of(rule.condition):
                score_readers.setdefault(s, []).append(rule.id)
            for i in inputs_of(rule.condition):
                readers.setdefault(f"in:{i}", []).append((rule.id, None))
            for f, _negated in facts_of(rule.condition):
                readers.setdefault(f"fact:{f}", []).append((rule.id, None))
        for score in self.kb.scores.values():
            for term in score.terms:
                nodes = [f"in:{i}" for i in inputs_of(term.condition)]
                nodes += [f"fact:{f}" for f, _ in facts_of(term.condition)]
                for node in nodes:
                    for rule_id in score_readers.get(score.id, []):
                        if (rule_id, score.id) not in readers.setdefault(node, []):
                            readers[node].append((rule_id, score.id))
        return readers

    def why_chain(self, input_id: str, phase: str | None) -> list[WhyLink]:
        """The shortest chain of still-undecided rules from this input up to an open goal of the phase.

        Breadth-first over rules in KB order, so the chain is the same on every run.
        """
        status = self.status()
        goals = set(self.open_goals(phase or "other", status)) or set(self.open_goals("other", status))
        start = f"in:{input_id}"
        parent: dict[str, tuple[str, WhyLink] | None] = {start: None}
        queue = deque([start])
        end: str | None = None
        while queue and end is None:
            node = queue.popleft()
            for rule_id, via in self._readers.get(node, []):
                rule = self.kb.rule(rule_id)
                if status.steps.get(rule_id) is not Tri.UNKNOWN:
                    continue
                reads = node.split(":", 1)[1]
                for fact in rule.then:
                    nxt = f"fact:{fact}"
                    if nxt in parent or status.facts.get(fact) is not Tri.UNKNOWN:
                        continue
                    parent[nxt] = (node, WhyLink(rule, reads, via, fact))
                    if fact in goals:
                        end = nxt
                        break
                    queue.append(nxt)
                if end:
                    break
        if end is None:
            return []
        chain: list[WhyLink] = []
        node = end
        while parent[node] is not None:
            prev, link = parent[node]  # type: ignore[misc]
            chain.append(link)
            node = prev
        return chain[::-1]
