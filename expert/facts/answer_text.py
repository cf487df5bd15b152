"""What people write for one answer, read one way for the consultation, ``--answers`` files, profiles and
roster cells.

«да», «Да», «ИСТИНА» and «1» are yes; «не знаю», «н/д», «-» are unknown (a dash in a form means «not
filled in», so it never counts as «нет»); a number may carry its unit («13 лет», «8%», «8 %»); an option is
named by its number, id, title, a synonym listed in the knowledge base or a prefix that names one option
only — case-, ё/е- and spacing-insensitive, and Kazakh letters typed as their Russian look-alikes («жок» is
«жоқ», «билмеймин» is «білмеймін»; ``expert.answer_words``). «нет» to a question whose options include ``none`` («Нет
трудностей») is that option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from expert.answer_words import NO_KK, NONE_KK, UNKNOWN_KK, YES_KK
from expert.rules.schema import InputDef, answer_key

UNKNOWN_WORDS = frozenset({
    "", "?", "-", "—", "не знаю", "незнаю", "нз", "неизвестно", "не известно", "н/д", "нет данных",
    "unknown", "dont know", "don't know", "idk", "n/a", "na"}) | UNKNOWN_KK
YES_WORDS = frozenset({"да", "д", "yes", "y", "true", "1", "истина"}) | YES_KK
NO_WORDS = frozenset({"нет", "н", "no", "n", "false", "0", "ложь"}) | NO_KK
NONE_WORDS = NO_WORDS | {"ничего", "ни одного", "ни одно", "none", "пусто", "empty", "[]"} | NONE_KK
NONE_OPTION = "none"  # the option «нет трудностей» that «нет» answers
_NUMBER = re.compile(r"([+-]?\d+)(?:[.,]0+)?\s*(.*)")
_SEPARATORS = re.compile(r"\s*[;|,]\s*")


@dataclass
class NotUnderstood(ValueError):
    """The text is not an answer to this input. ``reason``: ``bad`` (not understood), ``range`` (a number out
    of range: ``value``), ``ambiguous`` (a prefix of several options: ``candidates``)."""

    reason: str
    text: str
    value: int | None = None
    candidates: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


def is_unknown_text(text: str) -> bool:
    return answer_key(text) in UNKNOWN_WORDS


def read_answer(inp: InputDef, text: str) -> Any:
    """The canonical value of a written answer, None for unknown; NotUnderstood otherwise."""
    key = answer_key(text)
    if key in UNKNOWN_WORDS:
        return None
    if inp.type == "boolean":
        if key in YES_WORDS:
            return True
        if key in NO_WORDS:
            return False
        raise NotUnderstood("bad", text)
    if inp.type == "integer":
        return _number(inp, text, key)
    if inp.type == "choice":
        return read_option(inp, key, text)
    return read_options(inp, text)


def _number(inp: InputDef, text: str, key: str) -> int:
    found = _NUMBER.fullmatch(key.replace("\u00a0", " "))
    if found is None or not _is_unit(inp, found.group(2)):
        raise NotUnderstood("bad", text)
    value = int(found.group(1))
    if not (inp.min <= value <= inp.max):  # type: ignore[operator]
        raise NotUnderstood("range", text, value=value)
    return value


def _is_unit(inp: InputDef, rest: str) -> bool:
    """Nothing after the number, or (the start of) the input's unit: «лет», «%» of «% учебных дней»."""
    if not rest:
        return True
    units = [v for v in (inp.unit.model_dump().values() if inp.unit else []) if isinstance(v, str)]
    return any(answer_key(u).startswith(rest) or answer_key(u).replace("% ", "%").startswith(rest) for u in units)


def _option_names(inp: InputDef) -> dict[str, str]:
    names: dict[str, str] = {}
    for option in inp.options or []:
        for name in option.names():
            names.setdefault(answer_key(name), option.id)
    return names


def read_option(inp: InputDef, key: str, text: str | None = None) -> str:
    """One option named by ``key`` (already ``answer_key``-normalised)."""
    options = inp.options or []
    if key.isdigit():
        n = int(key)
        if 1 <= n <= len(options):
            return options[n - 1].id
        raise NotUnderstood("bad", text or key)
    names = _option_names(inp)
    if key in names:
        return names[key]
    if key in NO_WORDS and inp.type == "choice" and NONE_OPTION in names.values():
        return NONE_OPTION
    matching = {oid for name, oid in names.items() if key and name.startswith(key)}
    prefixed = [o.id for o in options if o.id in matching]
    if len(prefixed) == 1:
        return prefixed[0]
    raise NotUnderstood("ambiguous" if prefixed else "bad", text or key, candidates=tuple(prefixed))


def read_options(inp: InputDef, text: str) -> frozenset[str]:
    """Several options separated by , ; or | (or spaces between numbers: «1 3»); «нет» for none. A title may
    itself hold a comma («Табак, вейпы, насвай»), so the longest run of pieces that names an option wins."""
    key = answer_key(text)
    names = _option_names(inp)
    if key in names:
        return frozenset({names[key]})
    if key in NONE_WORDS:
        return frozenset()
    pieces = [p for p in _SEPARATORS.split(key) if p]
    if len(pieces) == 1 and " " in key and all(p.isdigit() for p in key.split()):
        pieces = key.split()
    chosen: list[str] = []
    widest = max((len([p for p in _SEPARATORS.split(name) if p]) for name in names), default=1)
    i = 0
    while i < len(pieces):  # runs no longer than the widest name: linear in the pieces, not cubic
        for j in range(min(len(pieces), i + widest), i, -1):
            whole = ", ".join(pieces[i:j])
            if j - i == 1 or whole in names:
                chosen.append(names.get(whole) or read_option(inp, whole, text))
                i = j
                break
    if not chosen:
        raise NotUnderstood("bad", text)
    return frozenset(chosen)
