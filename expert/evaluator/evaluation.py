"""What one run of the plan over a batch of profiles says, per profile or for all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from expert.evaluator.passes import Evaluator, Pass
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp
from expert.rules.plan import round_total


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


class Evaluation:
    """The engine pass and the status pass of a batch; rows are numbered as the profiles were given."""

    def __init__(self, evaluator: Evaluator, n: int, columns: dict[str, np.ndarray], known: dict[str, np.ndarray],
                 engine: Pass, status: Pass):
        self.evaluator, self.n, self.engine, self.status = evaluator, n, engine, status
        self.columns, self.known = columns, known
        self.plan = evaluator.plan

    # --- the engine's conclusions ------------------------------------------------------------------

    def derived(self, row: int) -> list[str]:
        """Derived conclusions, KB order (what the experta engine derives)."""
        column = self.engine.fact_t[:, row]
        return [c for c, on in zip(self.plan.facts, column, strict=True) if on]

    def fired(self, row: int) -> list[str]:
        """Rules and score terms that fire, KB order."""
        column = self.engine.step_t[:, row]
        return [s.key for s, on in zip(self.plan.steps, column, strict=True) if on]

    def scores(self, row: int) -> dict[str, float | int]:
        return {s: round_total(self.engine.lo[k, row]) for k, s in enumerate(self.plan.scores)}

    # --- three-valued status -----------------------------------------------------------------------

    def fact_states(self) -> np.ndarray:
        """[facts, rows] of Tri values (0 false, 1 unknown, 2 true)."""
        return self.status.fact_t.astype(np.int8) + self.status.fact_p

    def row_status(self, row: int) -> Status:
        return Status(self, row)

    def unsettled(self, goals: Iterable[str]) -> np.ndarray:
        """[inputs, rows]: unknown answers that could change the status of a goal still UNKNOWN."""
        return walk_back(self, self.status, list(goals), unsettled=True)

    def supporting(self, goals: np.ndarray) -> np.ndarray:
        """[steps, rows]: the fired rules and terms a chain of justification of ``goals`` ([facts, rows]
        boolean) needs: every fired rule concluding a needed fact, through the facts and scores its true
        branches read (what ``expert.support.supporting_firings`` keeps from the engine's trace)."""
        return walk_back(self, self.engine, goals, unsettled=False)


class Status:
    """One profile's three-valued view: ``facts``, ``steps`` (rules, terms, totals) and score intervals."""

    def __init__(self, evaluation: Evaluation, row: int):
        self.evaluation, self.row = evaluation, row
        plan, status = evaluation.plan, evaluation.status
        states = status.fact_t[:, row].astype(np.int8) + status.fact_p[:, row]
        self.facts = {c: Tri(int(v)) for c, v in zip(plan.facts, states, strict=True)}
        steps = status.step_t[:, row].astype(np.int8) + status.step_p[:, row]
        self.steps = {s.key: Tri(int(v)) for s, v in zip(plan.steps, steps, strict=True)}
        self.steps.update({s: Tri.TRUE for s in plan.scores})
        self.scores = {s: (round_total(status.lo[k, row]), round_total(status.hi[k, row]))
                       for k, s in enumerate(plan.scores)}

    def fact(self, conclusion: str) -> Tri:
        return self.facts.get(conclusion, Tri.FALSE)

    def evaluate(self, cond: Condition) -> Tri:
        """The status of any condition for this profile (parts of rules come from the run itself)."""
        ev = self.evaluation
        index = ev.plan.index.get(cond)
        pair = ev.status.nodes[index] if index is not None else None
        if pair is not None:
            return Tri(int(pair[0][self.row]) + int(pair[1][self.row]))
        if isinstance(cond, Cmp):
            known = bool(ev.known[cond.input][self.row])
            if not known:
                return Tri.UNKNOWN
            column = ev.columns[cond.input][self.row:self.row + 1]
            return Tri.TRUE if bool(ev.evaluator.encoder.holds(cond, {cond.input: column})[0]) else Tri.FALSE
        if isinstance(cond, FactIs):
            return self.fact(cond.fact)
        if isinstance(cond, FactNot):
            return ~self.fact(cond.fact)
        if isinstance(cond, ScoreCmp):
            from expert.evaluator.passes import _interval

            lo, hi = (np.array([v]) for v in self.scores[cond.score])
            t, p = _interval(cond.op, lo, hi, cond.value)
            return Tri(int(t[0]) + int(p[0]))
        if isinstance(cond, Not):
            return ~self.evaluate(cond.item)
        if isinstance(cond, All | AnyOf | AtLeast):
            parts = [self.evaluate(c) for c in cond.items]
            need = len(parts) if isinstance(cond, All) else 1 if isinstance(cond, AnyOf) else cond.n
            true = parts.count(Tri.TRUE)
            possible = true + parts.count(Tri.UNKNOWN)
            return Tri.TRUE if true >= need else Tri.UNKNOWN if possible >= need else Tri.FALSE
        raise TypeError(cond)

    def unsettled(self, goals: Iterable[str]) -> list[str]:
        """Unknown inputs whose answers could change the status of ``goals``, KB order."""
        mask = self.evaluation.unsettled(goals)[:, self.row]
        return [i for i, on in zip(self.evaluation.plan.inputs, mask, strict=True) if on]


@dataclass
class _Walk:
    """State of one walk back from goals: which facts, scores, nodes and steps are reached, per row."""

    facts: np.ndarray
    scores: np.ndarray
    steps: np.ndarray
    inputs: np.ndarray


def walk_back(ev: Evaluation, run: Pass, goals: Any, unsettled: bool) -> np.ndarray:
    """From goals down to what they rest on, stratum by stratum from the top.

    ``unsettled``: follow only parts whose status is UNKNOWN and collect the unknown answers under them
    (what could still change a goal). Otherwise follow the true branches of fired steps and collect
    those steps (what a goal rests on).
    """
    evaluator, plan = ev.evaluator, ev.plan
    n = ev.n
    facts = np.zeros((len(plan.facts), n), dtype=bool)
    if unsettled:
        for g in goals:
            f = evaluator.fact_index[g]
            facts[f] = run.fact_p[f] & ~run.fact_t[f]
    else:
        facts |= goals
    walk = _Walk(facts, np.zeros((len(plan.scores), n), dtype=bool), np.zeros((len(plan.steps), n), dtype=bool),
                 np.zeros((len(plan.inputs), n), dtype=bool))
    input_index = {i: k for k, i in enumerate(plan.inputs)}
    for stratum in reversed(plan.strata):
        while True:
            before = walk.facts.sum() + walk.scores.sum()
            for ps in reversed(stratum.steps):
                step = ps.step
                i = evaluator.step_index[step.key]
                if step.kind == "rule":
                    reached = np.logical_or.reduce([walk.facts[f] for f in evaluator.then[step.key]])
                else:
                    reached = walk.scores[evaluator.score_index[step.score]].copy()
                t, p = run.step_t[i], run.step_p[i]
                reached &= (p & ~t) if unsettled else t
                walk.steps[i] |= reached
                _descend(ev, run, walk, input_index, ps.root, reached, True, unsettled)
            if not stratum.cyclic or before == walk.facts.sum() + walk.scores.sum():
                break
    return walk.inputs if unsettled else walk.steps


def _descend(ev: Evaluation, run: Pass, walk: _Walk, input_index: dict[str, int], index: int,
             mask: np.ndarray, positive: bool, unsettled: bool) -> None:
    if not mask.any():
        return
    node = ev.plan.nodes[index]
    cond = node.cond
    if isinstance(cond, Cmp):
        if unsettled:
            walk.inputs[input_index[cond.input]] |= mask
        return
    if isinstance(cond, FactIs | FactNot):
        if unsettled or positive == isinstance(cond, FactIs):
            walk.facts[ev.evaluator.fact_index[cond.fact]] |= mask
        return
    if isinstance(cond, ScoreCmp):
        walk.scores[ev.evaluator.score_index[cond.score]] |= mask
        return
    flip = isinstance(cond, Not)
    # in the engine's reading a branch counts where it holds: under negation, where the item does not
    every = isinstance(cond, All) if positive else isinstance(cond, AnyOf)
    for child in node.children:
        t, p = run.nodes[child]  # type: ignore[misc]
        if unsettled:
            sub = mask & p & ~t
        elif flip or every:
            sub = mask
        else:
            sub = mask & (t if positive else ~p)
        _descend(ev, run, walk, input_index, child, sub, positive != flip, unsettled)
