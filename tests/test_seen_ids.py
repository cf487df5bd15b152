"""Repeated student ids found in little memory: the same answers as a dict of every id met."""

from __future__ import annotations

import random

from expert.batch.seen import SeenIds


def test_first_rows_are_those_of_a_plain_dict() -> None:
    rng = random.Random(5)
    seen, plain = SeenIds(), {}
    row = 2
    for size in [1, 7, 300, 1000, 2, 1000, 1000, 50, 1000, 999]:  # levels of many sizes get merged
        ids = [f"{rng.choice(['S', '7А-', 'ученик '])}{rng.randrange(4000)}" for _ in range(size)]
        rows = list(range(row, row + size))
        row += size
        expected = []
        for i, r in zip(ids, rows, strict=True):
            expected.append(plain.get(i))
            plain.setdefault(i, r)
        assert seen.first_rows(ids, rows) == expected
    assert len(seen) == len(plain)
    assert len(seen.levels) < 12  # merged as they grow


def test_ids_that_differ_only_in_case_or_spacing_are_different_students() -> None:
    seen = SeenIds()
    assert seen.first_rows(["s-1", "S-1", "S-1 ", "S-1"], [2, 3, 4, 5]) == [None, None, None, 3]
    assert seen.first_rows([], []) == []
    assert seen.first_rows(["S-1", "\udc80"], [6, 7]) == [3, None]  # a lone surrogate does not stop the run
