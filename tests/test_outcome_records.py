"""A roster row's record made column-wise (``Outcomes.records``) is the record of the row's Result, and of
the experta engine's Result for the same profile."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import Profile, load_profile, make_profile
from expert.kbtools.cases import case_profile
from expert.outcome import Outcomes, _per_row, record_of
from expert.rules.loader import load_cases
from tests.test_evaluator import _random_answer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.from_dir(DEFAULT_KB)


def _profiles(classifier: Classifier) -> list[Profile]:
    kb = classifier.kb
    profiles = [case_profile(kb, case, doc) for case, doc in load_cases(kb.root / "cases")]
    profiles += [load_profile(kb, p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    rng = random.Random(11)
    for n in range(500):
        known = rng.random()
        values = {i: _random_answer(kb, i, rng) for i in kb.inputs if rng.random() < known}
        try:
            profiles.append(make_profile(kb, f"G{n}", values))
        except ValueError:  # contradicts a screening question: not a profile
            continue
    return profiles


def test_records_are_the_records_of_the_results(classifier: Classifier) -> None:
    profiles = _profiles(classifier)
    assert len(profiles) > 250
    outcomes = Outcomes(classifier.kb, classifier.evaluator.run([p.values for p in profiles]))
    records = outcomes.records()
    for row, profile in enumerate(profiles):
        assert records[row] == record_of(outcomes.result(row, profile, "v")), profile.id
    for profile in profiles[:120]:  # and the engine of record's own Result
        engine = record_of(classifier.classify(profile))
        assert engine == records[profiles.index(profile)], profile.id


def test_records_share_only_what_cannot_change(classifier: Classifier) -> None:
    """Rows of one evaluation share their columns of several values (pickled once per chunk): tuples."""
    profile = make_profile(classifier.kb, "x", {})
    outcomes = Outcomes(classifier.kb, classifier.evaluator.run([profile.values] * 2))
    first, second = outcomes.records()
    assert first == second
    assert not any(isinstance(v, list | dict | set) for v in first.values())
    assert {k for k, v in first.items() if isinstance(v, tuple)} == {
        "functions", "who", "measures", "specialists", "urgent_flags", "clarify", "rules"}


def test_per_row_makes_each_distinct_row_once() -> None:
    bits = np.array([[1, 0, 1], [1, 0, 1], [0, 0, 0], [1, 0, 1]], dtype=bool)
    made: list[list[int]] = []
    out = _per_row(bits, lambda on: made.append(on) or tuple(on))
    assert out == [(0, 2), (0, 2), (), (0, 2)]
    assert made == [[0, 2], []]
    assert _per_row(np.zeros((2, 0), dtype=bool), tuple) == [(), ()]
