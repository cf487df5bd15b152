"""Hostile rosters (issue 16): every row accounted for, no traceback, no hang, nothing left behind."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from expert import guard
from tests.test_batch import classify, reconcile

HEADER = "id;truancy_share;offences;substances"


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def no_parts(folder: Path) -> None:
    assert not list(folder.glob(".*.part")), list(folder.iterdir())


def one_line(res) -> str:
    assert res.exit_code == 2, res.output
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit), res.exception
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_a_cell_over_the_csv_field_limit_is_one_error_row(tmp_path):
    roster = write_csv(tmp_path / "r.csv", "S1;5;нет;", "S2;" + "x" * 200_000 + ";нет;", "S3;7;да;")
    res = classify(roster, "-o", tmp_path / "out.csv")
    rows, errors = reconcile(res, tmp_path / "out.csv")
    assert [r["student_id"] for r in rows] == ["S1", "S3"]
    assert [e["row"] for e in errors] == ["3"] and str(guard.MAX_CELL_CHARS) in errors[0]["message"]
    no_parts(tmp_path)


def test_a_huge_cell_in_the_header_sample_does_not_break_delimiter_detection(tmp_path):
    roster = write_csv(tmp_path / "r.csv", "S1;" + "x" * 200_000 + ";нет;")
    res = classify(roster, "-o", tmp_path / "out.csv")
    rows, errors = reconcile(res, tmp_path / "out.csv")
    assert (len(rows), len(errors)) == (0, 1)


def test_a_multi_choice_cell_listing_1500_options_finishes(tmp_path):
    roster = write_csv(tmp_path / "r.csv", "S1;5;нет;" + ", ".join(["alcohol", "tobacco"] * 750), "S2;1;нет;alcohol")
    res = classify(roster, "-o", tmp_path / "out.csv")
    rows, errors = reconcile(res, tmp_path / "out.csv")
    assert len(rows) + len(errors) == 2
    no_parts(tmp_path)


def xlsx_with_shared_strings(path: Path, shared_bytes: int) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["id", "offences"])
    book.active.append(["S1", "да"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b"<si><t>" + b"a" * shared_bytes + b"</t></si></sst>")
    return path


@pytest.mark.parametrize("limit", ["MAX_XLSX_SHARED_STRINGS", "MAX_XLSX_EXPANDED"])
def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(guard, limit, 100_000)
    bomb = xlsx_with_shared_strings(tmp_path / "bomb.xlsx", 200_000)
    assert bomb.stat().st_size < 20_000
    line = one_line(classify(bomb, "-o", tmp_path / "out.csv"))
    assert "bomb.xlsx" in line and "KiB" in line
    no_parts(tmp_path)


def test_an_xlsx_within_the_limits_is_read(tmp_path):
    book = xlsx_with_shared_strings(tmp_path / "ok.xlsx", 1000)
    rows, _errors = reconcile(classify(book, "-o", tmp_path / "out.csv"), tmp_path / "out.csv")
    assert [r["student_id"] for r in rows] == ["S1"]


def test_output_into_a_missing_folder_is_one_line_before_any_work(tmp_path):
    roster = write_csv(tmp_path / "r.csv", "S1;5;нет;")
    line = one_line(classify(roster, "-o", tmp_path / "missing" / "out.csv", kb=tmp_path / "no_kb"))
    assert "missing" in line
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("line,word", [
    ('{"id": "S2", "x": ' + "[" * 5000 + "]" * 5000 + "}", "64"),
    ('{"id": "S2", "truancy_share": ' + "9" * 5000 + "}", "30"),
    ('{"id": "S2\\ud800", "offences": true}', "UTF-16"),
    ('{"id": "S2", "offences": true, "offences": false}', "offences"),
    ('{"id": "S2", "truancy_share": NaN}', "NaN"),
])
def test_hostile_jsonl_lines_are_error_rows(tmp_path, line, word):
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "S1", "offences": false}\n' + line + '\n{"id": "S3", "offences": true}\n',
                      encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "out.csv")
    rows, errors = reconcile(res, tmp_path / "out.csv")
    assert [r["student_id"] for r in rows] == ["S1", "S3"]
    assert [e["row"] for e in errors] == ["2"] and word in errors[0]["message"], errors
    no_parts(tmp_path)


def test_a_jsonl_line_over_the_limit_is_an_error_row_not_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(guard, "MAX_LINE_BYTES", 10_000)
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "S1"}\n{"id": "' + "x" * 50_000 + '"}\n{"id": "S3"}\n', encoding="utf-8")
    rows, errors = reconcile(classify(roster, "-o", tmp_path / "out.csv"), tmp_path / "out.csv")
    assert [r["student_id"] for r in rows] == ["S1", "S3"] and [e["row"] for e in errors] == ["2"]


@pytest.mark.parametrize("student_id", ["S" * 400, "Ж" * 300, "a/" * 200, "..", "CON", "x\ty"])
def test_explain_dir_with_hostile_ids_writes_bounded_names(tmp_path, student_id):
    roster = tmp_path / "r.jsonl"
    roster.write_text(json.dumps({"id": student_id, "offences": True}) + "\n", encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "out.csv", "--explain-dir", tmp_path / "why")
    assert res.exit_code == 0, res.output
    names = [p.name for p in (tmp_path / "why").iterdir()]
    assert len(names) == 1 and len(names[0].encode()) <= 255 and not names[0].startswith(".")


@pytest.mark.parametrize("student_id", ["x\x00y", "\x1b[31mred", "S\x07", "a\x0bb"])
def test_control_characters_in_a_cell_do_not_break_the_xlsx_result(tmp_path, student_id):
    """Found by the fuzz suite: openpyxl refuses control characters (IllegalCharacterError traceback)."""
    roster = tmp_path / "r.jsonl"
    roster.write_text(json.dumps({"id": student_id, "offences": True}) + "\n" + '{"id": "S2", "offences": "??\x01"}\n',
                      encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "out.xlsx")
    assert res.exit_code in (0, 1) and not isinstance(res.exception, Exception) or isinstance(
        res.exception, SystemExit), res.exception
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    texts = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("\\x" in t for t in texts)
    no_parts(tmp_path)


def test_a_header_with_a_line_break_is_warned_about_on_one_line(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text('id;"ghost\ncolumn\x1b[2J";offences\nS1;x;да\n', encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "out.csv")
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stderr
    assert any("ghost\\x0acolumn" in line for line in res.stderr.splitlines()), res.stderr


def test_the_roster_reader_keeps_its_cell_limit_whoever_changed_the_csv_module(tmp_path):
    import csv

    previous = csv.field_size_limit(1 << 30)
    try:
        test_a_cell_over_the_csv_field_limit_is_one_error_row(tmp_path)
    finally:
        csv.field_size_limit(previous)


@pytest.mark.parametrize("text,word", [
    ("&a id: *a\n", "якоря и ссылки YAML"),
    ("Код: id\nКод: ignore\n", "повторяется"),
    ("x: " + "[" * 100 + "]" * 100 + "\n", "64"),
])
def test_a_hostile_column_map_is_one_line(tmp_path, text, word):
    roster = write_csv(tmp_path / "r.csv", "S1;5;нет;")
    columns = tmp_path / "cols.yaml"
    columns.write_text(text, encoding="utf-8")
    line = one_line(classify(roster, "-o", tmp_path / "out.csv", "--columns", columns))
    assert "cols.yaml" in line and word in line
    no_parts(tmp_path)
