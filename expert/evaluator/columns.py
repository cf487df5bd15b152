"""Profiles as columns: one array per input (plus whether it is known), and comparisons on whole columns.

A boolean is 0/1, an integer a float, a choice the index of its option, a multi answer a bit mask of its
options. A comparison on an unknown answer holds neither way: the evaluator gets, for every atom, the
rows where it is surely true (known and holds) and those where it may be true (unknown, or holds).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from expert.rules.conditions import COMPLEMENT, NUMERIC_OPS, OPERATORS, Cmp
from expert.rules.kb import KnowledgeBase

DTYPES = {"boolean": np.int8, "integer": np.float64, "choice": np.int16, "multi": np.int64}


class Encoder:
    """Turns profiles (input id -> canonical value) into columns, and evaluates comparisons on them."""

    def __init__(self, kb: KnowledgeBase):
        self.inputs = list(kb.inputs)
        self.types = {i: d.type for i, d in kb.inputs.items()}
        self.codes = {i: {o: n for n, o in enumerate(d.option_ids())} for i, d in kb.inputs.items()
                      if d.type in ("choice", "multi")}
        self._codes: dict[str, dict[Any, int]] = {}  # per choice/multi input: value -> code, as met

    def code(self, input_id: str, value: Any) -> Any:
        kind = self.types[input_id]
        if kind == "boolean":
            return int(bool(value))
        if kind == "choice":
            return self.codes[input_id].get(value, -2)
        if kind == "multi":
            return sum(1 << self.codes[input_id][o] for o in value if o in self.codes[input_id])
        return value

    def encode(self, rows: Sequence[Mapping[str, Any]]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(values, known) per input id, each an array with one entry per row."""
        values: dict[str, np.ndarray] = {}
        known: dict[str, np.ndarray] = {}
        for input_id in self.inputs:
            column = [row.get(input_id) for row in rows]
            known[input_id] = np.array([v is not None for v in column], dtype=bool)
            kind = self.types[input_id]
            if kind == "integer" or kind == "boolean":
                data = [0 if v is None else v for v in column]
            else:
                codes = self._codes.setdefault(input_id, {None: 0 if kind != "choice" else -1})
                data = [self._code_of(codes, input_id, v) for v in column]
            values[input_id] = np.array(data, dtype=DTYPES[kind])
        return values, known

    def _code_of(self, codes: dict[Any, int], input_id: str, value: Any) -> int:
        """``code``, remembered per value (answers repeat from profile to profile)."""
        try:
            return codes[value]
        except KeyError:
            found = codes[value] = self.code(input_id, value)
            return found
        except TypeError:  # a set or list of options, not a canonical frozenset
            return self.code(input_id, value)

    def encode_choices(self, inputs: Sequence[str], choices: Sequence[Sequence[Any]], batch: np.ndarray
                       ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Columns of profiles given as indices into each input's list of values ([profiles, inputs]);
        inputs not in ``inputs`` are unknown."""
        n = len(batch)
        values = {i: np.zeros(n, dtype=DTYPES[self.types[i]]) for i in self.inputs}
        known = {i: np.zeros(n, dtype=bool) for i in self.inputs}
        for k, (input_id, options) in enumerate(zip(inputs, choices, strict=True)):
            table = np.array([self.code(input_id, v) for v in options], dtype=DTYPES[self.types[input_id]])
            values[input_id] = table[batch[:, k]]
            known[input_id] = np.ones(n, dtype=bool)
        return values, known

    def holds(self, cmp: Cmp, values: dict[str, np.ndarray]) -> np.ndarray:
        """Where the comparison holds, as if every row's answer were known (the known mask comes after)."""
        column = values[cmp.input]
        op = cmp.op
        if op in NUMERIC_OPS:
            return OPERATORS[op](column, self.code(cmp.input, cmp.value))
        negated = op in ("not_in", "lacks")
        base = COMPLEMENT[op] if negated else op
        if base == "in":
            inside = np.isin(column, np.array([self.code(cmp.input, v) for v in cmp.value]))
        else:  # "has": some option in common
            inside = (column & self.code(cmp.input, cmp.value)) != 0
        return ~inside if negated else inside

    def atom(self, cmp: Cmp, values: dict[str, np.ndarray], known: dict[str, np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray]:
        """(surely true, maybe true) of a comparison over every row."""
        holds = self.holds(cmp, values)
        mask = known[cmp.input]
        return mask & holds, ~mask | holds
