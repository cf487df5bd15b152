"""One reader for what people write as an answer: consultation, --answers files, profiles and roster cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.batch.cells import CellError, CellReader
from expert.cli import main
from expert.consult.answer_file import load_answer_file
from expert.consult.answers import BadAnswer, parse_answer
from expert.errors import UserError
from expert.facts.profile import check_answer
from expert.rules.loader import load_kb
from tests.consult_helpers import BUNDLED_KB, CONSULT_KB

KB = load_kb(BUNDLED_KB)

WRITTEN = [
    ("substances", "вейпы", frozenset({"tobacco_vaping"})),
    ("substances", "Табак, вейпы, насвай", frozenset({"tobacco_vaping"})),
    ("substances", "табак", frozenset({"tobacco_vaping"})),
    ("substances", "ТАБАК; алкоголь", frozenset({"tobacco_vaping", "alcohol"})),
    ("substances", "наркот", frozenset({"drugs"})),
    ("substances", "Спиртное, вейп", frozenset({"alcohol", "tobacco_vaping"})),
    ("substances", "нет", frozenset()),
    ("func_hearing", "нет", "none"),
    ("func_hearing", "Нет трудностей", "none"),
    ("func_hearing", "некоторые", "some"),
    ("func_hearing", "очень большие трудности", "a_lot"),
    ("age", "13 лет", 13),
    ("truancy_share", "8%", 8),
    ("truancy_share", "8 %", 8),
    ("truancy_share", "8 % учебных дней", 8),
    ("offences", "Да", True),
]


def _consult(input_id: str, text: str):
    value = parse_answer(KB.inputs[input_id], text, "ru")
    return None if value.__class__ is object else value


def _cell(input_id: str, text: str):
    return CellReader(KB, KB.inputs[input_id]).read(text)


def _file(input_id: str, text: str):
    return check_answer(KB, input_id, text)


@pytest.mark.parametrize("read", [_consult, _cell, _file], ids=["consultation", "roster cell", "answers file"])
@pytest.mark.parametrize(("input_id", "text", "value"), WRITTEN)
def test_every_entry_point_reads_what_people_write(read, input_id, text, value):
    assert read(input_id, text) == value


@pytest.mark.parametrize(("input_id", "text"), [("age", "13 км"), ("truancy_share", "8 лет"), ("func_hearing", "н2"),
                                                 ("substances", "пиво с чипсами")])
def test_what_is_not_an_answer_is_refused_everywhere(input_id, text):
    with pytest.raises(BadAnswer):
        parse_answer(KB.inputs[input_id], text, "ru")
    with pytest.raises(CellError):
        _cell(input_id, text)
    with pytest.raises(ValueError):
        _file(input_id, text)


def test_a_prefix_of_several_options_asks_which_one():
    expected = "«не» подходит к нескольким вариантам: Нет трудностей; Некоторые трудности; Совсем не может"
    with pytest.raises(BadAnswer, match=expected):
        parse_answer(KB.inputs["func_hearing"], "не", "ru")


def test_a_dash_is_unknown_not_no():
    assert _cell("offences", "-") is None and _file("substances", "—") is None


def test_answers_file_accepts_titles_synonyms_and_units(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("substances: [вейпы, Алкоголь]\nage: 13 лет\nfunc_hearing: нет\n", encoding="utf-8")
    given = load_answer_file(KB, path)
    assert given.answers["substances"] == frozenset({"tobacco_vaping", "alcohol"})
    assert given.answers["age"] == 13 and given.answers["func_hearing"] == "none"


def test_a_synonym_naming_two_options_is_a_kb_error(tmp_path: Path):
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(CONSULT_KB, kb)
    inputs = kb / "inputs.yaml"
    text = inputs.read_text(encoding="utf-8")
    inputs.write_text(text.replace("title: {ru: Табак, en: Tobacco}",
                                   "title: {ru: Табак, en: Tobacco}\n        synonyms: {ru: [алкоголь]}"),
                      encoding="utf-8")
    with pytest.raises(UserError, match="names two options: alcohol and tobacco"):
        load_kb(kb)


def test_consultation_takes_units_and_no_to_a_difficulty_question(tmp_path: Path):
    argv = ["consult", "--kb", str(CONSULT_KB), "--today", "2026-01-10", "--student", "7А-06",
            "--session", str(tmp_path / "s.json")]
    result = CliRunner().invoke(main, argv, input="нет\nнет\n5 %\nтабак\nнет\nнет\n")
    assert result.exit_code == 0, result.output
    assert "Не понял" not in result.output
    assert "Направление сопровождения:" in result.output
