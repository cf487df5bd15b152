"""The student ids a roster run has met, in little memory: a repeated id is an error row naming the first row.

A million ids kept as strings in a dict take about 120 MB. Here an id is its 16-byte BLAKE2b digest (two
different ids share one with a probability of about 10⁻²⁷ in a million rows), kept with its row number in
sorted numpy arrays that are merged as they grow (a log-structured set): about 20 MB a million ids, and a
chunk of ids is looked up with one binary search per array.
"""

from __future__ import annotations

from hashlib import blake2b

import numpy as np

DIGEST = np.dtype("S16")


def digest(student_id: str) -> bytes:
    return blake2b(student_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class SeenIds:
    """Ids met so far, each with the row where it was met first."""

    def __init__(self) -> None:
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted digests, their rows), largest first

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self.levels)

    def first_rows(self, ids: list[str], rows: list[int]) -> list[int | None]:
        """For each id of a chunk, in order: the row it was met in first, or None when this is that row (the
        id is remembered then)."""
        digests = [digest(i) for i in ids]
        earlier = self._lookup(np.array(digests, dtype=DIGEST)) if digests and self.levels else [-1] * len(ids)
        out: list[int | None] = []
        new: dict[bytes, int] = {}
        for key, row, found in zip(digests, rows, earlier, strict=True):
            first = found if found >= 0 else new.get(key)
            if first is None:
                new[key] = row
            out.append(first)
        if new:
            self._add(np.array(list(new), dtype=DIGEST), np.array(list(new.values()), dtype=np.int64))
        return out

    def _lookup(self, keys: np.ndarray) -> list[int]:
        found = np.full(len(keys), -1, dtype=np.int64)
        for level, level_rows in self.levels:
            at = np.minimum(np.searchsorted(level, keys), len(level) - 1)
            hit = level[at] == keys
            found[hit] = level_rows[at[hit]]
        return found.tolist()

    def _add(self, keys: np.ndarray, rows: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        while self.levels and len(self.levels[-1][0]) <= 2 * len(keys):
            bigger, bigger_rows = self.levels.pop()
            at = np.searchsorted(bigger, keys)
            keys, rows = np.insert(bigger, at, keys), np.insert(bigger_rows, at, rows)
        self.levels.append((keys, rows))
