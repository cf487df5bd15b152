"""The result a district methodologist opens: the reader's language, an XLSX with summary and errors, no formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from tests.test_batch import classify

ROSTER = ("Код;ФИО;Класс;Доля пропусков;Правонарушения;Употребление ПАВ;Примечание\n"
          "S-1;Иванов Иван;5А;12;нет;Алкоголь;\n"
          "S-2;Петрова Анна;5А;3;нет;нет;=1+1\n"
          "=HYPERLINK(\"http://x\");Ким;5Б;0;нет;нет;\n"
          "S-4;Ли;5Б;abc;нет;нет;\n"
          "S-1;Иванов Иван;5А;0;нет;нет;\n")


def school(tmp_path: Path) -> Path:
    path = tmp_path / "school.csv"
    path.write_text(ROSTER, encoding="utf-8-sig")
    return path


def test_csv_result_in_russian_words(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = classify(school(tmp_path), "-o", out, "--keep-columns", "Примечание", ids=False)
    assert res.exit_code == 1
    rows = list(csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines(), delimiter=";"))
    first = rows[0]
    assert first["Код учащегося"] == "S-1" and first["Класс"] == "5А"
    assert first["Направление сопровождения"] == "Девиантное поведение"
    assert first["Предварительно"] == "нет" and first["СРОЧНО"] == "нет"
    assert first["Функции социального педагога"] == "Посредническая функция"
    assert first["Правила, по которым определено направление"] == ("Прогулы по доле пропусков (§19); "
                                                                    "Девиантное поведение (§19)")
    errors = list(csv.DictReader(out.with_name("r.errors.csv").read_bytes().decode("utf-8-sig").splitlines(),
                                 delimiter=";"))
    assert list(errors[0]) == ["Строка", "Столбец", "Значение", "Что не так", "Что написать"]
    assert (errors[0]["Строка"], errors[0]["Столбец"], errors[0]["Что написать"]) == (
        "5", "Доля пропусков", "целое число от 0 до 100 или пусто (не знаю)")
    assert "уже встречался в строке 2" in errors[1]["Что не так"]
    assert "  Девиантное поведение: 1" in res.stdout


def test_formulas_are_written_as_text_in_csv(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    classify(school(tmp_path), "-o", out, "--keep-columns", "Примечание", ids=False)
    text = out.read_bytes().decode("utf-8-sig")
    assert ";'=1+1" in text and "\n'=HYPERLINK" in text.replace('"', "")
    assert "\n=" not in text and ";=" not in text


def test_xlsx_result_for_excel(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    res = classify(school(tmp_path), "-o", out, "--keep-columns", "Примечание", ids=False)
    assert res.exit_code == 1, res.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Сводка", "Результат", "Ошибки"]
    result = book["Результат"]
    assert result.freeze_panes == "B2" and result.auto_filter.ref == "A1:M4"
    assert result["A1"].value == "Код учащегося" and result["A1"].font.b
    assert result["B1"].value == "Класс" and result["C1"].value == "Примечание"
    assert result.column_dimensions["D"].width == 32 and result["D2"].alignment.wrap_text
    note = result["C3"]
    assert note.value == "=1+1" and note.data_type == "s"  # text, never a formula
    assert result["A4"].value.startswith("=HYPERLINK") and result["A4"].data_type == "s"
    assert result["M2"].value == "Прогулы по доле пропусков (§19)\nДевиантное поведение (§19)"
    errors = [r for r in book["Ошибки"].iter_rows(values_only=True)]
    assert errors[0] == ("Строка", "Столбец", "Значение", "Что не так", "Что написать")
    assert [e[:3] for e in errors[1:]] == [(5, "Доля пропусков", "abc"), (6, "Код", "S-1")]
    summary = [r for r in book["Сводка"].iter_rows(values_only=True)]
    cells = {r[0]: r[1:] for r in summary if r[0]}
    assert cells["Девиантное поведение"][:2] == (1, 0)
    assert cells["Социально благополучный"][0] == 2
    assert cells["Всего"][0] == 3
    assert cells["СРОЧНО — установлено"][0] == 0
    by_class = summary.index(next(r for r in summary if r[0] == "По классам"))
    assert summary[by_class + 1][0] == "Класс" and summary[by_class + 2][0] == "5А"
    assert not out.with_name("r.errors.csv").exists()


def test_ids_keep_machine_values(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    classify(school(tmp_path), "-o", out, ids=True)
    header = out.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header == ("student_id;Класс;direction;provisional;functions;who;measures;specialists;urgent;"
                      "urgent_flags;clarify;rules")


def test_summary_names_urgent_students_established_and_not_clarified(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from expert.cli import main

    roster = tmp_path / "r.csv"
    roster.write_text("id;self_harm_signs;suicidal_talk;family_violence\n"
                      "S-1;нет;не знаю;нет\nS-2;нет;да;нет\nS-3;нет;нет;нет\nS-4;нет;нет;\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out)])
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(out)
    cells = {r[0]: r[1:] for r in book["Сводка"].iter_rows(values_only=True) if r[0]}
    assert cells["СРОЧНО — установлено"][:2] == (1, "S-2")
    assert cells["СРОЧНО — не выяснено"][:2] == (2, "S-1, S-4")
    result = list(book["Результат"].iter_rows(values_only=True))
    urgent = result[0].index("СРОЧНО")
    assert [r[urgent] for r in result[1:]] == ["не выяснено", "да", "нет", "не выяснено"]
    assert book["Результат"].cell(3, urgent + 1).fill.fgColor.rgb.endswith("F8CBAD")  # S-2 stands out
    assert book["Результат"].cell(2, urgent + 1).fill.fgColor.rgb.endswith("FFE699")  # S-1: to ask today
    assert "СРОЧНО — установлено: 1 — S-2" in res.stdout and "СРОЧНО — не выяснено: 2 — S-1, S-4" in res.stdout


def test_readme_shows_the_example_rosters_output(tmp_path: Path) -> None:
    """The README's roster example is what `expert classify examples/school_export.csv` prints."""
    import re

    from click.testing import CliRunner

    from expert.cli import main

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ expert classify examples/school_export.csv -o результат.xlsx\n(.*?)```", readme, re.S)
    assert shown, "the README shows the example roster's output"
    out = tmp_path / "результат.xlsx"
    res = CliRunner().invoke(main, ["classify", str(root / "examples" / "school_export.csv"), "-o", str(out)])
    printed = res.output.replace(str(out), "результат.xlsx")
    stale = "stale: run .venv/bin/python docs/roster_screenshots.py and paste its output into the README"
    assert sorted(shown.group(1).strip().splitlines()) == sorted(printed.strip().splitlines()), stale
