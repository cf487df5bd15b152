"""The fuzz suite's bounded run, part of every test run (about half a minute in all).

Each target gets a fixed number of cases (``EXPERT_FUZZ_SCALE`` multiplies them); the cases are the same on
every run unless ``EXPERT_FUZZ_RANDOM=1``. ``benchmarks/fuzz.py --cases N`` runs the same targets longer and
prints what it tried and found. Every failure either ever found is kept below or in ``tests/test_guard_*.py``
as a regression test.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import harness
from tests.fuzz.strategies import ids, profile_documents

SCALE = float(os.environ.get("EXPERT_FUZZ_SCALE", "1"))
RANDOM = os.environ.get("EXPERT_FUZZ_RANDOM", "") not in ("", "0")
BUDGET = {"profile": 30, "answers": 20, "graph": 12, "kb": 6, "roster": 14}


def fuzz_settings(target: str) -> settings:
    return settings(max_examples=max(1, int(BUDGET[target] * SCALE)), deadline=None, database=None,
                    derandomize=not RANDOM, suppress_health_check=list(HealthCheck))


def check(outcome: harness.Outcome) -> None:
    assert outcome.kind is None, (f"{outcome.target} case {outcome.seed}: {outcome.kind}: {outcome.detail} "
                                  f"(rebuild: harness.run_case({outcome.target!r}, {outcome.seed}, folder))")


@pytest.mark.parametrize("target", sorted(BUDGET))
def test_mutated_inputs_end_in_a_result_or_one_located_line(target):
    @fuzz_settings(target)
    @given(seed=st.integers(min_value=0, max_value=2 ** 32))
    def run(seed: int) -> None:
        with tempfile.TemporaryDirectory() as folder:
            check(harness.run_case(target, seed, Path(folder)))

    run()


@fuzz_settings("profile")
@given(document=profile_documents())
def test_generated_profiles_end_in_a_result_or_one_located_line(document):
    suffix, data = document
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"p{suffix}"
        path.write_bytes(data)
        result, _ = harness.invoke(["classify", str(path), "--kb", str(harness.SMALL_KB), "--format", "json"], 20)
        kind, detail = harness.judge(result, (0, 2))
        assert kind is None, f"{kind}: {detail}: {data[:300]!r}"
        if result.exit_code == 0:
            result.stdout.encode("utf-8")  # what was accepted can be written out


@fuzz_settings("graph")
@given(student=ids, name=ids)
def test_generated_ids_and_names_draw_as_graphs(student, name):
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.json"
        path.write_bytes(json.dumps({"id": student, "name": name, "answers": {"offences": True}}).encode())
        out = Path(folder) / "g.dot"
        result, _ = harness.invoke(["explain", str(path), "--kb", str(harness.SMALL_KB), "--show-name",
                                    "-o", str(out)], 20)
        kind, detail = harness.judge(result, (0, 2))
        assert kind is None, f"{kind}: {detail}: {student!r} {name!r}"
