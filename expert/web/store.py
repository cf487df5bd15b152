"""Consultations kept in one SQLite file (mode 0600): every answer is written the moment it is given.

A row holds the answers in the order given (the same shape as a ``expert consult`` session file), who made it,
and, once finished, a small summary (direction, scores, targets, review date) for the student and review pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from expert.consult.interview import Answer
from expert.facts.profile import check_answer
from expert.rules.kb import KnowledgeBase

DB_NAME = "expert.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS consultations (
    id INTEGER PRIMARY KEY,
    student_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    day TEXT NOT NULL,
    kb_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    summary TEXT,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consultations_student ON consultations (student_id, day);
"""


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("expert-socped", appauthor=False)) / DB_NAME


@dataclass
class Consultation:
    id: int
    student_id: str
    owner: str
    day: dt.date
    kb_version: str
    answers: list[Answer] = field(default_factory=list)
    finished: bool = False
    summary: dict[str, Any] | None = None


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def _answers_json(answers: list[Answer]) -> str:
    return json.dumps([{"input": a.input, "value": _plain(a.value), "source": a.source} for a in answers],
                      ensure_ascii=False)


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():  # created private before SQLite writes a byte into it
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    # --- writing --------------------------------------------------------------------------------------

    def create(self, student_id: str, owner: str, day: dt.date, kb_version: str) -> int:
        with self._db() as db:
            cur = db.execute("INSERT INTO consultations (student_id, owner, day, kb_version, answers, updated) "
                             "VALUES (?, ?, ?, ?, '[]', ?)", (student_id, owner, day.isoformat(), kb_version, _now()))
            return int(cur.lastrowid)

    def save_answers(self, cid: int, answers: list[Answer], kb_version: str) -> None:
        with self._db() as db:
            db.execute("UPDATE consultations SET answers = ?, kb_version = ?, finished = 0, summary = NULL, "
                       "updated = ? WHERE id = ?", (_answers_json(answers), kb_version, _now(), cid))

    def finish(self, cid: int, summary: dict[str, Any]) -> None:
        with self._db() as db:
            db.execute("UPDATE consultations SET finished = 1, summary = ?, updated = ? WHERE id = ?",
                       (json.dumps(summary, ensure_ascii=False), _now(), cid))

    # --- reading --------------------------------------------------------------------------------------

    def get(self, cid: int, kb: KnowledgeBase) -> Consultation | None:
        with self._db() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM consultations WHERE id = ?", (cid,)).fetchone()
        return None if row is None else _consultation(row, kb)

    def listing(self, kb: KnowledgeBase, owner: str | None, *, finished: bool | None = None,
                student_id: str | None = None) -> list[Consultation]:
        """Consultations visible to ``owner`` (None: everyone's), oldest first."""
        where, args = [], []
        if owner is not None:
            where.append("owner = ?")
            args.append(owner)
        if finished is not None:
            where.append("finished = ?")
            args.append(int(finished))
        if student_id is not None:
            where.append("student_id = ?")
            args.append(student_id)
        sql = f"SELECT {_COLUMNS} FROM consultations" + (f" WHERE {' AND '.join(where)}" if where else "")
        with self._db() as db:
            rows = db.execute(sql + " ORDER BY day, id", args).fetchall()
        return [_consultation(r, kb) for r in rows]


_COLUMNS = "id, student_id, owner, day, kb_version, answers, finished, summary"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _consultation(row: tuple, kb: KnowledgeBase) -> Consultation:
    cid, student, owner, day, version, answers_text, finished, summary = row
    answers = []
    for item in json.loads(answers_text):
        if item.get("input") not in kb.inputs:
            continue  # the knowledge base no longer asks it; the page says the KB changed
        try:
            value = check_answer(kb, item["input"], item["value"])
        except ValueError:
            continue  # no longer a valid answer under the current KB: it will be asked again
        answers.append(Answer(item["input"], value, item.get("source", "typed")))
    return Consultation(cid, student, owner, dt.date.fromisoformat(day), version, answers, bool(finished),
                        json.loads(summary) if summary else None)
