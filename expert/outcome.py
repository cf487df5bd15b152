"""A classification's Result from one evaluation: the same fields for one student and for a roster's rows.

The derived facts and score totals come from the engine pass (for one student, ``expert classify``
passes the experta engine's own, with its trace; tests prove both agree). Whether a conclusion is
settled, what else is possible and what to clarify come from the status pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from expert.evaluator import Evaluation
from expert.facts.profile import Profile
from expert.result import Firing, Result
from expert.rules.kb import KnowledgeBase
from expert.urgency import ESTABLISHED, EXCLUDED, NOT_CLARIFIED, flag_ids, urgent_flags

FALSE, UNKNOWN, TRUE = 0, 1, 2


class UrgentCell(str):
    """The ``urgent`` column: a state id (established / not_clarified / excluded) that spreadsheets show as
    да / не выяснено / нет, so an unknown danger answer never reads as «нет»."""


def record_of(result: Result) -> dict[str, Any]:
    """One roster result row (without the student id and kept columns) from a Result: what a methodologist
    filters and sorts on. ``Outcomes.records`` gives the same rows for a whole evaluation at once. The
    columns of several values are tuples: rows may share them."""
    kinds = result.by_kind
    return {
        "direction": result.direction or "",
        "provisional": result.provisional,
        "functions": tuple(kinds.get("function", ())),
        "who": tuple(kinds.get("who", ())),
        "measures": tuple(kinds.get("measure", ())),
        "specialists": tuple(kinds.get("specialist", ())),
        "urgent": UrgentCell(result.urgent_state),
        "urgent_flags": tuple(f.id for f in result.urgent if f.state != EXCLUDED),  # established or not clarified
        "clarify": tuple(result.clarify),
        "rules": tuple(result.rules),
    }




class Outcomes:
    """What every row of an evaluation needs, computed for the whole batch at once: column by column, so
    a roster row costs a few lookups (``records``), and one student's ``result`` reads the same columns."""

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
        self.possible = (self.states == UNKNOWN) & ~self.derived  # not derived, an unknown answer could give it
        self.clarify = evaluation.unsettled(self.directions).T  # [rows, inputs]
        self.provisional = self._provisional().tolist()

    def _provisional(self) -> np.ndarray:
        """A row's direction (the first derived, KB order) is provisional when it is not settled or another
        direction is still open; with no direction, when one is still open."""
        n = self.evaluation.n
        columns = [self.index[d] for d in self.directions]
        if not columns:
            return np.zeros(n, dtype=bool)
        open_direction = (self.states[:, columns] == UNKNOWN).any(axis=1)
        derived = self.derived[:, columns]
        first = derived.argmax(axis=1)
        settled = self.states[:, columns][np.arange(n), first] == TRUE
        return np.where(derived.any(axis=1), ~settled | open_direction, open_direction)

    def rules(self) -> list[tuple[str, ...]]:  # computed for the whole batch on first use
        cached = self.__dict__.get("_rules")
        if cached is None:
            cached = self.__dict__["_rules"] = self._rules()
        return cached

    def _rules(self) -> list[tuple[str, ...]]:
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
        rule_steps = [i for i, s in enumerate(steps) if s.kind == "rule"]
        order = {r.id: n for n, r in enumerate(kb.rules)}
        keys = [steps[i].key for i in rule_steps]
        return _per_row(support[:, rule_steps], lambda on: tuple(sorted((keys[i] for i in on), key=order.__getitem__)))

    def _derived_lists(self) -> list[list[int]]:
        cached = self.__dict__.get("_derived_rows")
        if cached is None:
            cached = self.__dict__["_derived_rows"] = _per_row(self.derived, list)
        return cached

    def records(self) -> list[dict[str, Any]]:
        """Every row's ``record_of(result)``, without building the Results."""
        facts = self.facts
        kind_of = [self.kind_of[c] for c in facts]

        def conclusions(on: list[int]) -> dict[str, Any]:
            named: dict[str, Any] = {"direction": "", "function": [], "who": [], "measure": [], "specialist": []}
            for i in on:
                kind = kind_of[i]
                if kind == "direction":
                    named["direction"] = named["direction"] or facts[i]
                elif kind in named:
                    named[kind].append(facts[i])
            return {k: v if k == "direction" else tuple(v) for k, v in named.items()}

        flags = [self.index[f] for f in flag_ids(self.kb)]
        established = self.derived[:, flags].any(axis=1).tolist()
        unclear = self.possible[:, flags].any(axis=1).tolist()
        flag_names = [self.facts[i] for i in flags]
        open_flags = _per_row(self.derived[:, flags] | self.possible[:, flags],
                              lambda on: tuple(flag_names[i] for i in on))
        clarify = _per_row(self.clarify, lambda on: tuple(self.inputs[i] for i in on))
        rows = zip(_per_row(self.derived, conclusions), self.provisional, established, unclear, open_flags, clarify,
                   self.rules(), strict=True)
        return [{"direction": named["direction"], "provisional": provisional, "functions": named["function"],
                 "who": named["who"], "measures": named["measure"], "specialists": named["specialist"],
                 "urgent": URGENT_CELLS[ESTABLISHED if est else NOT_CLARIFIED if unc else EXCLUDED],
                 "urgent_flags": flags_on, "clarify": questions, "rules": rules}
                for named, provisional, est, unc, flags_on, questions, rules in rows]

    def _rows(self) -> tuple[list, list, list]:
        """Per row, as plain lists (indexing numpy arrays one element at a time is slow): fact states,
        clarify input indices, score totals."""
        cached = self.__dict__.get("_row_lists")
        if cached is None:
            totals = self.evaluation.engine.lo.T.tolist()  # already rounded by the evaluator
            totals = [[int(v) if v.is_integer() else v for v in row] for row in totals]
            cached = self.__dict__["_row_lists"] = (
                self.states.tolist(), [np.flatnonzero(r).tolist() for r in self.clarify], totals)
        return cached

    def result(self, row: int, profile: Profile, version: str, derived: list[str] | None = None,
               scores: dict[str, Any] | None = None, trace: Sequence[Firing] = ()) -> Result:
        kb, facts, index = self.kb, self.facts, self.index
        all_states, all_clarify, all_totals = self._rows()
        states = all_states[row]
        if derived is None:
            derived = [facts[i] for i in self._derived_lists()[row]]
        if scores is None:
            scores = dict(zip(self.evaluation.plan.scores, all_totals[row], strict=True))
        kind = self.kind_of
        by_kind: dict[str, list[str]] = {}
        for c in derived:
            by_kind.setdefault(kind[c], []).append(c)
        possible = [facts[i] for i in np.flatnonzero(self.possible[row])]
        values = profile.values
        unknown = [i for i in self.inputs if i not in values]
        return Result(
            student_id=profile.id,
            direction=next((c for c in derived if kind[c] == "direction"), None),
            provisional=bool(self.provisional[row]),
            derived=list(derived),
            by_kind=by_kind,
            provisional_conclusions=[c for c in derived if states[index[c]] != TRUE],
            possible=possible,
            clarify=[self.inputs[i] for i in all_clarify[row]],
            scores=scores,
            inputs={k: values[k] for k in self.inputs if k in values},
            unknown=unknown,
            urgent=urgent_flags(kb, derived, possible, unknown),
            rules=list(self.rules()[row]),
            review_days=min((kb.review_days[c] for c in derived if c in kb.review_days), default=None),
            trace=list(trace),
            kb_version=version,
        )


URGENT_CELLS = {state: UrgentCell(state) for state in (ESTABLISHED, NOT_CLARIFIED, EXCLUDED)}


def _per_row(bits: np.ndarray, make: Callable[[list[int]], Any]) -> list[Any]:
    """``make(indices of the row's set bits)`` for every row of a [rows, k] boolean array, made once per
    distinct row: the rows of a roster repeat a modest number of patterns."""
    n, width = bits.shape
    if width == 0:
        return [make([])] * n
    packed = np.packbits(bits, axis=1)
    stride = packed.shape[1]
    if stride > len(_BITS):
        _BITS.extend(_bit_table(stride))
    whole = packed.tobytes()
    memo: dict[bytes, Any] = {}
    out = []
    for row in range(n):
        key = whole[row * stride:(row + 1) * stride]
        found = memo.get(key)
        if found is None:
            found = memo[key] = make([i for k, byte in enumerate(key) if byte for i in _BITS[k][byte]])
        out.append(found)
    return out


def _bit_table(stride: int) -> list[list[tuple[int, ...]]]:
    """For bytes k (from those already in ``_BITS`` to ``stride``) of a packed row and each value: the
    indices of its set bits (numpy packs the first bit into the highest)."""
    return [[tuple(8 * k + b for b in range(8) if value & (0x80 >> b)) for value in range(256)]
            for k in range(len(_BITS), stride)]


_BITS: list[list[tuple[int, ...]]] = []  # grown on first use to the widest packed row met
