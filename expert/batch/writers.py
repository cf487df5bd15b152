"""Writers of batch results (CSV, XLSX, JSONL) that only ever leave a complete file behind.

Each writer writes to a temporary file next to the target and renames it over the target in
``commit()``; ``abort()`` removes the temporary file, so an interrupted run leaves no half-written result.
``Output`` puts a result and its row errors together: an errors CSV beside a CSV or JSONL result, the
«Ошибки» sheet of an XLSX one (which also gets the «Сводка» sheet). A CSV cell that Excel would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written with a leading apostrophe, as text.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import re
from pathlib import Path
from typing import Any, TextIO

from expert.batch.columns import CellProblem
from expert.batch.formats import roster_format
from expert.batch.messages import m
from expert.batch.present import Presenter
from expert.batch.tally import URGENT_UNCLEAR, URGENT_YES, Tally
from expert.outcome import UrgentCell
from expert.render import urgent_word

RESULT_FIELDS = ("direction", "provisional", "functions", "who", "measures", "specialists", "urgent",
                 "urgent_flags", "clarify", "rules")
ERROR_FIELDS = ("row", "column", "value", "message", "hint")
LIST_JOIN = ", "
TITLE_JOIN = "; "  # titles may hold commas
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEMO_CELLS = 1024  # distinct cells remembered per result column (a «rules» cell is ~1 KB of text)
NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?$")


def neutralise(text: str) -> str:
    """A cell Excel would run as a formula, as text: a leading apostrophe (a plain number stays as it is)."""
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def temp_path(path: Path) -> Path:
    """Where a result is written until it is complete: ``.NAME.PID.part`` beside it."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove the ``.part`` files of ``path`` left by runs whose process is gone (``kill -9``, a power cut);
    a part whose process still runs is another run's and is left alone."""
    removed = []
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 2:-len(".part")]
        if pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def errors_path(result: Path) -> Path:
    """``RESULT.errors.csv`` next to ``RESULT.csv`` / ``.xlsx`` / ``.jsonl``."""
    return result.with_name(f"{result.stem}.errors.csv")


class _Atomic:
    def __init__(self, path: Path):
        self.path = path
        self.tmp = temp_path(path)

    def commit(self) -> None:
        self._close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        raise NotImplementedError


class CsvWriter(_Atomic):
    """UTF-8 with a BOM (so Excel shows Cyrillic), the roster's delimiter; lists joined with ``join``."""

    def __init__(self, path: Path, headings: list[str], delimiter: str = ",", lang: str = "ru",
                 join: str = LIST_JOIN):
        super().__init__(path)
        self.lang = lang
        self.join = join
        self.file: TextIO = self.tmp.open("w", encoding="utf-8-sig", newline="")
        self.delimiter = delimiter
        self.writer = csv.writer(self.file, delimiter=delimiter, lineterminator="\r\n")
        self.writer.writerow([neutralise(h) for h in headings])
        self._one = io.StringIO()
        self._one_writer = csv.writer(self._one, delimiter=delimiter, lineterminator="")

    def write(self, cells: list[Any]) -> None:
        self.writer.writerow([neutralise(text_cell(c, self.lang, self.join)) for c in cells])

    def field(self, value: Any) -> str:
        """One cell as it stands in the file (formula-safe, quoted as the csv module quotes it)."""
        text = neutralise(text_cell(value, self.lang, self.join))
        if not text:
            return text  # csv quotes an empty field only when it is a row's only one
        self._one.seek(0)
        self._one.truncate()
        self._one_writer.writerow([text])
        return self._one.getvalue()

    def write_fields(self, fields: list[str]) -> None:
        """A row of cells made by ``field``."""
        self.file.write(self.delimiter.join(fields) + "\r\n")

    def _close(self) -> None:
        if not self.file.closed:
            self.file.close()


class JsonlWriter(_Atomic):
    """One JSON object a line, machine ids (for programs)."""

    def __init__(self, path: Path, fields: list[str]):
        super().__init__(path)
        self.fields = fields
        self.file: TextIO = self.tmp.open("w", encoding="utf-8", newline="\n")

    def write(self, cells: list[Any]) -> None:
        self.file.write(json.dumps(dict(zip(self.fields, cells, strict=True)), ensure_ascii=False) + "\n")

    def _close(self) -> None:
        if not self.file.closed:
            self.file.close()


class XlsxWriter(_Atomic):
    """A workbook of three sheets (see ``expert.batch.workbook``), saved once, complete."""

    def __init__(self, path: Path, fields: list[str], presenter: Presenter):
        from expert.batch.workbook import ResultBook  # openpyxl is imported only by XLSX users

        super().__init__(path)
        self.book = ResultBook(fields, [presenter.heading(f) for f in fields], list(ERROR_FIELDS),
                               [presenter.error_heading(f) for f in ERROR_FIELDS], presenter.lang)
        self.saved = False

    def _close(self) -> None:
        if not self.saved:
            self.saved = True
            self.book.save(self.tmp)


def text_cell(value: Any, lang: str, join: str = LIST_JOIN) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return m("yes" if value else "no", lang)
    if isinstance(value, UrgentCell):
        return urgent_word(value, lang)  # type: ignore[arg-type]
    if isinstance(value, list | tuple):
        return join.join(str(v) for v in value)
    return str(value)


class Output:
    """A result file and its row errors; ``commit`` leaves both complete, ``abort`` neither."""

    def __init__(self, path: Path, fields: list[str], delimiter: str, presenter: Presenter, tally: Tally):
        self.path = path
        self.fields = fields
        self.presenter = presenter
        self.tally = tally
        self.kind = roster_format(path)
        self.errors_file = errors_path(path)
        self.error_count = 0
        lang = presenter.lang
        self.errors: CsvWriter | None = None
        self.writer: CsvWriter | JsonlWriter | XlsxWriter
        if self.kind == "xlsx":
            self.writer = XlsxWriter(path, fields, presenter)
            return
        if self.kind == "jsonl":
            self.writer = JsonlWriter(path, fields)
        else:
            join = LIST_JOIN if presenter.ids else TITLE_JOIN
            self.writer = CsvWriter(path, [presenter.heading(f) for f in fields], delimiter, lang, join)
        self.errors = CsvWriter(self.errors_file, [presenter.error_heading(f) for f in ERROR_FIELDS], delimiter,
                                lang)
        self._fields: dict[str, dict[Any, str]] = {f: {} for f in fields if f in RESULT_FIELDS}

    def result(self, record: dict[str, Any]) -> None:
        self.tally.add(record)
        if isinstance(self.writer, XlsxWriter):
            urgent = record.get("urgent")
            self.writer.book.add_result(self.presenter.row(record, self.fields), urgent in URGENT_YES,
                                        urgent in URGENT_UNCLEAR)
        elif isinstance(self.writer, JsonlWriter):
            self.writer.write([record.get(f) for f in self.fields])
        else:
            self.writer.write_fields([self._field(f, record.get(f)) for f in self.fields])

    def _field(self, field: str, value: Any) -> str:
        """A CSV cell; a result column's cells are made once per distinct value (they repeat row to row)."""
        writer: CsvWriter = self.writer  # type: ignore[assignment]
        made = self._fields.get(field)
        if made is None:
            return writer.field(self.presenter.value(field, value))
        key = tuple(value) if type(value) is list else value
        text = made.get(key)
        if text is None:
            text = writer.field(self.presenter.value(field, value))
            if len(made) < MEMO_CELLS:
                made[key] = text
        return text

    def error(self, number: int, problem: CellProblem) -> None:
        self.error_count += 1
        cells = [number, problem.column, problem.value, problem.message, problem.hint]
        if isinstance(self.writer, XlsxWriter):
            self.writer.book.add_error(cells)
        else:
            self.errors.write(cells)  # type: ignore[union-attr]

    def commit(self, source: str, read: int, ok: int, errors: int) -> Path | None:
        """Write both files; return where the row errors are (None when there are none)."""
        if isinstance(self.writer, XlsxWriter):
            self.writer.book.add_summary(self.tally.sheet_rows(self.presenter, source, read, ok, errors))
        self.writer.commit()
        if self.errors is not None and self.error_count:
            self.errors.commit()
            return self.errors_file
        if self.errors is not None:
            self.errors.abort()
        self.errors_file.unlink(missing_ok=True)  # a stale errors file from an earlier run would mislead
        return self.path if self.error_count else None

    def abort(self) -> None:
        try:
            self.writer.abort()
        finally:
            if self.errors is not None:
                self.errors.abort()
