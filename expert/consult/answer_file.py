"""``--answers FILE``: answers given in advance, as a profile (id, name, answers) or a plain mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expert.errors import Problem, UserError
from expert.facts.profile import check_answer, screen_answer
from expert.rules.kb import KnowledgeBase
from expert.rules.yamlio import read_document

PROFILE_KEYS = {"id", "name", "answers"}


@dataclass
class AnswerFile:
    answers: dict[str, Any] = field(default_factory=dict)  # input -> canonical value, None for «не знаю»
    student_id: str | None = None
    name: str | None = None


def load_answer_file(kb: KnowledgeBase, path: Path) -> AnswerFile:
    """Every problem (unknown question, wrong value) as its own ``file:line`` line; nothing is dropped."""
    doc = read_document(Path(path))
    data = doc.data
    if not isinstance(data, dict):
        raise UserError.single(str(path), "expected a mapping question → answer, or a profile with 'answers:'")
    problems: list[Problem] = []
    is_profile = isinstance(data.get("answers"), dict) and set(data) <= PROFILE_KEYS
    raw_answers = data["answers"] if is_profile else data
    prefix: tuple[str, ...] = ("answers",) if is_profile else ()
    out = AnswerFile()
    if is_profile:
        out.student_id = None if data.get("id") is None else str(data["id"])
        out.name = None if data.get("name") is None else str(data["name"])
    for key, raw in raw_answers.items():
        key = str(key)
        line = doc.line_of((*prefix, key))
        if key not in kb.inputs:
            problems.append(Problem(str(path), line, key, "unknown question (not in the knowledge base) / "
                                                          "такого вопроса нет в базе знаний"))
            continue
        try:
            out.answers[key] = check_answer(kb, key, raw)
        except ValueError as exc:
            problems.append(Problem(str(path), line, key, str(exc)))
    if problems:
        raise UserError(problems)
    known = {k: v for k, v in out.answers.items() if v is not None}
    for screen in kb.screens:  # a screening question the file leaves out follows from the answers it has
        if screen not in out.answers and (implied := screen_answer(kb, screen, known)) is not None:
            out.answers[screen] = implied
    return out
