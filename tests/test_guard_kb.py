"""Hostile knowledge bases (issue 16): bounded sizes, depths and numbers, each refusal one located line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert import guard
from expert.cli import main
from expert.kbtools.findings import Finding, Report, render_report
from tests.kbfactory import write_kb

FINDING_LINE = re.compile(r"^\S[^\n]*?(:\d+)?: KB\d{3} (ошибка|предупреждение|error|warning): \S")
RULES = [{"id": "r_flag", "when": {"input": "flag", "op": "=", "value": True}, "then": ["direction_a"]}]


def kb_with(tmp_path: Path, name: str, text: str) -> Path:
    term = {"when": RULES[0]["when"], "weight": 1}
    score = {"id": "load", "title": {"ru": "s", "en": "s"}, "source": {"paragraphs": [20]}, "terms": [term]}
    root = write_kb(tmp_path / "kb", RULES, scores=[score])
    (root / name).write_text(text, encoding="utf-8")
    return root


def check(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["kb", "check", str(root), "--lang", "en"])
    assert result.exit_code in (1, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    lines = result.stdout.strip().splitlines()
    findings = [line for line in lines if " KB0" in line]
    assert findings, result.output
    for line in findings:
        assert FINDING_LINE.match(line), line
    return findings


def classify_refused(root: Path, profile: Path) -> str:
    result = CliRunner().invoke(main, ["classify", str(profile), "--kb", str(root)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines and all(str(root) in line for line in lines), result.stderr
    return lines[0]


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text("id: S-1\nanswers:\n  flag: true\n", encoding="utf-8")
    return path


def test_deep_nesting_in_a_rule_is_refused(tmp_path, profile):
    deep = "{all: [" * 1000 + "{input: flag, op: '=', value: yes}" + "]}" * 1000
    root = kb_with(tmp_path, "rules/deep.yaml", "rules:\n  - id: deep\n    title: {ru: t, en: t}\n"
                                                 "    source: {paragraphs: [20]}\n"
                                                 f"    when: {deep}\n    then: [direction_a]\n")
    assert "deep.yaml:5:" in classify_refused(root, profile)
    assert any("deep.yaml:5: KB001" in line and "64" in line for line in check(root))


@pytest.mark.parametrize("weight", ["1e400", "-.inf", ".nan", "100000000000000000000000000", "1" + "0" * 400])
def test_a_huge_or_infinite_weight_is_refused_at_load(tmp_path, profile, weight):
    text = ("scores:\n  - id: load\n    title: {ru: s, en: s}\n    source: {paragraphs: [20]}\n    terms:\n"
            f"      - when: {{input: flag, op: '=', value: yes}}\n        weight: {weight}\n")
    root = kb_with(tmp_path, "scores.yaml", text)
    line = classify_refused(root, profile)
    assert "scores.yaml:7:" in line, line
    check(root)


def test_a_huge_parameter_is_refused_at_load(tmp_path, profile):
    text = "parameters:\n  - id: p\n    value: 1e300\n    title: {ru: p, en: p}\n    convention: {ru: p, en: p}\n"
    assert "parameters.yaml:3:" in classify_refused(kb_with(tmp_path, "parameters.yaml", text), profile)


def test_tens_of_thousands_of_rules_are_refused_quickly(tmp_path, profile):
    rule = ("  - {{id: r{0}, title: {{ru: t, en: t}}, source: {{paragraphs: [20]}}, "
            "when: {{input: flag, op: '=', value: yes}}, then: [direction_a]}}\n")
    text = "rules:\n" + "".join(rule.format(i) for i in range(guard.MAX_RULES + 1))
    assert len(text.encode()) < guard.MAX_KB_FILE_BYTES
    line = classify_refused(kb_with(tmp_path, "rules/many.yaml", text), profile)
    assert str(guard.MAX_RULES) in line


def test_a_multi_megabyte_file_is_refused_before_parsing(tmp_path, profile):
    root = kb_with(tmp_path, "rules/big.yaml", "# " + "x" * (3 << 20) + "\nrules: []\n")
    assert "MiB" in classify_refused(root, profile)


def test_a_very_long_comment_line_is_refused(tmp_path, profile):
    root = kb_with(tmp_path, "rules/long.yaml", "# " + "x" * 300_000 + "\nrules: []\n")
    assert "long.yaml:1:" in classify_refused(root, profile)


def test_an_alias_bomb_in_a_kb_is_refused(tmp_path, profile):
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    root = kb_with(tmp_path, "rules/bomb.yaml", "rules: []\n" + bomb)
    assert str(guard.MAX_NODES) in classify_refused(root, profile)


def test_a_self_referencing_alias_in_a_kb_is_refused(tmp_path, profile):
    root = kb_with(tmp_path, "rules/self.yaml", "rules: &r [*r]\n")
    assert "self.yaml:1:" in classify_refused(root, profile)


def test_bounded_aliases_still_work_in_a_kb(tmp_path, profile):
    text = ("rules:\n  - id: r_one\n    title: &t {ru: t, en: t}\n    source: {paragraphs: [20]}\n"
            "    when: {input: flag, op: '=', value: yes}\n    then: [direction_a]\n"
            "  - id: r_two\n    title: *t\n    source: {paragraphs: [20]}\n"
            "    when: {input: flag, op: '=', value: yes}\n    then: [direction_a]\n")
    root = kb_with(tmp_path, "rules/rules.yaml", text)
    result = CliRunner().invoke(main, ["classify", str(profile), "--kb", str(root)])
    assert result.exit_code == 0, result.output


def test_a_finding_whose_detail_wraps_is_still_one_line():
    finding = Finding("KB040", "rules/x.yaml", 4, {"rule": "r\x1b[2J", "detail": "a > 3\n   and a < 2\r\n"})
    text = render_report(Report("kb", [finding], loaded=True), "en")
    first = text.splitlines()[0]
    assert FINDING_LINE.match(first) and "\x1b" not in text
    assert first.startswith("rules/x.yaml:4: KB040 error:") and "a > 3 and a < 2" in first


def test_a_deep_flow_collection_is_refused_before_the_yaml_scanner_reads_it_whole(tmp_path, profile):
    """Found by the fuzz suite: ruamel's scanner reads a flow collection ahead, quadratically in its depth
    (10 s for 5,000 levels), before the composer sees its first level; the depth is now measured first."""
    root = kb_with(tmp_path, "rules/deep.yaml", "rules: []\nx: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "deep.yaml:2:" in classify_refused(root, profile)
    assert guard.check_flow_depth("a: '" + "[" * 100 + "' # " + "{" * 100 + "\n") is None  # quoted, commented
