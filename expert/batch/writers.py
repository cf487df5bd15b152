"""Writers of batch results (CSV, XLSX, JSONL) that only ever leave a complete file behind.

Each writer writes to a temporary file next to the target and renames it over the target in
``commit()``; ``abort()`` removes the temporary file, so an interrupted run leaves no half-written result.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, TextIO

from expert.batch.messages import m
from expert.batch.readers import roster_format
from expert.batch.records import UrgentCell
from expert.render import urgent_word

RESULT_FIELDS = ("direction", "provisional", "functions", "who", "measures", "specialists", "urgent",
                 "urgent_flags", "clarify", "rules")
ERROR_FIELDS = ("row", "column", "value", "message")
LIST_JOIN = ", "


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.part")


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
    """UTF-8 with a BOM (so Excel shows Cyrillic), the roster's delimiter; lists joined with ', '."""

    def __init__(self, path: Path, fields: list[str], delimiter: str = ",", lang: str = "ru"):
        super().__init__(path)
        self.fields = fields
        self.lang = lang
        self.file: TextIO = self.tmp.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, delimiter=delimiter, lineterminator="\r\n")
        self.writer.writerow(fields)

    def write(self, record: dict[str, Any]) -> None:
        self.writer.writerow([text_cell(record.get(f), self.lang) for f in self.fields])

    def _close(self) -> None:
        if not self.file.closed:
            self.file.close()


class JsonlWriter(_Atomic):
    def __init__(self, path: Path, fields: list[str], lang: str = "ru"):
        super().__init__(path)
        self.fields = fields
        self.file: TextIO = self.tmp.open("w", encoding="utf-8", newline="\n")

    def write(self, record: dict[str, Any]) -> None:
        self.file.write(json.dumps({f: record.get(f) for f in self.fields}, ensure_ascii=False) + "\n")

    def _close(self) -> None:
        if not self.file.closed:
            self.file.close()


class XlsxWriter(_Atomic):
    def __init__(self, path: Path, fields: list[str], lang: str = "ru"):
        import openpyxl

        super().__init__(path)
        self.fields = fields
        self.lang = lang
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("result")
        self.sheet.append(fields)
        self.saved = False

    def write(self, record: dict[str, Any]) -> None:
        self.sheet.append([text_cell(record.get(f), self.lang) for f in self.fields])

    def _close(self) -> None:
        if not self.saved:
            self.saved = True
            self.book.save(self.tmp)


def text_cell(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return m("yes" if value else "no", lang)
    if isinstance(value, UrgentCell):
        return urgent_word(value, lang)  # type: ignore[arg-type]
    if isinstance(value, list | tuple):
        return LIST_JOIN.join(str(v) for v in value)
    return str(value)


def open_writer(path: Path, fields: list[str], delimiter: str, lang: str) -> CsvWriter | JsonlWriter | XlsxWriter:
    kind = roster_format(path)
    if kind == "xlsx":
        return XlsxWriter(path, fields, lang)
    if kind == "jsonl":
        return JsonlWriter(path, fields, lang)
    return CsvWriter(path, fields, delimiter, lang)
