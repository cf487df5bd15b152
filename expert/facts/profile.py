"""A student profile: what is known about one student, validated against the KB vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from expert.errors import Problem, UserError
from expert.facts.answer_text import NotUnderstood, is_unknown_text, read_answer, read_option
from expert.rules.conditions import normalize_value
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef, answer_key
from expert.rules.validation import validate
from expert.rules.yamlio import Document, read_document


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
    return raw is None or (isinstance(raw, str) and is_unknown_text(raw))


def check_answer(kb: KnowledgeBase, input_id: str, raw: Any) -> Any:
    """Canonical value of one answer, None for unknown; ValueError with the reason otherwise."""
    inp = kb.inputs.get(input_id)
    if inp is None:
        raise ValueError(f"unknown attribute {input_id!r} (not in the vocabulary)")
    try:
        return check_value(inp, raw)
    except ValueError as exc:
        raise ValueError(f"{input_id}: {exc}") from None


def check_value(inp: InputDef, raw: Any) -> Any:
    """Canonical value of one answer to ``inp``, None for unknown; ValueError with the reason otherwise."""
    return None if is_unknown(raw) else normalize_value(inp, _read_written(inp, raw))


def _read_written(inp: InputDef, raw: Any) -> Any:
    """Text as people write it (titles, synonyms, «13 лет») read by the one answer reader; on failure the
    strict check of ``normalize_value`` says why."""
    try:
        if isinstance(raw, str):
            return read_answer(inp, raw)
        if inp.type == "multi" and isinstance(raw, list | tuple | set | frozenset):
            return [read_option(inp, answer_key(x), x) if isinstance(x, str) else x for x in raw]
    except NotUnderstood as exc:
        if exc.reason == "ambiguous":
            raise ValueError(f"{exc.text!r} may be any of: {', '.join(exc.candidates)}") from None
    return raw


def apply_screens(kb: KnowledgeBase, values: dict[str, Any]) -> dict[str, Any]:
    """Known answers, the screening questions they settle, and what screens answered «нет» imply; explicit
    answers are kept. This is the one meaning of «answered» (a question the screen answered counts as
    answered) behind every count of unknown answers: consultation, classify, reports."""
    settled = {screen: answer for screen in kb.screens if screen not in values
               and (answer := screen_answer(kb, screen, values)) is not None}
    values = {**values, **settled} if settled else values
    implied = {k: v for screen, answers in kb.screens.items() if values.get(screen) is False
               for k, v in answers.items() if k not in values}
    return {**values, **implied} if implied else values


def screen_answer(kb: KnowledgeBase, screen: str, values: dict[str, Any]) -> bool | None:
    """The answer to a screening question that the specific answers imply: «нет» when every input it covers
    has the value «нет» implies, «да» when one is known to differ, otherwise unknown."""
    implied = kb.screens[screen]
    if any(k in values and values[k] != v for k, v in implied.items()):
        return True
    return False if all(k in values for k in implied) else None


def screen_conflicts(kb: KnowledgeBase, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(input, screen) pairs where an explicit answer contradicts a screening question answered «нет»."""
    return [(k, screen) for screen, answers in kb.screens.items() if values.get(screen) is False
            for k, v in answers.items() if k in values and values[k] != v]


def _conflict_message(kb: KnowledgeBase, key: str, screen: str) -> str:
    return (f"{key}: contradicts the answer «нет» to {screen!r} ({kb.inputs[screen].label.en}) "
            f"/ противоречит ответу «нет» на {screen!r}")


class ScreenConflict(ValueError):
    """Answers that contradict a screening question answered «нет»: ``conflicts`` is [(input, screen)]."""

    def __init__(self, kb: KnowledgeBase, conflicts: list[tuple[str, str]]):
        super().__init__(_conflict_message(kb, *conflicts[0]))
        self.conflicts = conflicts
        self.messages = [_conflict_message(kb, key, screen) for key, screen in conflicts]


def make_profile(kb: KnowledgeBase, student_id: str, values: dict[str, Any], name: str | None = None) -> Profile:
    """The one way to make a student's answers (canonical values) into a profile, for a file, a consultation
    and a roster row alike: conflicts with a screening question are refused (ScreenConflict), then the
    screening questions are applied."""
    conflicts = screen_conflicts(kb, values)
    if conflicts:
        raise ScreenConflict(kb, conflicts)
    return Profile(str(student_id), apply_screens(kb, values), name)


def profile_from_answers(kb: KnowledgeBase, student_id: str, answers: dict[str, Any],
                         name: str | None = None) -> Profile:
    """Build a profile from a mapping of answers (used by batch and consultation); ValueError on a bad one."""
    values = {}
    for key, raw in answers.items():
        value = check_answer(kb, key, raw)
        if value is not None:
            values[key] = value
    return make_profile(kb, student_id, values, name)


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
    try:
        profile = make_profile(kb, str(parsed.id), values, parsed.name)
    except ScreenConflict as exc:
        problems += [Problem(str(doc.path), sub.line_of(("answers", key)), f"answers.{key}", text)
                     for (key, _screen), text in zip(exc.conflicts, exc.messages, strict=True)]
    if problems:
        raise UserError(problems)
    return profile


SESSION_FORMAT = "expert-consult-session/1"  # the file ``expert consult`` keeps the answers in


def load_profile(kb: KnowledgeBase, path: Path | str) -> Profile:
    """A profile file (YAML/JSON), or a consultation session file: a methodologist checks a pedagogue's
    consultation with ``explain``/``classify`` on the very answers it was given."""
    doc = read_document(Path(path))
    if isinstance(doc.data, dict) and doc.data.get("format") == SESSION_FORMAT:
        return _profile_from_session(kb, doc)
    return profile_from_document(kb, doc)


def _profile_from_session(kb: KnowledgeBase, doc: Document) -> Profile:
    data, problems = doc.data, []
    student, answers = data.get("student_id"), data.get("answers")
    if not isinstance(student, str) or not student or not isinstance(answers, list):
        raise UserError.single(str(doc.path), "consultation file is incomplete (student_id, answers) / файл "
                                              "консультации неполон")
    values: dict[str, Any] = {}
    for n, item in enumerate(answers):
        where = f"answers[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("input"), str) or "value" not in item:
            problems.append(Problem(str(doc.path), doc.line_of(("answers", n)), where,
                                    "expected {input: ..., value: ...}"))
            continue
        try:
            value = check_answer(kb, item["input"], item["value"])
        except ValueError as exc:
            problems.append(Problem(str(doc.path), doc.line_of(("answers", n)), where, str(exc)))
            continue
        if value is not None:
            values[item["input"]] = value
    try:
        profile = make_profile(kb, student, values)
    except ScreenConflict as exc:
        problems += [Problem(str(doc.path), None, key, text)
                     for (key, _screen), text in zip(exc.conflicts, exc.messages, strict=True)]
    if problems:
        raise UserError(problems)
    return profile
