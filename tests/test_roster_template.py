"""`expert template roster.xlsx`: the workbook a school fills in, and the way back through `expert classify`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from expert.batch.template import HEADER_ROW, choices, written_answer
from expert.cli import main
from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import profile_from_document
from expert.rules.loader import load_cases, load_kb


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "список.xlsx"
    res = CliRunner().invoke(main, ["template", str(path)])
    assert res.exit_code == 0, res.output
    return path


def test_one_column_per_question_grouped_as_the_interview(template: Path) -> None:
    kb = load_kb(DEFAULT_KB)
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Учащиеся", "Инструкция", "Списки"] and book.active.title == "Учащиеся"
    sheet = book["Учащиеся"]
    headers = [c.value for c in sheet[HEADER_ROW]]
    labels = [kb.inputs[i].label.ru for g in kb.groups for i in kb.inputs if kb.inputs[i].group == g]
    assert headers == ["Код", "Класс", *labels]
    groups = [c.value for c in sheet[1] if c.value]
    assert groups == ["Учащийся", *(kb.groups[g].title.ru for g in kb.groups
                                    if any(i.group == g for i in kb.inputs.values()))]
    assert sheet.freeze_panes == "C3"
    note = sheet.cell(HEADER_ROW, 3).comment.text
    first = kb.inputs[next(i for g in kb.groups for i in kb.inputs if kb.inputs[i].group == g)]
    assert first.question.ru in note and first.help.ru in note


def test_drop_downs_with_unknown_and_number_ranges(template: Path) -> None:
    kb = load_kb(DEFAULT_KB)
    book = openpyxl.load_workbook(template)
    sheet, lists = book["Учащиеся"], book["Списки"]
    assert lists.sheet_state == "hidden"
    by_column = {}
    for check in sheet.data_validations.dataValidation:
        by_column[str(check.sqref).split(":")[0].rstrip("0123456789")] = check
    headers = {c.value: c.column_letter for c in sheet[HEADER_ROW]}
    offences = by_column[headers[kb.inputs["offences"].label.ru]]
    assert offences.type == "list" and offences.showErrorMessage
    column = offences.formula1.split("!")[1].split(":")[0].strip("$").rstrip("0123456789$")
    assert [lists[f"{column}{r}"].value for r in range(1, 4)] == ["да", "нет", "не знаю"]
    integer = next(i for i in kb.inputs.values() if i.type == "integer")
    number = by_column[headers[integer.label.ru]]
    assert (number.type, number.formula1, number.formula2) == ("whole", str(integer.min), str(integer.max))
    assert number.allow_blank  # empty is «не знаю»
    for inp in kb.inputs.values():
        if inp.type in ("choice", "multi"):
            assert choices(inp, "ru")[-1] == "не знаю"
            assert [o.title.ru for o in inp.options or []] == choices(inp, "ru")[:len(inp.options or [])]
    instructions = " ".join(str(c.value) for c in book["Инструкция"]["A"] if c.value)
    assert "не знаю" in instructions and "expert classify" in instructions


def cell(kb, input_id: str, value) -> str | int:
    """The answer as a drop-down of the template offers it (titles, да/нет), several options typed with «;»;
    a number as Excel stores it."""
    inp = kb.inputs[input_id]
    return value if inp.type == "integer" and value is not None else written_answer(inp, value, "ru")


def test_template_filled_by_a_script_classifies_every_row_as_expected(template: Path, tmp_path: Path) -> None:
    kb = load_kb(DEFAULT_KB)
    classifier = Classifier(kb)
    cases = [(case, profile_from_document(kb, doc, doc.data["profile"], ("profile",)))
             for case, doc in load_cases(DEFAULT_KB / "cases")]
    book = openpyxl.load_workbook(template)
    sheet = book["Учащиеся"]
    columns = {c.value: c.column for c in sheet[HEADER_ROW]}
    by_label = {inp.label.ru: inp.id for inp in kb.inputs.values()}
    for row, (case, profile) in enumerate(cases, start=HEADER_ROW + 1):
        sheet.cell(row, columns["Код"], profile.id)
        sheet.cell(row, columns["Класс"], f"{5 + row % 4}А")
        answers = case.profile.get("answers", {})
        for label, column in columns.items():
            if label in by_label:
                value = profile.values.get(by_label[label]) if by_label[label] in answers else None
                sheet.cell(row, column, cell(kb, by_label[label], value))
    filled = tmp_path / "заполнено.xlsx"
    book.save(filled)
    out = tmp_path / "результат.xlsx"
    res = CliRunner().invoke(main, ["classify", str(filled), "-o", str(out), "--ids"])
    assert res.exit_code == 0, res.output
    assert f"прочитано строк: {len(cases)}; классифицировано: {len(cases)}; ошибок: 0" in res.stdout
    assert "неизвестные столбцы" not in res.stderr and "нет столбцов" not in res.stderr
    rows = list(openpyxl.load_workbook(out, read_only=True)["Результат"].iter_rows(values_only=True))
    got = {r[0]: r[2] for r in rows[1:]}
    for case, profile in cases:
        expected = case.expect.direction if case.expect.direction is not None else \
            classifier.classify(profile).direction
        assert got[profile.id] == (expected or None), case.id
