"""Turning one roster cell into a canonical answer, with the spellings spreadsheets actually contain.

The shared profile check (``expert.facts.profile.check_answer``) stays the authority on types and
ranges; this module only widens what a cell may look like before it gets there: Excel's ИСТИНА/ЛОЖЬ,
1/0, a decimal comma in a whole number, option titles instead of ids, several options in one cell.
"""

from __future__ import annotations

import re
from typing import Any

from expert.batch.messages import m
from expert.facts.profile import check_answer, is_unknown
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef

TRUE_WORDS = {"да", "yes", "true", "1", "истина", "y", "д"}
FALSE_WORDS = {"нет", "no", "false", "0", "ложь", "n", "н"}
UNKNOWN_WORDS = {"-", "—", "н/д", "нет данных", "не известно", "dont know", "don't know"}
EMPTY_SET_WORDS = FALSE_WORDS | {"none", "пусто", "empty", "[]", "ничего"}
MULTI_SPLIT = re.compile(r"\s*[;|,]\s*")


def _key(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


class CellError(ValueError):
    """A cell that is not a valid answer; the message is in the user's language."""


class CellReader:
    """Reads cells for one input; option titles (ru/en) and ids are matched case-insensitively."""

    def __init__(self, kb: KnowledgeBase, inp: InputDef, decimal: str = "auto", lang: str = "ru"):
        self.kb = kb
        self.inp = inp
        self.decimal = decimal
        self.lang = lang
        self.options: dict[str, str] = {}
        for opt in inp.options or []:
            for name in (opt.id, opt.title.ru, opt.title.en):
                self.options.setdefault(_key(name), opt.id)

    def read(self, raw: Any) -> Any:
        """Canonical value, None when unknown; CellError with the reason for a bad cell."""
        if isinstance(raw, str):
            text = raw.strip()
            if is_unknown(text) or _key(text) in UNKNOWN_WORDS:
                return None
            raw = self._from_text(text)
        elif raw is None:
            return None
        elif self.inp.type == "boolean" and isinstance(raw, int | float) and not isinstance(raw, bool):
            if raw not in (0, 1):
                raise CellError(m("bad_bool", self.lang, value=repr(raw)))
            raw = bool(raw)
        try:
            return check_answer(self.kb, self.inp.id, raw)
        except ValueError:
            raise CellError(self._why(raw)) from None

    def _why(self, raw: Any) -> str:
        inp, lang = self.inp, self.lang
        if inp.type == "boolean":
            return m("bad_bool", lang, value=repr(raw))
        if inp.type == "integer":
            try:
                number = float(str(raw).replace(",", "."))
            except ValueError:
                number = None
            if number is not None and number.is_integer() and not (inp.min <= number <= inp.max):
                return m("out_of_range", lang, value=int(number), min=inp.min, max=inp.max)
            return m("bad_int", lang, value=repr(raw))
        options = ", ".join(inp.option_ids())
        items = raw if isinstance(raw, list) else [raw]
        bad = next((x for x in items if x not in inp.option_ids()), raw)
        return m("bad_option", lang, value=repr(bad), options=options)

    def _from_text(self, text: str) -> Any:
        kind = self.inp.type
        if kind == "boolean":
            word = _key(text)
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            return text
        if kind == "integer":
            number = text.replace("\u00a0", "").replace(" ", "")
            if self.decimal == "," and "." in number or self.decimal == "." and "," in number:
                raise CellError(m("bad_decimal", self.lang, decimal=self.decimal, value=repr(text)))
            return number
        if kind == "choice":
            return self.options.get(_key(text), text)
        whole = self.options.get(_key(text))
        if whole is not None:
            return [whole]
        if _key(text) in EMPTY_SET_WORDS:
            return []
        return self._split(text)

    def _split(self, text: str) -> list[str]:
        """Options separated by ; , or | — an option title may itself contain a comma, so the longest
        run of pieces that names an option wins."""
        tokens = MULTI_SPLIT.split(text)
        out, i = [], 0
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                name = ", ".join(tokens[i:j])
                if j - i == 1 or _key(name) in self.options:
                    out.append(self.options.get(_key(name), tokens[i]))
                    i = j
                    break
        return [x for x in out if x]
