"""Running the evaluation plan over many profiles at once, in Kleene three-valued logic.

A truth value is a pair of boolean columns: ``t`` (surely true) and ``p`` (possibly true): FALSE is
(0, 0), UNKNOWN (0, 1), TRUE (1, 1). Negation swaps and inverts them; ``all``, ``any`` and ``at_least``
count them. The plan runs twice over the same atoms:

- the *engine* pass reads derived facts two-valued (derived or not) and score totals as numbers; a
  rule fires where its condition is surely true. This is what the experta engine derives: a comparison
  on an unknown answer holds neither way, ``not fact`` means "not derived" (tests prove the agreement);
- the *status* pass reads facts three-valued and score totals as intervals while an answer is unknown:
  TRUE means settled whatever the unknown answers turn out to be, UNKNOWN means an answer could still
  change it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from expert.evaluator.columns import Encoder
from expert.rules.conditions import OPERATORS, All, AnyOf, AtLeast, Cmp, FactIs, FactNot, Not, ScoreCmp
from expert.rules.kb import KnowledgeBase
from expert.rules.plan import ROUND_DIGITS, Plan

Pair = tuple[np.ndarray, np.ndarray]


@dataclass
class Pass:
    """The outcome of one run of the plan: per fact, step (rule or term) and node, plus score totals."""

    fact_t: np.ndarray   # [facts, rows]
    fact_p: np.ndarray
    step_t: np.ndarray   # [steps, rows], steps in plan.steps order
    step_p: np.ndarray
    lo: np.ndarray       # [scores, rows]; in the engine pass lo == hi == the total
    hi: np.ndarray
    nodes: list[Pair | None]  # value of every node evaluated, by node index


def _interval(op: str, lo: np.ndarray, hi: np.ndarray, value: float) -> Pair:
    """A comparison of a total known to lie in [lo, hi]: surely true where it holds at every point."""
    if op in ("=", "!="):
        exact = lo == hi
        equal = exact & (lo == value)
        inside = (lo <= value) & (value <= hi)
        if op == "=":
            return equal, equal | (~exact & inside)
        return exact & ~equal | ~exact & ~inside, ~equal
    at_lo, at_hi = OPERATORS[op](lo, value), OPERATORS[op](hi, value)
    return at_lo & at_hi, at_lo | at_hi


class Evaluator:
    """The plan of one KB, ready to run over batches of profiles (input id -> canonical value)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.plan: Plan = kb.plan
        self.encoder = Encoder(kb)
        self.fact_index = {c: n for n, c in enumerate(self.plan.facts)}
        self.step_index = {s.key: n for n, s in enumerate(self.plan.steps)}
        self.score_index = {s: n for n, s in enumerate(self.plan.scores)}
        self.weights = {s: [(self.step_index[f"{s}#{j + 1}"], t.weight) for j, t in enumerate(score.terms)]
                        for s, score in kb.scores.items()}
        self.then = {s.key: [self.fact_index[c] for c in s.rule.then] for s in self.plan.steps if s.kind == "rule"}
        # nodes that read answers only have the same value in both passes: computed once per batch
        self.pure: list[bool] = []
        for node in self.plan.nodes:
            leaf = not isinstance(node.cond, FactIs | FactNot | ScoreCmp)
            self.pure.append(leaf and all(self.pure[c] for c in node.children))

    def run(self, rows: Sequence[Mapping[str, Any]]):  # -> expert.evaluator.Evaluation

        values, known = self.encoder.encode(rows)
        return self.run_columns(values, known, len(rows))

    def run_columns(self, values: dict[str, np.ndarray], known: dict[str, np.ndarray], n: int):
        """``run`` on profiles already encoded as columns (``Encoder.encode`` / ``encode_choices``)."""
        from expert.evaluator.evaluation import Evaluation

        atoms: dict[int, Pair] = {}
        engine = self._pass(values, known, atoms, n, three_valued=False)
        status = self._pass(values, known, atoms, n, three_valued=True)
        for run in (engine, status):  # parts of answer-only nodes were computed in one pass only
            for index, pair in atoms.items():
                if run.nodes[index] is None:
                    run.nodes[index] = pair
        return Evaluation(self, n, values, known, engine, status)

    def _pass(self, values: dict, known: dict, atoms: dict[int, Pair], n: int, three_valued: bool) -> Pass:
        plan = self.plan
        fact_t = np.zeros((len(plan.facts), n), dtype=bool)
        fact_p = np.zeros_like(fact_t) if three_valued else fact_t
        step_t = np.zeros((len(plan.steps), n), dtype=bool)
        step_p = np.zeros_like(step_t)
        lo = np.zeros((len(plan.scores), n))
        hi = np.zeros_like(lo) if three_valued else lo
        out = Pass(fact_t, fact_p, step_t, step_p, lo, hi, [None] * len(plan.nodes))
        for stratum in plan.strata:
            for score in stratum.totals:
                self._total(out, score, three_valued)
            while True:
                before = (fact_t.sum(), fact_p.sum()) if stratum.cyclic else None
                if stratum.cyclic:  # values read from facts of this stratum are stale on the next round
                    for ps in stratum.steps:
                        self._forget(out, ps.root, atoms)
                for ps in stratum.steps:
                    t, p = self._node(out, ps.root, values, known, atoms)
                    i = self.step_index[ps.step.key]
                    step_t[i], step_p[i] = t, p
                    for f in self.then.get(ps.step.key, ()):
                        fact_t[f] |= t
                        if three_valued:
                            fact_p[f] |= p
                if before is None or before == (fact_t.sum(), fact_p.sum()):
                    break
        return out

    def _total(self, out: Pass, score: str, three_valued: bool) -> None:
        k = self.score_index[score]
        lo, hi = out.lo[k], out.hi[k]
        lo[:] = 0
        if three_valued:
            hi[:] = 0
        for i, weight in self.weights[score]:
            lo += weight * out.step_t[i] if not three_valued or weight >= 0 else weight * out.step_p[i]
            if three_valued:
                hi += weight * out.step_p[i] if weight >= 0 else weight * out.step_t[i]
        lo[:] = np.round(lo, ROUND_DIGITS)
        if three_valued:
            hi[:] = np.round(hi, ROUND_DIGITS)

    def _forget(self, out: Pass, index: int, atoms: dict[int, Pair]) -> None:
        if index in atoms or out.nodes[index] is None:
            return
        out.nodes[index] = None
        for child in self.plan.nodes[index].children:
            self._forget(out, child, atoms)

    def _node(self, out: Pass, index: int, values: dict, known: dict, atoms: dict[int, Pair]) -> Pair:
        cached = out.nodes[index]
        if cached is not None:
            return cached
        pure = self.pure[index]
        if pure and index in atoms:
            out.nodes[index] = atoms[index]
            return atoms[index]
        node = self.plan.nodes[index]
        cond = node.cond
        if isinstance(cond, Cmp):
            pair = self.encoder.atom(cond, values, known)
        elif isinstance(cond, FactIs):
            f = self.fact_index[cond.fact]
            pair = (out.fact_t[f].copy(), out.fact_p[f].copy())
        elif isinstance(cond, FactNot):
            f = self.fact_index[cond.fact]
            pair = (~out.fact_p[f], ~out.fact_t[f])
        elif isinstance(cond, ScoreCmp):
            k = self.score_index[cond.score]
            pair = _interval(cond.op, out.lo[k], out.hi[k], cond.value)
        else:
            parts = [self._node(out, c, values, known, atoms) for c in node.children]
            pair = _combine(cond, parts, out.step_t.shape[1])
        out.nodes[index] = pair
        if pure:
            atoms[index] = pair
        return pair


def _combine(cond: Any, parts: list[Pair], n: int) -> Pair:
    if isinstance(cond, Not):
        t, p = parts[0]
        return ~p, ~t
    if isinstance(cond, All | AnyOf) and not parts:
        truth = np.full(n, isinstance(cond, All))
        return truth, truth.copy()
    if isinstance(cond, All):
        t, p = parts[0][0].copy(), parts[0][1].copy()
        for a, b in parts[1:]:
            t &= a
            p &= b
        return t, p
    if isinstance(cond, AnyOf):
        t, p = parts[0][0].copy(), parts[0][1].copy()
        for a, b in parts[1:]:
            t |= a
            p |= b
        return t, p
    if isinstance(cond, AtLeast):
        count_t = np.sum([a for a, _ in parts], axis=0)
        count_p = np.sum([b for _, b in parts], axis=0)
        return count_t >= cond.n, count_p >= cond.n
    raise TypeError(cond)
