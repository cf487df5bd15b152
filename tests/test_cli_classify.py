"""`expert classify` as a user meets it: Russian by default, English on request, JSON for programs, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from tests.conftest import ROOT, SMALL_KB

RISK = str(ROOT / "tests" / "fixtures" / "profiles" / "risk.yaml")
DEVIANT = str(ROOT / "tests" / "fixtures" / "profiles" / "deviant.json")


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--kb", str(SMALL_KB)])


def test_text_in_russian_by_default() -> None:
    res = run("classify", RISK)
    assert res.exit_code == 0, res.output
    assert "Направление сопровождения: Группа риска — окончательно" in res.output
    assert "Профилактическая функция" in res.output and "Семья в трудной ситуации" in res.output
    assert "S-7" in res.output and "Тестова" not in res.output


def test_english_and_name_on_request() -> None:
    res = run("classify", DEVIANT, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Direction of support: Deviant behaviour — settled" in res.output
    assert "Individual rehabilitation route" in res.output
    res = run("classify", RISK, "--show-name")
    assert "S-7 (Тестова Алия)" in res.output


def test_json_includes_the_trace() -> None:
    res = run("classify", DEVIANT, "--format", "json")
    data = json.loads(res.output)
    assert data["direction"] == "direction_deviant" and data["provisional"] is False
    assert [f["rule"] for f in data["trace"]][:3] == ["truancy_by_share", "deviant", "route_psy"]
    assert data["trace"][0]["premises"] == [{"kind": "input", "id": "truancy_share", "value": 25}]


def test_wrong_values_give_one_line_each_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: X\nanswers:\n  truancy_share: 300\n  ghost: yes\n  offences: maybe\n", encoding="utf-8")
    res = run("classify", str(bad))
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert lines == [
        f"ошибка: {bad}:3: answers.truancy_share: truancy_share: 300 вне допустимого диапазона 0..100",
        f"ошибка: {bad}:4: answers.ghost: неизвестный признак 'ghost' (его нет в базе знаний)",
        f"ошибка: {bad}:5: answers.offences: offences: ожидалось да или нет, получено 'maybe'",
    ]
    assert "Traceback" not in res.output


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    res = run("classify", str(tmp_path / "none.yaml"))
    assert res.exit_code == 2 and "none.yaml: файл не найден" in res.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": 1, "answers": {"offences": }', encoding="utf-8")
    res = run("classify", str(broken))
    assert res.exit_code == 2 and f"{broken}:1: столбец 35: ошибка в записи JSON" in res.output
    res = run("classify", str(tmp_path))
    assert res.exit_code == 2 and "это папка, а не файл" in res.output
    nonutf = tmp_path / "cp1251.yaml"
    nonutf.write_bytes("id: 1\nanswers:\n  offences: да\n".encode("cp1251"))
    res = run("classify", str(nonutf))
    assert res.exit_code == 2 and "файл не в кодировке UTF-8" in res.output


def test_a_broken_kb_is_reported_not_crashed(kb_copy: Path) -> None:
    (kb_copy / "conclusions.yaml").write_text("conclusions:\n  - id: X\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["classify", RISK, "--kb", str(kb_copy)])
    assert res.exit_code == 2
    where = f"{kb_copy / 'conclusions.yaml'}:2: conclusions[0].id:"
    assert f"{where} идентификатор должен соответствовать шаблону" in res.output
    assert "Traceback" not in res.output


def test_unknown_words_are_unknown(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("id: U\nanswers:\n  offences: не знаю\n  truancy_share: unknown\n  low_income: null\n",
                 encoding="utf-8")
    data = json.loads(run("classify", str(p), "--format", "json").output)
    assert data["inputs"] == {} and "offences" in data["unknown"] and data["provisional"] is True


def test_screening_questions_the_answers_settle_are_not_counted_unknown(tmp_path: Path) -> None:
    """One meaning of «unknown»: a screen settled by its specific answers is answered, as in the consultation."""
    res = CliRunner().invoke(main, ["classify", str(ROOT / "examples" / "risk_group.yaml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [k for k in data["unknown"] if k.startswith("screen_")] == []
    assert data["inputs"]["screen_family"] is True
    consult = CliRunner().invoke(main, ["consult", "--answers", str(ROOT / "examples" / "risk_group.yaml"),
                                        "--session", str(tmp_path / "s.json")], input="")
    shown = next(line for line in consult.output.splitlines() if "Неизвестных ответов" in line)
    again = CliRunner().invoke(main, ["classify", str(tmp_path / "s.json")])
    assert shown in again.output
