"""The roster's summary: students per direction, urgent cases by id, provisional results, per class.

Counted from the result records as they are written (ids, see ``expert.outcome.record_of``); rendered as the
«Сводка» sheet of an XLSX result and as the closing lines a command prints.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from expert.batch.columns import header_key
from expert.batch.present import Presenter
from expert.i18n import pick, t
from expert.urgency import ESTABLISHED, NOT_CLARIFIED

CLASS_HEADERS = ("класс", "class", "сынып", "класс/группа", "grade", "параллель")
URGENT_YES = {True, ESTABLISHED}
URGENT_UNCLEAR = {NOT_CLARIFIED}
NONE = ""  # the direction key of a student no direction was found for

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Сводка по списку учащихся", "Roster summary"),
    "counts": ("Файл {path}: прочитано строк {read}, классифицировано {ok}, с ошибками {errors}",
               "File {path}: rows read {read}, classified {ok}, with errors {errors}"),
    "errors_sheet": (" (лист «Ошибки»)", " (sheet 'Errors')"),
    "students": ("Учащихся", "Students"),
    "of_them_provisional": ("из них предварительно", "of them provisional"),
    "total": ("Всего", "Total"),
    "urgent_yes": ("СРОЧНО — установлено", "URGENT — established"),
    "urgent_unclear": ("СРОЧНО — не выяснено", "URGENT — not clarified"),
    "ids": ("Коды учащихся", "Student ids"),
    "by_class": ("По классам", "By class"),
    "urgent": ("Срочно", "Urgent"),
    "provisional": ("Предварительно", "Provisional"),
    "line_direction": ("  {title}: {count}", "  {title}: {count}"),
    "line_provisional": (" (предварительно: {count})", " (provisional: {count})"),
    "line_urgent": ("  {label}: {count}{ids}", "  {label}: {count}{ids}"),
}


def w(key: str, lang: str, **kwargs: object) -> str:
    return pick(WORDS, key, lang, **kwargs)


def class_field(fields: list[str]) -> str | None:
    """The copied column that names the class, if the roster has one."""
    keys = {header_key(f): f for f in fields}
    return next((keys[k] for k in CLASS_HEADERS if k in keys), None)


def _class_order(name: str) -> tuple:
    number = re.match(r"\s*(\d+)", name)
    return (int(number.group(1)) if number else 1_000, name)


@dataclass
class Tally:
    directions: list[str]  # the KB's directions, in KB order
    class_column: str | None = None
    by_direction: Counter = field(default_factory=Counter)
    provisional_by_direction: Counter = field(default_factory=Counter)
    urgent: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    by_class: dict[str, Counter] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        direction = record.get("direction") or NONE
        provisional = bool(record.get("provisional"))
        urgent = record.get("urgent")
        self.by_direction[direction] += 1
        self.provisional_by_direction[direction] += provisional
        sid = str(record.get("student_id", ""))
        if urgent in URGENT_YES:
            self.urgent.append(sid)
        elif urgent in URGENT_UNCLEAR:
            self.unclear.append(sid)
        if self.class_column is not None:
            row = self.by_class.setdefault(str(record.get(self.class_column) or "—"), Counter())
            row[direction] += 1
            row["provisional"] += provisional
            row["urgent"] += urgent in URGENT_YES
            row["total"] += 1

    @property
    def provisional(self) -> int:
        return sum(self.provisional_by_direction.values())

    def keys(self) -> list[str]:
        """Directions to show: every direction of the KB, then «not determined» when it occurs."""
        return self.directions + ([NONE] if self.by_direction[NONE] else [])

    def direction_title(self, key: str, presenter: Presenter) -> str:
        return presenter.title(key) if key else t("no_direction", presenter.lang)

    def sheet_rows(self, presenter: Presenter, path: str, read: int, ok: int, errors: int) -> list[list[Any]]:
        """The «Сводка» sheet, row by row (the XLSX writer styles the first cell of each block)."""
        lang = presenter.lang
        counts = w("counts", lang, path=path, read=read, ok=ok, errors=errors)
        rows: list[list[Any]] = [[w("title", lang)], [counts + (w("errors_sheet", lang) if errors else "")], []]
        rows.append([presenter.heading("direction"), w("students", lang), w("of_them_provisional", lang)])
        for key in self.keys():
            rows.append([self.direction_title(key, presenter), self.by_direction[key],
                         self.provisional_by_direction[key]])
        rows.append([w("total", lang), ok, self.provisional])
        rows.append([])
        rows.append([presenter.heading("urgent"), w("students", lang), w("ids", lang)])
        rows.append([w("urgent_yes", lang), len(self.urgent), ", ".join(self.urgent)])
        rows.append([w("urgent_unclear", lang), len(self.unclear), ", ".join(self.unclear)])
        if self.class_column is not None and self.by_class:
            rows.append([])
            rows.append([w("by_class", lang)])
            keys = self.keys()
            rows.append([self.class_column, *(self.direction_title(k, presenter) for k in keys),
                         w("provisional", lang), w("urgent", lang), w("total", lang)])
            for name in sorted(self.by_class, key=_class_order):
                c = self.by_class[name]
                rows.append([name, *(c[k] for k in keys), c["provisional"], c["urgent"], c["total"]])
        return rows

    def text_lines(self, presenter: Presenter, limit: int = 10) -> list[str]:
        """The closing lines of a roster run: students per direction, urgent ones by id."""
        lang = presenter.lang
        lines = []
        for key in self.keys():
            line = w("line_direction", lang, title=self.direction_title(key, presenter), count=self.by_direction[key])
            if self.provisional_by_direction[key]:
                line += w("line_provisional", lang, count=self.provisional_by_direction[key])
            lines.append(line)
        for label, ids in (("urgent_yes", self.urgent), ("urgent_unclear", self.unclear)):
            if ids:
                shown = ", ".join(ids[:limit]) + (" …" if len(ids) > limit else "")
                lines.append(w("line_urgent", lang, label=w(label, lang), count=len(ids), ids=" — " + shown))
        return lines
