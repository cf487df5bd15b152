"""One typed answer for one input, read by ``expert.facts.answer_text`` (the reader files and rosters use too),
with the consultation's hints when it is not understood."""

from __future__ import annotations

from typing import Any

from expert.consult.texts import tr
from expert.facts.answer_text import NotUnderstood, read_answer
from expert.render import format_answer
from expert.rules.schema import InputDef

UNKNOWN = object()  # the answer «не знаю»: asked, and left unknown


class BadAnswer(ValueError):
    """The typed text is not a valid answer; the message is the short hint to show."""


def hint(inp: InputDef, lang: str) -> str:
    if inp.type == "boolean":
        return tr("hint_boolean", lang)
    if inp.type == "integer":
        return tr("hint_integer", lang, min=inp.min, max=inp.max)
    return tr(f"hint_{inp.type}", lang)


def parse_answer(inp: InputDef, raw: str, lang: str) -> Any:
    """The canonical value of a typed answer, or UNKNOWN; BadAnswer with a hint otherwise."""
    if not raw.strip():
        raise BadAnswer(tr("empty_answer", lang, hint=hint(inp, lang)))
    try:
        value = read_answer(inp, raw)
    except NotUnderstood as exc:
        if exc.reason == "range":
            raise BadAnswer(tr("out_of_range", lang, value=exc.value, min=inp.min, max=inp.max)) from None
        if exc.reason == "ambiguous":
            titles = {o.id: o.title.get(lang) for o in inp.options or []}
            raise BadAnswer(tr("ambiguous", lang, raw=raw.strip(),
                               options="; ".join(titles[c] for c in exc.candidates))) from None
        raise BadAnswer(tr("bad_answer", lang, raw=raw.strip(), hint=hint(inp, lang))) from None
    return UNKNOWN if value is None else value


def show_value(inp: InputDef, value: Any, lang: str) -> str:
    """An answer as a person reads it."""
    if value is UNKNOWN or value is None:
        return tr("answer_unknown", lang)
    return format_answer(inp, value, lang)
