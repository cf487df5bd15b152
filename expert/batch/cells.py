"""Turning one roster cell into a canonical answer: the one answer reader (``expert.facts.answer_text``:
titles, synonyms, prefixes, ИСТИНА/ЛОЖЬ, numbers with units, several options in one cell) plus what only
spreadsheets hold: numbers typed into boolean columns, thousands separators, the roster's decimal separator.
"""

from __future__ import annotations

import re
from typing import Any

from expert.batch.messages import m
from expert.facts.answer_text import NotUnderstood, read_answer
from expert.facts.profile import check_value
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef


class CellError(ValueError):
    """A cell that is not a valid answer; the message is in the user's language."""


MEMO_CELLS = 4096  # distinct cells remembered per column: a roster column holds a handful of answers
_MISS = object()


class CellReader:
    """Reads cells for one input with the one answer reader (``expert.facts.answer_text``)."""

    def __init__(self, kb: KnowledgeBase, inp: InputDef, decimal: str = "auto", lang: str = "ru"):
        self.kb = kb
        self.inp = inp
        self.decimal = decimal
        self.lang = lang
        self.memo: dict[Any, tuple[bool, Any]] = {}  # cell -> (True, value) or (False, why); see ``read``
        self.good: dict[str, Any] = {}  # a text cell read before without a problem -> its value

    def read(self, raw: Any) -> Any:
        """Canonical value, None when unknown; CellError with the reason for a bad cell. The reading of a
        cell is remembered: a column of a roster repeats the same few answers on every row."""
        key = raw if type(raw) is str else (type(raw), raw)  # 1, 1.0 and True are different cells
        try:
            ok, value = self.memo[key]
        except KeyError:
            ok, value = self._remember(key, raw)
        except TypeError:  # a JSON list or object in the cell: unhashable, read afresh
            ok, value = self._outcome(raw)
        if ok:
            return value
        raise CellError(value)

    def _remember(self, key: Any, raw: Any) -> tuple[bool, Any]:
        outcome = self._outcome(raw)
        if len(self.memo) < MEMO_CELLS:
            self.memo[key] = outcome
            if outcome[0] and type(raw) is str:
                self.good[raw] = outcome[1]
        return outcome

    def _outcome(self, raw: Any) -> tuple[bool, Any]:
        try:
            return True, self._read(raw)
        except CellError as exc:
            return False, str(exc)

    def _read(self, raw: Any) -> Any:
        if isinstance(raw, str):
            raw = self._from_text(raw.strip())
            if raw is None:
                return None
        elif raw is None:
            return None
        elif self.inp.type == "boolean" and isinstance(raw, int | float) and not isinstance(raw, bool):
            if raw not in (0, 1):
                raise CellError(m("bad_bool", self.lang, value=repr(raw)))
            raw = bool(raw)
        try:
            return check_value(self.inp, raw)
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
        options = ", ".join(f"«{o.title.get(lang)}»" for o in inp.options or [])
        items = raw if isinstance(raw, list) else [raw]
        bad = next((x for x in items if x not in inp.option_ids()), raw)
        return m("bad_option", lang, value=repr(bad), options=options)

    def _from_text(self, text: str) -> Any:
        """The answer a spreadsheet cell holds; a cell that is not understood goes on as it is, to be refused
        with its reason by ``check_answer``."""
        if self.inp.type == "integer":
            text = re.sub(r"(?<=\d)[\s\u00a0]+(?=\d)", "", text)  # «1 000»: a thousands separator
            if self.decimal == "," and "." in text or self.decimal == "." and "," in text:
                raise CellError(m("bad_decimal", self.lang, decimal=self.decimal, value=repr(text)))
        try:
            return read_answer(self.inp, text)
        except NotUnderstood as exc:
            if exc.reason == "range":
                raise CellError(m("out_of_range", self.lang, value=exc.value, min=self.inp.min,
                                  max=self.inp.max)) from None
            return text
