"""Reading a roster's structure as schools export it: header row, unknown columns, repeated ids."""

from __future__ import annotations

from pathlib import Path

from tests.test_batch import classify, read_csv, reconcile

HEADER = "Код;ФИО;Класс;Доля пропусков;Правонарушения"
ROWS = ["S-1;Иванов Иван;5А;12;нет", "S-2;Петрова Анна;5Б;0;нет"]


def write(tmp_path: Path, *lines: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_roster_with_title_row_finds_header(tmp_path: Path) -> None:
    roster = write(tmp_path, "Список учащихся 5-х классов, школа № 12;;;;", ";;;;", "на 01.09.2026", HEADER, *ROWS)
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out)
    rows, errors = reconcile(res, out)
    assert [(r["student_id"], r["Класс"], r["direction"]) for r in rows] == [
        ("S-1", "5А", "direction_deviant"), ("S-2", "5Б", "direction_well_off")]
    assert "строка заголовка: 4" in res.stderr
    assert "прочитано строк: 2" in res.stdout  # the title rows are not students


def test_title_row_without_delimiters_does_not_decide_the_delimiter(tmp_path: Path) -> None:
    roster = write(tmp_path, "Список учащихся", HEADER, *ROWS)
    res = classify(roster, "-o", tmp_path / "o.csv")
    assert res.exit_code == 0, res.output
    assert "разделитель «;»" in res.stderr and "строка заголовка: 2" in res.stderr


def test_wrong_delimiter_stops_with_what_was_expected_and_found(tmp_path: Path) -> None:
    roster = write(tmp_path, HEADER, *ROWS)
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out, "--delimiter", ",")
    assert res.exit_code == 2
    assert f"{roster}:1: заголовок не найден: распознано столбцов 0 из 1" in res.stderr
    assert "«Код;ФИО;Класс;Доля пропусков;Правонарушения»" in res.stderr and "--delimiter" in res.stderr
    assert "Traceback" not in res.output and not out.exists()


def test_too_few_recognised_columns_is_not_a_silent_success(tmp_path: Path) -> None:
    roster = write(tmp_path, "Код;Показатель 1;Показатель 2;Показатель 3;Правонарушения", "S-1;1;2;3;нет")
    res = classify(roster, "-o", tmp_path / "o.csv", "--lang", "en")
    assert res.exit_code == 2
    assert "header not found: 2 of 5 columns recognised, 1 of them answers" in res.stderr
    mapping = tmp_path / "map.yaml"  # the way out: say what the other columns are
    mapping.write_text("Показатель 1: ignore\nПоказатель 2: ignore\n", encoding="utf-8")
    assert classify(roster, "-o", tmp_path / "o.csv", "--columns", mapping).exit_code == 0


def test_each_unknown_column_named_once_with_the_closest_label(tmp_path: Path) -> None:
    roster = write(tmp_path, "Код;Доля пропуск;Правонарушение;Примечание", "S-1;3;нет;x", "S-2;4;нет;")
    res = classify(roster, "-o", tmp_path / "o.csv", "--columns", write(tmp_path, "Доля пропуск: truancy_share",
                                                                         name="m.yaml"))
    assert res.exit_code == 0, res.output
    assert "«Правонарушение» (может быть, «Правонарушения»?)" in res.stderr
    assert res.stderr.count("Примечание") == 1 and "Примечание» (может быть" not in res.stderr


def test_repeated_id_is_an_error_row_naming_the_first(tmp_path: Path) -> None:
    roster = write(tmp_path, HEADER, *ROWS, "S-1;Иванов Иван;5А;0;нет", "S-3;Ли Ли;6А;0;нет")
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out)
    rows, errors = reconcile(res, out)
    assert [r["student_id"] for r in rows] == ["S-1", "S-2", "S-3"]
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [("4", "Код", "S-1")]
    assert "уже встречался в строке 2" in errors[0]["message"]
    assert rows[0]["direction"] == "direction_deviant"  # the first occurrence stands, nothing merged


def test_context_columns_kept_personal_dropped(tmp_path: Path) -> None:
    roster = write(tmp_path, "Код;ФИО;Дата рождения;Школа;Класс;Правонарушения", "S-1;Иванов Иван;01.01.2012;12;5А;нет")
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out, ids=False)
    rows, _ = reconcile(res, out)
    assert list(rows[0])[:3] == ["Код учащегося", "Школа", "Класс"]
    text = out.read_text(encoding="utf-8-sig")
    assert "Иванов" not in text and "01.01.2012" not in text
    assert "«ФИО», «Дата рождения»" in res.stderr


def test_names_in_the_id_column_are_warned_about(tmp_path: Path) -> None:
    roster = write(tmp_path, "Код;Правонарушения", "Иванов Иван;нет", "Петрова Анна Сергеевна;да")
    res = classify(roster, "-o", tmp_path / "o.csv")
    assert res.exit_code == 0
    assert "похоже на фамилии и имена" in res.stderr
    assert "Иванов" not in res.stderr  # the warning does not repeat the names
    res = classify(write(tmp_path, "Код;Правонарушения", "S-1;нет", "7А-02;да"), "-o", tmp_path / "o.csv")
    assert "похоже на фамилии" not in res.stderr


def test_a_named_id_column_that_is_missing_is_an_error(tmp_path: Path) -> None:
    res = classify(write(tmp_path, HEADER, *ROWS), "-o", tmp_path / "o.csv", "--id-column", "Номер")
    assert res.exit_code == 2 and "столбца «Номер» (--id-column) нет в заголовке" in res.stderr


def test_xlsx_title_rows_and_blank_rows_above_the_header(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Социально-педагогическая диагностика"])
    sheet.append([])
    sheet.append(["Код", "Класс", "Правонарушения", "Доля пропусков"])
    sheet.append(["A", "7Б", "да", 1])
    src = tmp_path / "r.xlsx"
    book.save(src)
    out = tmp_path / "o.csv"
    res = classify(src, "-o", out)
    assert res.exit_code == 0, res.output
    assert [(r["student_id"], r["Класс"]) for r in read_csv(out)] == [("A", "7Б")]


def test_screening_answers_apply_to_roster_rows_as_to_one_profile(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from expert.cli import main

    roster = write(tmp_path, "Код;Есть ли какие-либо формы девиантного поведения;Правонарушения",
                   "S-1;нет;", "S-2;нет;да", "S-3;да;нет")
    out = tmp_path / "o.csv"
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out), "--ids"])
    rows, errors = reconcile(res, out)
    assert "offences" not in rows[0]["clarify"]  # «нет» to the screen answers «Правонарушения»
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [("3", "Правонарушения", "да")]
    assert "противоречит ответу «нет»" in errors[0]["message"]
