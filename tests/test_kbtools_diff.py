"""``expert kb diff OLD NEW``: what an edit changes in the KB, and whose conclusions it changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from expert.engine import Classifier
from expert.kbtools.diff import diff_kbs
from expert.rules.loader import load_kb

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "broken_kbs" / "base"
CASES = FIXTURES / "kbtools_cases"


def edited(tmp_path: Path) -> Path:
    """The base KB with the truancy threshold lowered from 10 to 5 and the risk rule's title reworded."""
    new = tmp_path / "new"
    shutil.copytree(BASE, new)
    params = new / "parameters.yaml"
    params.write_text(params.read_text().replace("value: 10", "value: 5"))
    rules = new / "rules" / "rules.yaml"
    rules.write_text(rules.read_text().replace("en: Risk group}", "en: At risk}"))
    return new


def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("id;ФИО;offences;truancy_share;family\n"
                    "S-1;Иванов Иван;no;7;strong\n"
                    "S-2;Петров Пётр;no;2;weak\n"
                    "S-3;Сидоров;no;6;weak\n"
                    "S-4;Кузнецов;yes;30;strong\n"
                    "S-5;Попов;no;abc;strong\n", encoding="utf-8")
    return path


def test_changes_and_impact_on_cases_and_roster(tmp_path: Path) -> None:
    new = edited(tmp_path)
    diff = diff_kbs(Classifier(load_kb(BASE)), Classifier(load_kb(new)), CASES, roster(tmp_path))
    assert diff.changes["parameters"].changed == {"truancy_percent": ["10 -> 5", "used by truancy"]}
    assert diff.changes["rules"].changed == {"risk": ["title"]}
    assert not diff.changes["inputs"] and not diff.changes["conclusions"]
    cases, students = diff.impacts
    assert cases.total == 3
    assert [(c.id, c.old_direction, c.new_direction) for c in cases.changes] == [
        ("low_truancy", "direction_well_off", "direction_deviant")]
    assert students.total == 5
    assert [(c.id, c.old_direction, c.new_direction) for c in students.ordered()] == [
        ("S-1", "direction_well_off", "direction_deviant"), ("S-3", "direction_risk_group", "direction_deviant")]
    assert students.changes[0].gained == ["finding_truancy", "direction_deviant"]
    assert students.changes[0].lost == ["direction_well_off"]
    assert students.changes[0].where == f"{tmp_path / 'roster.csv'}:2"
    assert len(students.unreadable) == 2 and all(":6: truancy_share" in u for u in students.unreadable)


def test_cli_text_json_and_no_names(tmp_path: Path) -> None:
    new = edited(tmp_path)
    runner = CliRunner()
    args = ["kb", "diff", str(BASE), str(new), "--cases", str(CASES), "--roster", str(roster(tmp_path))]
    text = runner.invoke(main, [*args, "--lang", "en", "--limit", "1"])
    assert text.exit_code == 0, text.output
    assert "~ truancy_percent: 10 -> 5, used by truancy" in text.output
    assert f"{tmp_path / 'roster.csv'}: 2 of 5 change their conclusions, 2 of them the direction" in text.output
    assert "S-1 (" in text.output and "S-3 (" not in text.output and "... and 1" in text.output
    assert "Иванов" not in text.output
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert [i["changed"] for i in data["impacts"]] == [1, 2]
    assert "Иванов" not in json.dumps(data, ensure_ascii=False)


def test_default_cases_are_the_new_kbs(tmp_path: Path) -> None:
    new = edited(tmp_path)
    shutil.copytree(CASES, new / "cases")
    result = CliRunner().invoke(main, ["kb", "diff", str(BASE), str(new), "--lang", "en"])
    assert f"{new / 'cases'}: 1 of 3 change their conclusions, 1 of them the direction" in result.output


def test_identical_kbs_change_nothing() -> None:
    diff = diff_kbs(Classifier(load_kb(BASE)), Classifier(load_kb(BASE)), CASES, None)
    assert not any(diff.changes.values()) and diff.impacts[0].changes == []


def test_kb_diff_counts_the_rows_classify_reads(tmp_path: Path) -> None:
    path = roster(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + ";;;;\n\nS-6;;no;1;strong\n", encoding="utf-8")
    diff = CliRunner().invoke(main, ["kb", "diff", str(BASE), str(edited(tmp_path)), "--roster", str(path)])
    assert diff.exit_code == 0, diff.output
    classified = CliRunner().invoke(main, ["classify", str(path), "-o", str(tmp_path / "o.csv"), "--kb", str(BASE)])
    assert "прочитано строк: 6;" in classified.output
    assert " из 6" in diff.output


def test_roster_report_in_the_readers_language(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Список 5А;;;;\n" + roster(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    res = CliRunner().invoke(main, ["kb", "diff", str(BASE), str(edited(tmp_path)), "--roster", str(path),
                                    "--cases", str(CASES)])
    assert res.exit_code == 0, res.output
    kb = load_kb(BASE)
    well_off, deviant = (kb.conclusions[c].title.ru for c in ("direction_well_off", "direction_deviant"))
    truancy = kb.conclusions["finding_truancy"].title.ru
    assert f"  S-1 ({path}:3): {well_off} -> {deviant}; + {truancy}" in res.output  # the header found in row 2
    assert f"{path}: выводы меняются у 2 из 5" in res.output
    assert "используется в truancy" in res.output and "used by" not in res.output
    assert f"не читается по старой базе: {path}:7: truancy_share: ожидалось целое число" in res.output
    assert "direction_" not in res.output and "finding_" not in res.output
