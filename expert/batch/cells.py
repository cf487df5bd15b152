"""Turning one roster cell into a canonical answer, with the spellings spreadsheets actually contain.

The shared profile check (``expert.facts.profile.check_answer``) stays the authority on types and
ranges; this module only widens what a cell may look like before it gets there: Excel's ИСТИНА/ЛОЖЬ,
1/0, a decimal comma in a whole number, option titles instead of ids, several options in one cell.
"""

from __future__ import annotations

import re
from typing import Any

from expert.facts.profile import check_answer, is_unknown
from expert.rules.schema import InputDef

TRUE_WORDS = {"да", "yes", "true", "1", "истина", "y", "д"}
FALSE_WORDS = {"нет", "no", "false", "0", "ложь", "n", "н"}
UNKNOWN_WORDS = {"-", "—", "н/д", "нет данных", "не известно", "dont know", "don't know"}
MULTI_SPLIT = re.compile(r"\s*[;|,]\s*")
DECIMALS = ("auto", ",", ".")


def _key(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


class CellReader:
    """Reads cells for one input; option titles (ru/en) and ids are matched case-insensitively."""

    def __init__(self, inp: InputDef, decimal: str = "auto"):
        self.inp = inp
        self.decimal = decimal
        self.options: dict[str, str] = {}
        for opt in inp.options or []:
            for name in (opt.id, opt.title.ru, opt.title.en):
                self.options.setdefault(_key(name), opt.id)

    def read(self, kb, raw: Any) -> Any:
        """Canonical value, None when unknown; ValueError with the reason for a bad cell."""
        if isinstance(raw, str):
            text = raw.strip()
            if is_unknown(text) or _key(text) in UNKNOWN_WORDS:
                return None
            raw = self._from_text(text)
        elif raw is None:
            return None
        elif self.inp.type == "boolean" and isinstance(raw, int | float) and not isinstance(raw, bool):
            if raw not in (0, 1):
                raise ValueError(f"expected yes/no (да/нет), got {raw!r}")
            raw = bool(raw)
        return check_answer(kb, self.inp.id, raw)

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
                raise ValueError(f"expected a whole number with decimal '{self.decimal}', got {text!r}")
            return number
        if kind == "choice":
            return self.options.get(_key(text), text)
        whole = self.options.get(_key(text))
        if whole is not None:
            return [whole]
        return [self.options.get(_key(part), part) for part in MULTI_SPLIT.split(text) if part]
