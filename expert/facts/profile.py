"""A student profile: what is known about one student, validated against the KB vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from expert.errors import Problem, UserError
from expert.rules.conditions import normalize_value
from expert.rules.kb import KnowledgeBase
from expert.rules.loader import validate
from expert.rules.yamlio import Document, read_document

UNKNOWN_WORDS = {"", "unknown", "не знаю", "неизвестно", "?", "n/a", "na"}


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | int = Field(description="student id shown in outputs")
    name: str | None = None
    answers: dict[str, Any] = {}


@dataclass
class Profile:
    """Known answers in canonical types; everything else in the vocabulary is unknown."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)
    name: str | None = None

    def unknown(self, kb: KnowledgeBase) -> list[str]:
        return [i for i in kb.inputs if i not in self.values]


def is_unknown(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in UNKNOWN_WORDS)


def check_answer(kb: KnowledgeBase, input_id: str, raw: Any) -> Any:
    """Canonical value of one answer, None for unknown; ValueError with the reason otherwise."""
    inp = kb.inputs.get(input_id)
    if inp is None:
        raise ValueError(f"unknown attribute {input_id!r} (not in the vocabulary)")
    if is_unknown(raw):
        return None
    try:
        return normalize_value(inp, raw)
    except ValueError as exc:
        raise ValueError(f"{input_id}: {exc}") from None


def profile_from_answers(kb: KnowledgeBase, student_id: str, answers: dict[str, Any],
                         name: str | None = None) -> Profile:
    """Build a profile from a mapping of answers (used by batch and consultation); ValueError on a bad one."""
    values = {}
    for key, raw in answers.items():
        value = check_answer(kb, key, raw)
        if value is not None:
            values[key] = value
    return Profile(str(student_id), values, name)


def profile_from_document(kb: KnowledgeBase, doc: Document, data: Any = None, loc: tuple = ()) -> Profile:
    """Validate profile data (a whole file, or a part of one at ``loc``); every problem at once."""
    problems: list[Problem] = []
    sub = Document(doc.path, doc.data if data is None else data,
                   {k[len(loc):]: v for k, v in doc.lines.items() if k[:len(loc)] == loc})
    parsed = validate(sub, ProfileFile, problems)
    if parsed is None:
        raise UserError(problems)
    values = {}
    for key, raw in parsed.answers.items():
        try:
            value = check_answer(kb, str(key), raw)
        except ValueError as exc:
            problems.append(Problem(str(doc.path), sub.line_of(("answers", key)), f"answers.{key}", str(exc)))
            continue
        if value is not None:
            values[str(key)] = value
    if problems:
        raise UserError(problems)
    return Profile(str(parsed.id), values, parsed.name)


def load_profile(kb: KnowledgeBase, path: Path | str) -> Profile:
    return profile_from_document(kb, read_document(Path(path)))
