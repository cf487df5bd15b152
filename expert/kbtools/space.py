"""The space of complete student profiles, searched for gaps and conflicts.

A complete profile answers every input the goals depend on, each with one of its representative values
(see logic.Domains), so searching the representatives searches every case the KB can tell apart. When
the product of the domains fits the budget the search is exhaustive; otherwise it tries, in this order,
the baseline profile (every answer at its first value: no / first option / minimum / none), every
profile that differs from the baseline in one answer, then in two, then seeded random profiles, and
reports how many it tried.

Profiles are evaluated in batches by ``expert.evaluator``: the engine's semantics without experta (tests
prove the two agree), many profiles at once instead of the engine's network for each.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Any

import numpy as np

from expert.kbtools.logic import Domains, show_value
from expert.rules.kb import KnowledgeBase

DEFAULT_BUDGET = 20_000
SEED = 20260101
BATCH = 8192


@dataclass
class Space:
    inputs: list[str]
    values: list[list[Any]]
    budget: int = DEFAULT_BUDGET
    targeted: list[dict[str, frozenset]] = field(default_factory=list)  # constraints to try first when sampling
    how: str = ""
    tried: int = 0
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = math.prod(len(v) for v in self.values)

    @property
    def exhaustive(self) -> bool:
        return self.size <= self.budget

    def profiles(self) -> Iterator[dict[str, Any]]:
        """Complete profiles in a deterministic order; sets ``tried`` and ``how`` as it goes."""
        for batch in self.batches():
            yield from self.as_profiles(batch)

    def as_profiles(self, batch: np.ndarray) -> list[dict[str, Any]]:
        """Profiles of a batch of value indices ([profiles, inputs])."""
        return [{i: vals[k] for i, vals, k in zip(self.inputs, self.values, row, strict=True)}
                for row in batch.tolist()]

    def batches(self, size: int = BATCH) -> Iterator[np.ndarray]:
        """The same profiles as ``profiles``, as arrays of value indices ([profiles, inputs]), ``size`` at a
        time: the search evaluates them without making a dict per profile."""
        self.tried = 0
        shape = [len(v) for v in self.values]
        if self.exhaustive:
            self.how = "exhaustive"
            for start in range(0, self.size, size):
                flat = np.arange(start, min(start + size, self.size))
                batch = np.stack(np.unravel_index(flat, shape), axis=1) if shape else np.zeros((len(flat), 0), int)
                self.tried += len(batch)
                yield batch
            return
        self.how = "sampled"
        seen: set[bytes] = set()
        chosen: list[tuple] = []
        for combo in [*self._targeted(), *self._systematic()]:
            if self.tried >= self.budget:
                break
            row = np.array([vals.index(v) for vals, v in zip(self.values, combo, strict=True)], dtype=np.int16)
            if row.tobytes() not in seen:
                seen.add(row.tobytes())
                self.tried += 1
                chosen.append(row)
                if len(chosen) >= size:
                    yield np.stack(chosen)
                    chosen = []
        if chosen:
            yield np.stack(chosen)
        yield from self._random(seen, size, np.array(shape))

    def _random(self, seen: set[bytes], size: int, shape: np.ndarray) -> Iterator[np.ndarray]:
        """Seeded random profiles: each answer at its baseline, or (with a density of 5, 15 or 50%) random."""
        rng = np.random.default_rng(SEED)
        misses = 0
        while self.tried < self.budget and misses < self.budget:
            want = min(size, self.budget - self.tried)
            density = rng.choice(np.array([0.05, 0.15, 0.5]), size=(want, 1))
            change = rng.random((want, len(shape))) < density
            picks = (rng.random((want, len(shape))) * shape).astype(np.int16)
            rows = np.where(change, picks, 0).astype(np.int16)
            keep = []
            buffer, width = rows.tobytes(), rows.shape[1] * rows.itemsize
            for k in range(want):
                key = buffer[k * width:(k + 1) * width]
                if key in seen:
                    misses += 1
                    continue
                seen.add(key)
                keep.append(k)
            if keep:
                self.tried += len(keep)
                yield rows[keep]

    def _targeted(self) -> list[tuple]:
        """Baseline profiles changed just enough to meet each set of constraints (first allowed value)."""
        out = []
        for constraints in self.targeted:
            combo = [next((v for v in vals if v in constraints[i]), vals[0]) if i in constraints else vals[0]
                     for i, vals in zip(self.inputs, self.values, strict=True)]
            out.append(tuple(combo))
        return out

    def _systematic(self) -> Iterator[tuple]:
        base = tuple(vals[0] for vals in self.values)
        yield base
        for depth in (1, 2):
            for idx in combinations(range(len(self.values)), depth):
                for alt in product(*(self.values[i][1:] for i in idx)):
                    combo = list(base)
                    for i, v in zip(idx, alt, strict=True):
                        combo[i] = v
                    yield tuple(combo)


def space_for(kb: KnowledgeBase, goals: list[str], budget: int = DEFAULT_BUDGET) -> Space:
    domains = Domains.of(kb)
    inputs = [i for i in kb.inputs_reaching(goals) if i in domains.values]
    return Space(inputs, [domains.values[i] for i in inputs], budget)


def show_profile(space: Space, values: dict[str, Any]) -> str:
    """A complete profile, compactly: the answers that differ from the baseline (first value)."""
    parts = []
    for input_id, vals in zip(space.inputs, space.values, strict=True):
        v = values[input_id]
        if v != vals[0]:
            parts.append(f"{input_id}={show_value(v)}")
    return ", ".join(parts) if parts else "-"
