"""The session file: every answer given so far, written atomically after each one.

JSON, so a half-written file is impossible (temp file + ``os.replace``) and a corrupt one is easy to spot.
The student's name is never stored; the id is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expert import guard
from expert.consult.interview import Answer
from expert.errors import Problem, UserError
from expert.facts.profile import SESSION_FORMAT, check_answer
from expert.files import write_atomic
from expert.rules.kb import KnowledgeBase

FORMAT = SESSION_FORMAT


@dataclass
class Session:
    path: Path
    student_id: str
    kb_version: str
    answers: list[Answer] = field(default_factory=list)
    finished: bool = False

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "student_id": self.student_id,
            "kb_version": self.kb_version,
            "finished": self.finished,
            "answers": [{"input": a.input, "value": _plain(a.value), "source": a.source} for a in self.answers],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def save(self) -> None:
        """Write atomically: a crash or a closed terminal leaves the previous or the new file, never half."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self.to_json(), private=True)


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def session_owner(path: Path) -> str | None:
    """The student a file at ``path`` is a consultation about; None when it is not a consultation file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("student_id"), str):
        return data["student_id"]
    return None


def _bad(path: Path, message: str, where: str = "") -> UserError:
    return UserError([Problem(str(path), None, where, message)])


def load_session(path: Path, kb: KnowledgeBase) -> Session:
    """Read and check a session file against the KB; any problem is one clear UserError line."""
    path = Path(path)
    guard.check_size(path, guard.MAX_DOCUMENT_BYTES)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _bad(path, "session file not found / файл консультации не найден") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, f"cannot read the session file / не удалось прочитать файл консультации: {exc}") from None
    try:
        data = guard.load_json(text)
    except guard.GuardError as exc:
        raise exc.user_error(path) from None
    except json.JSONDecodeError as exc:
        raise UserError([Problem(str(path), exc.lineno, f"column {exc.colno}",
                                 f"not a consultation file (malformed JSON: {exc.msg}) / "
                                 f"это не файл консультации (ошибка в записи JSON: {exc.msg})")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(path, f"not a consultation file (expected format {FORMAT!r}) / это не файл консультации "
                         f"(ожидается формат {FORMAT!r})")
    student, version, answers = data.get("student_id"), data.get("kb_version"), data.get("answers")
    if not isinstance(student, str) or not student or not isinstance(version, str) or not isinstance(answers, list):
        raise _bad(path, "consultation file is incomplete (student_id, kb_version, answers) / файл консультации "
                         "неполон")
    out: list[Answer] = []
    seen: set[str] = set()
    for n, item in enumerate(answers):
        where = f"answers[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("input"), str) or "value" not in item:
            raise _bad(path, "expected {input: ..., value: ...}", where)
        input_id = item["input"]
        if input_id not in kb.inputs:
            raise _bad(path, f"the knowledge base no longer has the question {input_id!r} / в базе знаний больше "
                             f"нет вопроса {input_id!r}", where)
        if input_id in seen:
            raise _bad(path, f"question {input_id!r} answered twice / на вопрос {input_id!r} ответ дан дважды", where)
        seen.add(input_id)
        try:
            value = check_answer(kb, input_id, item["value"])
        except ValueError as exc:
            raise _bad(path, str(exc), where) from None
        source = item.get("source", "typed")
        out.append(Answer(input_id, value, source if source in ("typed", "file") else "typed"))
    return Session(path, student, version, out, bool(data.get("finished", False)))
