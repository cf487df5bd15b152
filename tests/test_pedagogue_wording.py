"""What pedagogues read carries no programmer wording: no dangling arrows, one review section, scores that say
what they mean."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_report_has_one_review_section_and_no_rule_line_ends_in_an_arrow(tmp_path):
    res = CliRunner().invoke(main, ["consult", "--answers", str(ROOT / "examples" / "risk_group.yaml"), "--today",
                                    "2026-01-10", "--session", str(tmp_path / "s.json"), "--report",
                                    str(tmp_path / "rep")], input="")
    assert res.exit_code == 0, res.output
    md = (tmp_path / "rep" / "S-0102-consult.md").read_text(encoding="utf-8")
    assert md.count("## Пересмотр") == 1
    assert "- Дата пересмотра: 2026-03-11 (Пересмотр в конце четверти)" in md
    assert not re.search(r"→\s*$", md, re.MULTILINE)
    assert "(уже установлено раньше другим правилом)" in md


def test_a_score_nobody_was_asked_about_is_not_zero(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("id: S-1\nanswers: {offences: yes}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["classify", str(profile)]).output
    assert "Число защитных факторов: нет данных" in out and "Число защитных факторов = 0" not in out


def test_a_negative_score_says_what_it_means(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("id: S-1\nanswers: {supportive_family: yes, extracurricular: yes, trusted_adult: yes, "
                       "emotional_difficulties: yes}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["classify", str(profile)]).output
    line = next(x for x in out.splitlines() if x.startswith("Баллы:"))
    assert re.search(r"= -\d+ \(меньше нуля: защитные факторы перевешивают факторы риска\)", line)
