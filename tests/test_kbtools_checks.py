"""``expert kb check``: every check fires on a small broken KB made for it, and not on the clean ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.engine import DEFAULT_KB, Classifier
from expert.kbtools.checks import check_kb
from expert.kbtools.findings import CATALOGUE, Report
from expert.kbtools.logic import Logic, dnf
from expert.kbtools.space import space_for
from expert.rules.conditions import Cmp
from expert.rules.loader import load_kb

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken_kbs"

# folder -> (code, file the finding points at, subject it names)
CASES = {
    "invalid_file": ("KB001", "rules/rules.yaml", ""),
    "duplicate_id": ("KB002", "rules/rules.yaml", "rule deviant"),
    "unknown_reference": ("KB003", "rules/rules.yaml", "rules[1].then"),
    "missing_source": ("KB010", "parameters.yaml", "absence_percent"),
    "missing_text": ("KB011", "rules/rules.yaml", "rule deviant"),
    "undeclared_parameter": ("KB012", "rules/rules.yaml", "rules[0].when.value"),
    "unused_parameter": ("KB013", "parameters.yaml", "review_days"),
    "duplicate_rule": ("KB020", "rules/rules.yaml", "deviant_again"),
    "subsumed_rule": ("KB021", "rules/rules.yaml", "deviant_offences_and_truancy"),
    "conflicting_rules": ("KB030", "rules/rules.yaml", "risk"),
    "dead_rule": ("KB040", "rules/rules.yaml", "truancy_odd"),
    "underivable_premise": ("KB041", "rules/rules.yaml", "risk_family"),
    "unreachable_conclusion": ("KB042", "conclusions.yaml", "route_psychologist"),
    "unused_input": ("KB043", "inputs.yaml", "large_family"),
    "gap": ("KB050", "conclusions.yaml", "direction_deviant"),
    "cycle_through_negation": ("KB060", "rules/rules.yaml", "rule deviant"),
    "cycle": ("KB061", "rules/rules.yaml", "conflict"),
    "difficulty_as_risk": ("KB070", "rules/rules.yaml", "risk"),
}


def test_every_code_has_a_broken_kb() -> None:
    assert sorted(code for code, _, _ in CASES.values()) == sorted(CATALOGUE)


@pytest.mark.parametrize("folder", sorted(CASES))
def test_check_fires_on_its_broken_kb(folder: str) -> None:
    code, file, subject = CASES[folder]
    report = check_kb(BROKEN / folder)
    hits = [f for f in report.findings if f.code == code]
    assert hits, [f"{f.code} {f.message('en')}" for f in report.findings]
    hit = hits[0]
    assert hit.path == str(BROKEN / folder / file)
    assert hit.line is not None and hit.line > 0
    assert hit.subject == subject
    for lang in ("ru", "en"):
        assert "{" not in hit.message(lang) and hit.message(lang)


@pytest.mark.parametrize("kb_dir", [BROKEN / "base", FIXTURES / "kb_small"])
def test_clean_fixture_kbs_have_no_findings(kb_dir: Path) -> None:
    report = check_kb(kb_dir)
    assert report.loaded
    assert [f"{f.code} {f.message('en')}" for f in report.findings] == []
    assert report.search["how"] == "exhaustive"


@pytest.fixture(scope="module")
def bundled() -> Report:
    return check_kb(DEFAULT_KB)


def test_bundled_kb_has_no_errors(bundled: Report) -> None:
    assert bundled.loaded
    assert [f"{f.where} {f.code} {f.message('en')}" for f in bundled.errors] == []


def test_bundled_kb_has_no_warnings(bundled: Report) -> None:
    assert [f"{f.where} {f.code} {f.message('en')}" for f in bundled.warnings] == []


def test_checks_follow_the_data_not_the_ids(tmp_path: Path) -> None:
    """Renaming every rule (and the file) changes nothing about what is found."""
    kb = tmp_path / "kb"
    shutil.copytree(BROKEN / "conflicting_rules", kb)
    rules = kb / "rules" / "rules.yaml"
    text = rules.read_text()
    for old in ("truancy", "deviant", "risk", "well_off"):
        text = text.replace(f"- id: {old}\n", f"- id: rule_{old}_x\n")
    rules.unlink()
    (kb / "rules" / "zz_other_name.yaml").write_text(text)
    report = check_kb(kb)
    assert [f.code for f in report.findings] == ["KB030"]
    assert "rule_deviant_x, rule_risk_x" in report.findings[0].message("en")


def test_missing_source_points_at_each_rule_and_bad_paragraph() -> None:
    report = check_kb(BROKEN / "missing_source")
    messages = [f.message("en") for f in report.findings if f.code == "KB010"]
    assert [m.split(":")[0] + ":" + m.split(":")[1] for m in messages] == [
        "parameter absence_percent: has no rationale (convention)", "rule deviant: has no source",
        "rule well_off: cites §40, but the document has §1–§34"]
    assert not report.loaded


def test_conflict_reports_a_profile_that_really_conflicts() -> None:
    report = check_kb(BROKEN / "conflicting_rules")
    (finding,) = report.findings
    assert "family=weak" in finding.message("en")
    kb = load_kb(BROKEN / "conflicting_rules")
    result = Classifier(kb).run_engine({"offences": False, "truancy_share": 10, "family": "weak"})[0]
    assert {"direction_deviant", "direction_risk_group"} <= set(result)


def test_gap_search_exhaustive_then_sampled() -> None:
    full = check_kb(BROKEN / "gap")
    (gap,) = [f for f in full.findings if f.code == "KB050"]
    assert full.search == {"inputs": 3, "size": 32, "tried": 32, "how": "exhaustive", "budget": 20000,
                           "fallback_rule": None}
    assert gap.message("en").startswith("3 of 32 profiles tried (exhaustive) reach no direction")
    sampled = check_kb(BROKEN / "gap", budget=10)
    assert sampled.search["how"] == "sampled" and sampled.search["tried"] == 10
    assert [f.code for f in sampled.findings] == ["KB050"]  # one change from the baseline finds it


def test_evaluator_agrees_with_the_engine_on_every_kb_small_profile() -> None:
    kb = load_kb(FIXTURES / "kb_small")
    engine = Classifier(kb)
    space = space_for(kb, list(kb.conclusions), budget=10_000)
    assert space.exhaustive
    profiles = list(space.profiles())
    ev = engine.evaluator.run(profiles)
    for row, values in enumerate(profiles):
        assert engine.run_engine(values)[0] == ev.derived(row), values
    assert space.tried == space.size


def test_evaluator_agrees_with_the_engine_on_the_bundled_kb_sample() -> None:
    kb = load_kb(DEFAULT_KB)
    engine = Classifier(kb)
    space = space_for(kb, list(kb.conclusions), budget=120)
    profiles = list(space.profiles())
    ev = engine.evaluator.run(profiles)
    for row, values in enumerate(profiles):
        assert engine.run_engine(values)[0] == ev.derived(row), values


def test_implication_between_thresholds_and_option_sets() -> None:
    kb = load_kb(BROKEN / "subsumed_rule")  # compares truancy_share with 10 and 20
    logic = Logic.of(kb)
    at_least_10, at_least_20 = (frozenset([Cmp("truancy_share", ">=", v)]) for v in (10, 20))
    assert logic.implies(at_least_20, at_least_10) and not logic.implies(at_least_10, at_least_20)
    assert logic.contradiction(at_least_10 | {Cmp("truancy_share", "<", 10)})
    assert logic.contradiction(at_least_10 | {Cmp("truancy_share", "<", 20)}) is None
    weak = Cmp("family", "in", frozenset(["weak"]))
    assert logic.implies(frozenset([weak]), frozenset([Cmp("family", "!=", "strong")]))
    assert logic.contradiction(frozenset([weak, Cmp("family", "=", "strong")]))
    assert len(dnf(kb.rule("deviant").condition)) == 2


def run_cli(*args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "expert", "kb", *args], capture_output=True, text=True, env=env,
                          check=False)


def test_cli_exit_status_and_lines() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["kb", "check", str(BROKEN / "unused_input"), "--lang", "en"])
    assert ok.exit_code == 0
    assert f"{BROKEN / 'unused_input' / 'inputs.yaml'}:31: KB043 warning: input large_family" in ok.output
    bad = runner.invoke(main, ["kb", "check", str(BROKEN / "dead_rule")])
    assert bad.exit_code == 1
    assert "KB040 ошибка: правило truancy_odd никогда не сработает" in bad.output
    missing = runner.invoke(main, ["kb", "check", str(BROKEN / "no_such_kb")])
    assert missing.exit_code == 2


def test_cli_json_is_byte_identical_across_hash_seeds() -> None:
    outputs = [run_cli("check", str(BROKEN / "conflicting_rules"), "--format", "json", "--lang", "en", seed=s)
               for s in ("1", "2")]
    assert outputs[0].returncode == 1
    assert outputs[0].stdout == outputs[1].stdout
    data = json.loads(outputs[0].stdout)
    assert data["errors"] == 1 and data["warnings"] == 0
    assert data["findings"][0]["code"] == "KB030" and data["findings"][0]["severity"] == "error"
    assert data["findings"][0]["line"] == 16


def test_a_parameter_cited_by_a_text_counts_as_used(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(BROKEN / "unused_parameter", kb)
    concl = kb / "conclusions.yaml"
    concl.write_text(concl.read_text().replace("well-off}", "well-off - see review_days}"))
    assert check_kb(kb).findings == []


def test_sampled_search_tries_profiles_aimed_at_each_conflict_first() -> None:
    """With room for 3 of 20 profiles, the one built from both rules' conditions is among them."""
    report = check_kb(BROKEN / "conflicting_rules", budget=3)
    assert report.search["how"] == "sampled" and report.search["tried"] == 3
    assert [f.code for f in report.findings] == ["KB030"]


def test_a_fallback_direction_proves_there_is_no_gap() -> None:
    report = check_kb(BROKEN / "base")
    assert report.search["fallback_rule"] == "well_off"
    text = CliRunner().invoke(main, ["kb", "check", str(BROKEN / "base"), "--lang", "en"]).output
    assert "No gap whatever the answers: rule well_off derives a direction whenever no other" in text
    assert check_kb(BROKEN / "gap").search["fallback_rule"] is None


def test_difficulty_counts_only_with_unmet_support_and_a_status_never(tmp_path: Path) -> None:
    """KB070 follows the data: the same difficulty is fine once its help is required to be missing, and a
    status input (``status: true``) is flagged as a reason for the risk group."""
    kb = tmp_path / "kb"
    shutil.copytree(BROKEN / "difficulty_as_risk", kb)
    rules = kb / "rules" / "rules.yaml"
    bad = '- {input: func_hearing, op: "=", value: cannot}'
    good = '- all: [{input: func_hearing, op: "=", value: cannot}, {input: func_hearing_support, op: "=", value: no}]'
    rules.write_text(rules.read_text(encoding="utf-8").replace(bad, good), encoding="utf-8")
    assert not [f for f in check_kb(kb).findings if f.code == "KB070"]
    with (kb / "inputs.yaml").open("a", encoding="utf-8") as f:
        f.write('  - id: disability\n    group: school\n    type: boolean\n    status: true\n'
                '    label: {ru: Инвалидность, en: Disability}\n    question: {ru: "Установлена?", en: "Granted?"}\n'
                '    help: {ru: "Статус.", en: "A status."}\n')
    status_branch = '\n            - {input: disability, op: "=", value: yes}'
    rules.write_text(rules.read_text(encoding="utf-8").replace(good, good + status_branch), encoding="utf-8")
    hits = [f for f in check_kb(kb).findings if f.code == "KB070"]
    assert [h.subject for h in hits] == ["risk"] and "disability" in hits[0].message("en")
