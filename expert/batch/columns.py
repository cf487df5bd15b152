"""Matching roster columns to the vocabulary and turning one row into a student's answers.

A column is matched by input id or by its Russian/English label (case, ё/е and spacing ignored), or
by a ``--columns MAP.yaml`` that names a header's input explicitly. The student id comes from a
column named id / student_id / код; context columns (class, grade, school) are copied to the result;
personal columns (names, ИИН, ...) are never copied unless ``--keep-columns`` names them, and their
values never appear in the errors file. The header row is searched for among the first rows of a
sheet (school exports put a title above it), and a header that matches too little stops the run.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expert.batch.cells import CellError, CellReader
from expert.batch.messages import m
from expert.errors import Problem, UserError
from expert.facts.profile import screen_conflicts
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef
from expert.rules.yamlio import read_document

ID_HEADERS = {"id", "student id", "код", "код учащегося", "код ученика", "идентификатор", "student"}
PERSONAL_HEADERS = {
    "фио", "ф.и.о.", "ф и о", "name", "full name", "fullname", "student name", "фамилия", "имя", "отчество",
    "surname", "last name", "first name", "middle name", "patronymic", "иин", "iin", "инн", "дата рождения",
    "birth date", "birthdate", "date of birth", "dob", "адрес", "address", "телефон", "phone", "e-mail",
    "email", "почта", "родители", "parents", "фио родителя", "parent name", "снилс", "паспорт", "passport",
}
CONTEXT_HEADERS = {
    "класс", "класс/группа", "параллель", "литер", "литера", "буква класса", "смена", "школа", "организация",
    "организация образования", "язык обучения", "class", "grade", "form", "school", "shift", "year group",
    "сынып", "мектеп", "ауысым",
}
ID_TARGET = "id"
IGNORE_TARGET = "ignore"


def header_key(header: str) -> str:
    text = str(header).replace("ё", "е").replace("Ё", "Е").replace("_", " ")
    return " ".join(text.split()).strip(" :*").casefold()


def load_column_map(kb: KnowledgeBase, path: Path) -> dict[str, str]:
    """``header: input_id | id | ignore`` (optionally under ``columns:``); problems as file:line."""
    doc = read_document(path)
    data, loc = doc.data, ()
    if isinstance(data, dict) and set(data) == {"columns"}:
        data, loc = data["columns"], ("columns",)
    if not isinstance(data, dict):
        raise UserError.single(str(path), "expected a mapping 'column header: input id' "
                                          "/ ожидалось соответствие «заголовок столбца: id признака»", 1)
    problems, mapping = [], {}
    for header, target in data.items():
        target = IGNORE_TARGET if target is None else str(target)
        if target not in kb.inputs and target not in (ID_TARGET, IGNORE_TARGET):
            problems.append(Problem(str(path), doc.line_of((*loc, header)), str(header),
                                    f"unknown input {target!r} (expected an input id, 'id' or 'ignore') "
                                    f"/ неизвестный признак {target!r} (ожидался id признака, 'id' или 'ignore')"))
        mapping[header_key(header)] = target
    if problems:
        raise UserError(problems)
    return mapping


@dataclass(frozen=True)
class Column:
    header: str
    role: str  # "input" | "id" | "context" | "personal" | "ignored" | "unknown"
    input: str | None = None


@dataclass
class Resolver:
    """Decides what each header is; the same decision for every row."""

    kb: KnowledgeBase
    column_map: dict[str, str] = field(default_factory=dict)
    id_column: str | None = None
    by_name: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        for inp in self.kb.inputs.values():
            for name in (*reversed(inp.label.all()), inp.id):
                self.by_name[header_key(name)] = inp.id

    def resolve(self, header: str) -> Column:
        key = header_key(header)
        if self.id_column is not None and key == header_key(self.id_column):
            return Column(header, "id")
        target = self.column_map.get(key)
        if target == ID_TARGET:
            return Column(header, "id")
        if target == IGNORE_TARGET:
            return Column(header, "ignored")
        if target is not None:
            return Column(header, "input", target)
        if key in self.by_name:
            return Column(header, "input", self.by_name[key])
        if self.id_column is None and key in ID_HEADERS:
            return Column(header, "id")
        if key in PERSONAL_HEADERS:
            return Column(header, "personal")
        if key in CONTEXT_HEADERS:
            return Column(header, "context")
        return Column(header, "unknown")

    def suggest(self, header: str, lang: str) -> str | None:
        """The known label closest to an unrecognised header, in the reader's language, if any is close."""
        key = header_key(header)
        found = difflib.get_close_matches(key, list(self.by_name), n=1, cutoff=0.75)
        if not found:
            return None
        return self.kb.inputs[self.by_name[found[0]]].label.get(lang)


def check_headers(resolver: Resolver, headers: list[str], keep: list[str], path: str, row: int = 1) -> list[Column]:
    """Columns of a tabular roster; two columns for one input or a missing kept column is a user error."""
    columns = [resolver.resolve(h) for h in headers]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for col in columns:
        slot = col.input if col.role == "input" else ("id" if col.role == "id" else None)
        if slot is None:
            continue
        if slot in seen:
            problems.append(Problem(path, row, col.header, f"column {seen[slot]!r} already gives {slot!r} "
                                                         f"/ столбец {seen[slot]!r} уже задаёт {slot!r}"))
        seen[slot] = col.header
    keys = {header_key(h) for h in headers}
    for name in keep:
        if header_key(name) not in keys:
            problems.append(Problem(path, row, name, "--keep-columns names a column the roster does not have "
                                                   "/ такого столбца нет в файле"))
    if problems:
        raise UserError(problems)
    return columns


@dataclass(frozen=True)
class CellProblem:
    """One line of the errors sheet: the column, the value, what is wrong and what to write instead."""

    column: str
    value: str
    message: str
    hint: str = ""


class RowError(Exception):
    """A row that cannot be classified: every bad cell of it, one ``CellProblem`` each."""

    def __init__(self, problems: list[CellProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, column: str, value: str, message: str, hint: str = "") -> RowError:
        return cls([CellProblem(column, value, message, hint)])


def answer_hint(inp: InputDef, lang: str) -> str:
    """What a valid cell of this input looks like, option titles in the reader's language."""
    if inp.type == "boolean":
        return m("hint_bool", lang)
    if inp.type == "integer":
        unit = f" {inp.unit.get(lang)}" if inp.unit else ""
        return m("hint_int", lang, min=inp.min, max=inp.max, unit=unit)
    options = ", ".join(f"«{o.title.get(lang)}»" for o in inp.options or [])
    return m("hint_choice" if inp.type == "choice" else "hint_multi", lang, options=options)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Student:
    id: str
    values: dict[str, Any]
    kept: dict[str, str]
    unknown_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Layout:
    """The columns of a header row that matter to reading a student."""

    inputs: list[tuple[int, str, dict[str, Any], Any]]  # (position, input id, reader.good, reader.read)
    kept: list[int]
    kb_order: bool  # the input columns stand in KB order
    id_position: int | None
    position: dict[str, int]  # input id -> its column


_MISS = object()


class RowParser:
    """Turns the cells of one row into a Student, or raises RowError listing every bad cell."""

    def __init__(self, kb: KnowledgeBase, resolver: Resolver, keep: list[str], decimal: str = "auto",
                 lang: str = "ru"):
        self.kb = kb
        self.resolver = resolver
        self.lang = lang
        self.keep = {header_key(k) for k in keep}
        self.readers = {i: CellReader(kb, inp, decimal, lang) for i, inp in kb.inputs.items()}
        self._columns: dict[str, tuple[Column, bool, CellReader | None]] = {}
        self._layouts: dict[tuple[str, ...], _Layout | None] = {}
        self._last: tuple[Any, _Layout | None] = (None, None)  # every row of a roster has the one header row

    def column(self, header: str) -> Column:
        return self._plan(header)[0]

    def _plan(self, header: str) -> tuple[Column, bool, CellReader | None]:
        """What a header is, whether its cells are kept, and the reader of its input: once per header."""
        plan = self._columns.get(header)
        if plan is None:
            col = self.resolver.resolve(header)
            reader = self.readers[col.input] if col.role == "input" else None  # type: ignore[index]
            plan = self._columns[header] = (col, header_key(header) in self.keep, reader)
        return plan

    def _layout(self, headers: tuple[str, ...]) -> _Layout | None:
        """The columns of a tabular roster that matter, in column order: once per header row (None when two
        columns give one input: such a row takes the general way, which reports it)."""
        if headers is self._last[0]:
            return self._last[1]
        if headers in self._layouts:
            self._last = (headers, self._layouts[headers])
            return self._last[1]
        inputs: list[tuple[int, str, dict[str, Any], Any]] = []
        kept: list[int] = []
        id_position = None
        for pos, header in enumerate(headers):
            col, keep, reader = self._plan(header)
            if keep:
                kept.append(pos)
            if reader is not None:
                inputs.append((pos, col.input, reader.good, reader.read))  # type: ignore[arg-type]
            elif col.role == "id":
                id_position = pos
        ids = [i for _, i, _, _ in inputs]
        layout = None if len(set(ids)) < len(ids) else _Layout(
            inputs, kept, ids == [i for i in self.kb.inputs if i in ids], id_position,
            {i: pos for pos, i, _, _ in inputs})
        self._layouts[headers] = layout
        return layout

    def parse_cells(self, number: int, headers: tuple[str, ...], cells: list[Any], has_id_column: bool) -> Student:
        """``parse`` for a row of a tabular roster (the same Student, the same problems in the same order),
        with the header row's layout worked out once."""
        layout = self._layout(headers)
        if layout is None or len(cells) < len(headers):
            return self.parse(number, list(zip(headers, cells, strict=False)), has_id_column)
        values: dict[str, Any] = {}
        bad: list[CellProblem] = []
        student_id: str | None = None
        no_id = None
        if layout.id_position is not None:
            student_id = _show(cells[layout.id_position]).strip()
            if not student_id:
                no_id = CellProblem(headers[layout.id_position], "", m("no_id", self.lang), m("hint_id", self.lang))
        for pos, input_id, good, read in layout.inputs:
            value = good.get(cells[pos], _MISS)  # a text cell the column's reader has read before
            if value is _MISS:
                try:
                    value = read(cells[pos])
                except CellError as exc:
                    if no_id is not None and pos > layout.id_position:  # problems in column order
                        bad.append(no_id)
                        no_id = None
                    bad.append(CellProblem(headers[pos], _show(cells[pos]), str(exc),
                                           answer_hint(self.kb.inputs[input_id], self.lang)))
                    continue
            if value is not None:
                values[input_id] = value
        if no_id is not None:
            bad.append(no_id)
        bad += self._conflicts(values, lambda i: (headers[layout.position[i]], cells[layout.position[i]]))
        if not layout.kb_order and not bad:
            values = {k: values[k] for k in self.kb.inputs if k in values}
        return self._student(number, student_id, has_id_column, bad, values,
                             {headers[pos]: _show(cells[pos]) for pos in layout.kept})

    def _conflicts(self, values: dict[str, Any], given: Callable[[str], tuple[str, Any]]) -> list[CellProblem]:
        """A cell contradicting a screening question answered «нет»; ``given``: input -> (header, cell)."""
        out = []
        for key, screen in screen_conflicts(self.kb, values):
            label = self.kb.inputs[screen].label.get(self.lang)
            header, raw = given(key)
            out.append(CellProblem(header, _show(raw), m("screen_conflict", self.lang, screen=label),
                                   m("hint_screen_conflict", self.lang, screen=label)))
        return out

    def _student(self, number: int, student_id: str | None, has_id_column: bool, bad: list[CellProblem],
                 values: dict[str, Any], kept: dict[str, str], unknown: tuple[str, ...] = ()) -> Student:
        """The row's Student, or RowError with every problem; a roster without an id column numbers rows."""
        if student_id is None and not has_id_column:
            student_id = str(number)
        elif student_id is None:
            bad.append(CellProblem("id", "", m("no_id", self.lang), m("hint_id", self.lang)))
        if bad:
            raise RowError(bad)
        return Student(student_id, values, kept, unknown)  # type: ignore[arg-type]

    def parse(self, number: int, pairs: list[tuple[str, Any]], has_id_column: bool = True) -> Student:
        values: dict[str, Any] = {}
        kept: dict[str, str] = {}
        bad: list[CellProblem] = []
        unknown: list[str] = []
        given: dict[str, tuple[str, Any]] = {}  # input -> the header that gave it, and the cell as written
        student_id: str | None = None
        for header, raw in pairs:
            col, keep, reader = self._plan(header)
            if keep:
                kept[header] = _show(raw)
            if reader is not None:
                if col.input in given:
                    bad.append(CellProblem(header, _show(raw), m("duplicate_input", self.lang, input=col.input,
                                                                   other=given[col.input][0]),  # type: ignore[index]
                                           m("hint_one_column", self.lang)))
                    continue
                given[col.input] = (header, raw)  # type: ignore[index]
                try:
                    value = reader.read(raw)
                except CellError as exc:
                    inp = self.kb.inputs[col.input]  # type: ignore[index]
                    bad.append(CellProblem(header, _show(raw), str(exc), answer_hint(inp, self.lang)))
                    continue
                if value is not None:
                    values[col.input] = value  # type: ignore[index]
            elif col.role == "id":
                student_id = _show(raw).strip()
                if not student_id:
                    bad.append(CellProblem(header, "", m("no_id", self.lang), m("hint_id", self.lang)))
            elif col.role == "unknown":
                unknown.append(header)
        bad += self._conflicts(values, given.__getitem__)
        return self._student(number, student_id, has_id_column, bad,
                             {k: values[k] for k in self.kb.inputs if k in values}, kept, tuple(unknown))
