"""``expert kb test``: reference cases, expected against actual, and the rules that made the difference."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from expert.engine import DEFAULT_KB, Classifier
from expert.kbtools.cases import run_cases
from expert.rules.loader import load_kb

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "broken_kbs" / "base"
CASES = FIXTURES / "kbtools_cases"


def outcomes():
    return {o.case: o for o in run_cases(Classifier(load_kb(BASE)), CASES)}


def test_passing_and_failing_cases() -> None:
    got = outcomes()
    assert got["offences_deviant"].passed
    assert not got["truancy_weak_family"].passed and not got["low_truancy"].passed


def test_direction_mismatch_names_the_rules_that_made_the_difference() -> None:
    case = outcomes()["truancy_weak_family"]
    direction, absent = case.mismatches
    assert (direction.what, direction.expected, direction.actual) == ("direction", "direction_risk_group",
                                                                     "direction_deviant")
    assert direction.why[0].startswith("+ direction_deviant <- deviant (")
    assert direction.why[0].endswith(": finding_truancy")
    assert direction.why[1].startswith("- direction_risk_group <- risk (")
    assert direction.why[1].endswith("not direction_deviant [+]")
    assert (absent.what, absent.actual) == ("absent", ["finding_truancy"])
    assert absent.why[0].endswith("truancy_share=12")


def test_missing_conclusion_shows_the_failed_condition_with_the_answer() -> None:
    case = outcomes()["low_truancy"]
    provisional, present = case.mismatches
    assert (provisional.expected, provisional.actual, provisional.why) == (False, True, ["? family"])
    assert present.expected == ["finding_truancy"]
    assert present.why[0].endswith("truancy_share >= 10 ($truancy_percent) [truancy_share=5]")


def test_unknown_conclusion_and_bad_profile_fail_the_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (CASES / "01_offences.yaml").read_text()
    (cases / "a.yaml").write_text(text.replace("absent: [direction_risk_group]", "absent: [direction_risky]"))
    (cases / "b.yaml").write_text(text.replace("offences: yes", "offences: maybe").replace("offences_deviant", "b"))
    got = {o.case: o for o in run_cases(Classifier(load_kb(BASE)), cases)}
    assert got["offences_deviant"].mismatches[0].what == "unknown_conclusion"
    assert got["offences_deviant"].mismatches[0].actual == ["direction_risky"]
    (bad,) = got["b"].mismatches
    assert bad.what == "profile" and "b.yaml:6" in bad.actual[0] and "offences" in bad.actual[0]


def test_cli_exit_status_text_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    failing = runner.invoke(main, ["kb", "test", str(BASE), "--cases", str(CASES), "--lang", "en"])
    assert failing.exit_code == 1
    assert "02_truancy_weak_family.yaml:2: FAIL truancy_weak_family" in failing.output
    assert "Cases: 1 passed, 2 failed." in failing.output
    data = json.loads(runner.invoke(main, ["kb", "test", str(BASE), "--cases", str(CASES), "--format", "json"]).output)
    assert (data["passed"], data["failed"]) == (1, 2)
    only_passing = tmp_path / "cases"
    only_passing.mkdir()
    shutil.copy(CASES / "01_offences.yaml", only_passing)
    assert runner.invoke(main, ["kb", "test", str(BASE), "--cases", str(only_passing)]).exit_code == 0
    missing = runner.invoke(main, ["kb", "test", str(BASE), "--cases", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_bundled_cases_pass() -> None:
    result = CliRunner().invoke(main, ["kb", "test", str(DEFAULT_KB)])
    assert result.exit_code == 0, result.output


def test_conclusions_that_only_wait_for_other_missing_ones_are_summarised(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "c.yaml").write_text("id: c\ntitle: {ru: c, en: c}\n"
                                  "profile: {id: T-9, answers: {offences: no, truancy_share: 0}}\n"
                                  "expect: {present: [function_mediating, route_psychologist]}\n")
    (case,) = run_cases(Classifier(load_kb(FIXTURES / "kb_small")), cases)
    (present,) = case.mismatches
    assert present.expected == ["function_mediating", "route_psychologist"]
    assert len(present.why) == 2
    assert present.why[0].startswith("- function_mediating <- deviant (")
    assert present.why[0].endswith("finding_truancy [-]; offences = yes [offences=no]")
    assert present.why[1] == "- ... +1: their rules wait only for the conclusions above"
