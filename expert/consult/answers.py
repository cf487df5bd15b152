"""Reading one typed answer for one input: да/нет/не знаю, numbers with range checks, options by number or word."""

from __future__ import annotations

import re
from typing import Any

from expert.consult.texts import tr
from expert.render import format_answer
from expert.rules.schema import InputDef

UNKNOWN = object()  # the answer «не знаю»: asked, and left unknown
UNKNOWN_WORDS = {"не знаю", "незнаю", "нз", "неизвестно", "не известно", "unknown", "dont know", "don't know",
                 "idk", "n/a"}
YES = {"да", "д", "yes", "y"}
NO = {"нет", "н", "no", "n"}
NONE_WORDS = {"нет", "ничего", "ни одного", "none", "no", "0", "-"}


class BadAnswer(ValueError):
    """The typed text is not a valid answer; the message is the short hint to show."""


def hint(inp: InputDef, lang: str) -> str:
    if inp.type == "boolean":
        return tr("hint_boolean", lang)
    if inp.type == "integer":
        return tr("hint_integer", lang, min=inp.min, max=inp.max)
    return tr(f"hint_{inp.type}", lang)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))


def _option(inp: InputDef, token: str) -> str | None:
    options = inp.options or []
    if token.isdigit():
        n = int(token)
        return options[n - 1].id if 1 <= n <= len(options) else None
    for o in options:
        if token in (o.id, _norm(o.title.ru), _norm(o.title.en)):
            return o.id
    return None


def parse_answer(inp: InputDef, raw: str, lang: str) -> Any:
    """The canonical value of a typed answer, or UNKNOWN; BadAnswer with a hint otherwise."""
    text = _norm(raw)
    if text in UNKNOWN_WORDS:
        return UNKNOWN
    if not text:
        raise BadAnswer(tr("empty_answer", lang, hint=hint(inp, lang)))
    bad = BadAnswer(tr("bad_answer", lang, raw=raw.strip(), hint=hint(inp, lang)))
    if inp.type == "boolean":
        if text in YES:
            return True
        if text in NO:
            return False
        raise bad
    if inp.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise bad
        value = int(text)
        if not (inp.min <= value <= inp.max):  # type: ignore[operator]
            raise BadAnswer(tr("out_of_range", lang, value=value, min=inp.min, max=inp.max))
        return value
    if inp.type == "choice":
        chosen = _option(inp, text)
        if chosen is None:
            raise bad
        return chosen
    if text in NONE_WORDS:
        return frozenset()
    tokens = [t for t in re.split(r"\s*[,;]\s*", text) if t]
    if len(tokens) == 1 and _option(inp, tokens[0]) is None:
        tokens = text.split()  # "1 3" as well as "1, 3"
    chosen_ids = [_option(inp, t) for t in tokens]
    if not tokens or None in chosen_ids:
        raise bad
    return frozenset(c for c in chosen_ids if c is not None)


def show_value(inp: InputDef, value: Any, lang: str) -> str:
    """An answer as a person reads it."""
    if value is UNKNOWN or value is None:
        return tr("answer_unknown", lang)
    return format_answer(inp, value, lang)
