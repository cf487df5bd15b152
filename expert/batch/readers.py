"""Streaming readers of rosters: CSV (as Russian-locale Excel writes it), XLSX and JSONL.

Every reader yields ``RawRow`` in file order with the number a user sees (the line of a CSV or JSONL
file, the row of a sheet). Empty rows are counted, not classified. A CSV line that does not decode in
the file's encoding still becomes a row (with ``error`` set), so it is accounted for and never stops
the run. A tabular reader keeps its first non-blank rows (``head``) so the caller can pick the header
among them (``use_header``): exports often put a title row above it.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from expert import guard
from expert.batch.formats import roster_format
from expert.batch.messages import m
from expert.errors import UserError

DELIMITERS = (";", "\t", ",")
HEAD_ROWS = 10  # the header is looked for among this many leading non-blank rows
SAMPLE_BYTES = 1 << 20
SAMPLE_LINE_CHARS = 10_000  # of each sample line, for detecting the delimiter
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class RawRow:
    number: int
    cells: list[Any] | dict[str, Any] | None
    error: tuple[str, dict[str, Any]] | None = None  # message key and its arguments (expert.batch.messages)

    def __reduce__(self) -> tuple:  # to a worker process as a plain tuple: a third of the default's cost
        return (RawRow, (self.number, self.cells, self.error))


def is_blank(row: RawRow) -> bool:
    """A line with nothing in it (no cells, or only empty ones): skipped and counted apart, not a row read —
    the one meaning of «rows read» for ``classify`` and ``kb diff --roster``."""
    return row.error is None and (not row.cells or isinstance(row.cells, list) and all(
        c is None or (isinstance(c, str) and not c.strip()) for c in row.cells))


def _cant_read(path: Path, exc: OSError) -> UserError:
    if isinstance(exc, FileNotFoundError):
        return UserError.single(str(path), "file not found / файл не найден")
    reason = exc.strerror or exc
    return UserError.single(str(path), f"cannot read: {reason} / не удаётся прочитать файл: {reason}")


def detect_encoding(sample: bytes) -> str:
    """UTF-16 by its BOM (Excel's "Unicode text"); else UTF-8 unless most non-ASCII lines of the sample
    only make sense as Windows-1251."""
    if sample.startswith(UTF16_BOMS):
        return "utf-16"
    if sample.startswith(UTF8_BOM):
        return "utf-8"
    valid = invalid = 0
    lines = sample.split(b"\n")
    if len(sample) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle of a character
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
    return "utf-8" if valid >= invalid else "cp1251"


def detect_delimiter(lines: list[str]) -> str:
    """The candidate that splits most rows into the same number (> 1) of columns, then the widest; the most
    common width, not the first row's, so a title row above the header does not decide."""
    best, best_score = ",", (False, -1.0, 0)
    lines = [line[:SAMPLE_LINE_CHARS] for line in lines]  # a cell over the csv field limit must not stop it
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(lines, delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        width = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (width > 1, widths.count(width) / len(widths), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _blank(cells: list[Any] | tuple) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_head(rows: Iterator[RawRow]) -> list[RawRow]:
    """The first HEAD_ROWS non-blank rows with the blank ones between them; blank rows before the first
    non-blank one are dropped (they are above any header)."""
    head: list[RawRow] = []
    filled = 0
    for row in rows:
        blank = row.error is None and _blank(row.cells)  # type: ignore[arg-type]
        if blank and not head:
            continue
        head.append(row)
        filled += not blank
        if filled >= HEAD_ROWS:
            break
    return head


class _Tabular:
    """What CSV and XLSX rosters share: the leading rows, the chosen header, the rows below it."""

    head: list[RawRow]
    headers: list[str]
    header_row: int
    _rest: Iterator[RawRow]

    def candidates(self) -> list[list[Any]]:
        """The leading rows a header may be (rows that failed to decode never are)."""
        return [r.cells if r.error is None else [] for r in self.head]  # type: ignore[misc]

    def use_header(self, index: int) -> None:
        """Make ``head[index]`` the header; rows above it are titles and are not read as students."""
        row = self.head[index]
        self.header_row = row.number
        self.headers = ["" if c is None else str(c).strip() for c in row.cells]  # type: ignore[union-attr]
        self._rest = chain(self.head[index + 1:], self._rows)  # type: ignore[attr-defined]

    def rows(self) -> Iterator[RawRow]:
        return self._rest


class CsvRoster(_Tabular):
    """A CSV roster read line by line from bytes; encoding and delimiter detected unless given."""

    kind = "csv"

    def __init__(self, path: Path, encoding: str | None = None, delimiter: str | None = None):
        self.path = path
        try:
            with path.open("rb") as f:
                sample = f.read(SAMPLE_BYTES)
            self.size = path.stat().st_size
        except OSError as exc:
            raise _cant_read(path, exc) from None
        if encoding:
            try:
                encoding = codecs.lookup(encoding).name
            except LookupError:
                raise UserError.single(str(path), f"unknown encoding {encoding!r} / неизвестная кодировка "
                                                  f"{encoding!r}") from None
        self.encoding = encoding or detect_encoding(sample)
        if self.encoding in ("utf-8", "utf_8"):
            self.encoding = "utf-8"
        if self.encoding in ("utf-16", "utf_16"):
            self.encoding = "utf-16"
            sample = sample[: len(sample) // 2 * 2]
        text = sample.removeprefix(UTF8_BOM).decode(self.encoding, "replace").removeprefix("\ufeff")
        if delimiter == "\\t" or (delimiter or "").lower() == "tab":
            delimiter = "\t"
        if delimiter is not None and len(delimiter) != 1:
            raise UserError.single(str(path), f"a delimiter is one character, got {delimiter!r} "
                                              "/ разделитель — один символ")
        self.delimiter = delimiter or detect_delimiter(text.splitlines()[:50])
        self.position = 0
        self._rows: Iterator[RawRow] = self._read()
        self.head = _read_head(self._rows)
        if not self.head:
            raise UserError.single(str(path), "no header row: the file is empty / файл пуст: нет строки заголовка")
        if self.head[0].error is not None:
            raise UserError.single(str(path), f"{m('undecodable', 'en', encoding=self.encoding)} / "
                                              f"{m('undecodable', 'ru', encoding=self.encoding)}", self.head[0].number)
        self.use_header(0)

    def _lines(self, state: dict) -> Iterator[str]:
        if self.encoding == "utf-16":  # two bytes a character: read as text, count bytes for the progress bar
            with self.path.open(encoding="utf-16", newline="") as text:
                number = 0
                try:
                    for number, line in enumerate(text, start=1):  # noqa: B007
                        self.position += 2 * len(line)
                        yield line
                except UnicodeDecodeError:
                    raise UserError.single(str(self.path), "not valid UTF-16 text / файл не в кодировке UTF-16",
                                           number + 1) from None
            return
        with self.path.open("rb") as f:
            first = True
            for line in f:
                self.position += len(line)
                if first:
                    line = line.removeprefix(UTF8_BOM)
                    first = False
                try:
                    yield line.decode(self.encoding)
                except UnicodeDecodeError:
                    state["bad"] = True
                    yield line.decode(self.encoding, "replace")

    def _read(self) -> Iterator[RawRow]:
        state = {"bad": False}
        csv.field_size_limit(guard.MAX_CELL_CHARS)  # process-wide in Python: set to the guard's, whoever changed it
        reader = csv.reader(self._lines(state), delimiter=self.delimiter)
        start = 1
        try:
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if "field larger than field limit" not in str(exc):
                        raise
                    # the reader starts afresh on the next line: the row is an error row, the run goes on
                    number, start = start, reader.line_num + 1
                    yield RawRow(number, None, ("long_cell", {"limit": guard.MAX_CELL_CHARS}))
                    continue
                number, start = start, reader.line_num + 1
                if state["bad"]:
                    state["bad"] = False
                    yield RawRow(number, None, ("undecodable", {"encoding": self.encoding}))
                    continue
                yield RawRow(number, cells)
        except csv.Error as exc:
            raise UserError.single(str(self.path), f"malformed CSV: {exc} / ошибка формата CSV: {exc}", start) from None
        except OSError as exc:
            raise _cant_read(self.path, exc) from None



class XlsxRoster(_Tabular):
    """The first sheet of a workbook, read in openpyxl's streaming mode."""

    kind = "xlsx"

    def __init__(self, path: Path, sheet: str | None = None):
        import openpyxl  # imported here: only XLSX users pay for it
        from openpyxl.utils.exceptions import InvalidFileException

        self.path = path
        self.position = 0
        guard.check_xlsx_archive(path)  # before any XML of it is inflated
        try:
            self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except OSError as exc:
            raise _cant_read(path, exc) from None
        except (InvalidFileException, KeyError, ValueError, Exception) as exc:  # zipfile.BadZipFile and friends
            raise UserError.single(str(path), f"not a readable .xlsx workbook ({type(exc).__name__}) "
                                              "/ файл не читается как книга Excel .xlsx") from None
        if sheet is not None and sheet not in self.workbook.sheetnames:
            raise UserError.single(str(path), f"no sheet {sheet!r}; sheets: {', '.join(self.workbook.sheetnames)}")
        self.sheet = self.workbook[sheet] if sheet else self.workbook.worksheets[0]
        self.size = self.sheet.max_row or 0
        self._rows = self._read()
        self.head = _read_head(self._rows)
        if not self.head:
            self.workbook.close()
            raise UserError.single(str(path), "no header row: the sheet is empty / лист пуст: нет строки заголовка")
        self.use_header(0)

    def _read(self) -> Iterator[RawRow]:
        for number, cells in enumerate(self.sheet.iter_rows(values_only=True), start=1):
            self.position = number
            row = [_cell(c) for c in cells]
            bad = guard.find_surrogate(row)
            yield RawRow(number, row) if bad is None else RawRow(number, None, ("surrogate", {"value": bad[1]}))
        self.workbook.close()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # dates and times: kept as text, so a wrong cell is reported with what it shows


class JsonlRoster:
    """One JSON object per line: ``{"id": ..., "answers": {...}}`` or a flat object of answers."""

    kind = "jsonl"
    delimiter = ","
    encoding = "utf-8"

    def __init__(self, path: Path):
        self.path = path
        self.position = 0
        self.headers: list[str] = []
        try:
            self.size = path.stat().st_size
        except OSError as exc:
            raise _cant_read(path, exc) from None

    def rows(self) -> Iterator[RawRow]:
        try:
            with self.path.open("rb") as f:
                for number, (line, whole) in enumerate(_bounded_lines(f, guard.MAX_LINE_BYTES), start=1):
                    self.position = f.tell()
                    if not whole:
                        yield RawRow(number, None, ("long_line", {"limit": guard.MAX_LINE_BYTES}))
                        continue
                    if number == 1:
                        line = line.removeprefix(UTF8_BOM)
                    yield self._row(number, line)
        except OSError as exc:
            raise _cant_read(self.path, exc) from None

    @staticmethod
    def _row(number: int, line: bytes) -> RawRow:
        if not line.strip():
            return RawRow(number, [])
        try:
            data = guard.load_json(line.decode("utf-8"))
        except UnicodeDecodeError:
            return RawRow(number, None, ("undecodable", {"encoding": "utf-8"}))
        except json.JSONDecodeError as exc:
            return RawRow(number, None, ("bad_json", {"reason": exc.msg}))
        except guard.GuardError as exc:
            return RawRow(number, None, (exc.kind, exc.kwargs))
        if not isinstance(data, dict):
            return RawRow(number, None, ("bad_json", {"reason": type(data).__name__}))
        return RawRow(number, data)


def _bounded_lines(f: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of a binary file, none held longer than ``limit`` bytes: (line, False) for one cut short, whose
    rest is skipped."""
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, True
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(1 << 20)
        yield b"", False


def open_roster(path: Path, encoding: str | None = None, delimiter: str | None = None,
                sheet: str | None = None) -> CsvRoster | XlsxRoster | JsonlRoster:
    kind = roster_format(path)
    if kind == "xlsx":
        return XlsxRoster(path, sheet)
    if kind == "jsonl":
        return JsonlRoster(path)
    return CsvRoster(path, encoding, delimiter)
