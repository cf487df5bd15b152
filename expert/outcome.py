"""A classification's Result from one evaluation: the same fields for one student and for a roster's rows.

The derived facts and score totals come from the engine pass (for one student, ``expert classify``
passes the experta engine's own, with its trace; tests prove both agree). Whether a conclusion is
settled, what else is possible and what to clarify come from the status pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from expert.evaluator import Evaluation
from expert.facts.profile import Profile
from expert.result import Firing, Result
from expert.rules.kb import KnowledgeBase
from expert.urgency import urgent_flags

FALSE, UNKNOWN, TRUE = 0, 1, 2


class Outcomes:
    """What every row of an evaluation needs, computed for the whole batch at once."""

    def __init__(self, kb: KnowledgeBase, evaluation: Evaluation):
        self.kb = kb
        self.evaluation = evaluation
        self.facts = list(kb.conclusions)
        self.index = {c: i for i, c in enumerate(self.facts)}
        self.inputs = list(kb.inputs)
        self.kind_of = {c: kb.conclusions[c].kind for c in self.facts}
        self.directions = [c for c in self.facts if kb.conclusions[c].kind == "direction"]
        self.states = evaluation.fact_states().T              # [rows, facts]
        self.derived = evaluation.engine.fact_t.T              # [rows, facts]
        self.clarify = evaluation.unsettled(self.directions).T  # [rows, inputs]
        direction_rows = [self.facts.index(d) for d in self.directions]
        self.open_direction = ((self.states[:, direction_rows] == UNKNOWN).any(axis=1) if direction_rows else (
            np.zeros(evaluation.n, dtype=bool))).tolist()

    def rules(self) -> list[list[str]]:  # computed for the whole batch on first use
        cached = self.__dict__.get("_rules")
        if cached is None:
            cached = self.__dict__["_rules"] = self._rules()
        return cached

    def _rules(self) -> list[list[str]]:
        """For every row, the KB rules its direction rests on (KB order): every fired rule that concluded
        it, down through the facts and scores their true branches read (the chain the graph draws)."""
        kb, evaluation = self.kb, self.evaluation
        goals = np.zeros((len(self.facts), evaluation.n), dtype=bool)
        taken = np.zeros(evaluation.n, dtype=bool)
        for d in self.directions:  # a row's direction is the first derived one, KB order
            i = self.index[d]
            goals[i] = self.derived[:, i] & ~taken
            taken |= goals[i]
        support = evaluation.supporting(goals).T
        steps = evaluation.plan.steps
        is_rule = np.array([s.kind == "rule" for s in steps], dtype=bool)
        order = {r.id: n for n, r in enumerate(kb.rules)}
        keys = [s.key for s in steps]
        out = []
        for row in range(evaluation.n):
            found = [keys[i] for i in np.flatnonzero(support[row] & is_rule)]
            out.append(sorted(found, key=order.__getitem__))
        return out

    def _rows(self) -> tuple[list, list, list, list]:
        """Per row, as plain lists (indexing numpy arrays one element at a time is slow): fact states,
        derived fact indices, clarify input indices, score totals."""
        cached = self.__dict__.get("_row_lists")
        if cached is None:
            totals = self.evaluation.engine.lo.T.tolist()  # already rounded by the evaluator
            totals = [[int(v) if v.is_integer() else v for v in row] for row in totals]
            cached = self.__dict__["_row_lists"] = (
                self.states.tolist(), [np.flatnonzero(r).tolist() for r in self.derived],
                [np.flatnonzero(r).tolist() for r in self.clarify], totals)
        return cached

    def result(self, row: int, profile: Profile, version: str, derived: list[str] | None = None,
               scores: dict[str, Any] | None = None, trace: Sequence[Firing] = ()) -> Result:
        kb, facts, index = self.kb, self.facts, self.index
        all_states, all_derived, all_clarify, all_totals = self._rows()
        states = all_states[row]
        if derived is None:
            derived = [facts[i] for i in all_derived[row]]
        if scores is None:
            scores = dict(zip(self.evaluation.plan.scores, all_totals[row], strict=True))
        kind = self.kind_of
        by_kind: dict[str, list[str]] = {}
        for c in derived:
            by_kind.setdefault(kind[c], []).append(c)
        direction = next((c for c in derived if kind[c] == "direction"), None)
        open_directions = bool(self.open_direction[row])
        provisional = open_directions if direction is None else (
            states[index[direction]] != TRUE or open_directions)
        derived_set = set(derived)
        possible = [c for c, state in zip(facts, states, strict=True) if state == UNKNOWN and c not in derived_set]
        values = profile.values
        unknown = [i for i in self.inputs if i not in values]
        return Result(
            student_id=profile.id,
            direction=direction,
            provisional=provisional,
            derived=list(derived),
            by_kind=by_kind,
            provisional_conclusions=[c for c in derived if states[index[c]] != TRUE],
            possible=possible,
            clarify=[self.inputs[i] for i in all_clarify[row]],
            scores=scores,
            inputs={k: values[k] for k in self.inputs if k in values},
            unknown=unknown,
            urgent=urgent_flags(kb, derived, possible, unknown),
            rules=self.rules()[row],
            review_days=min((kb.review_days[c] for c in derived if c in kb.review_days), default=None),
            trace=list(trace),
            kb_version=version,
        )
