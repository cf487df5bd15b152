"""A roster result in the reader's language: the headings and titles of the single result's text.

A result record holds machine ids (``expert.outcome.record_of``); this module turns it into what a
methodologist reads: headings from the same tables as ``expert classify`` prints (``expert.i18n``),
conclusion titles, the questions to clarify by their labels, the rules behind the direction by title
and paragraph. ``ids=True`` (``--ids``, and always for JSONL) keeps the machine ids for programs.
"""

from __future__ import annotations

from typing import Any

from expert.i18n import heading, pick, t
from expert.render import urgent_word
from expert.rules.kb import KnowledgeBase
from expert.urgency import STATES

FIELD_HEADINGS: dict[str, tuple[str, str]] = {
    "student_id": ("Код учащегося", "Student id"),
    "direction": ("Направление сопровождения", "Direction of support"),
    "provisional": ("Предварительно", "Provisional"),
    "urgent_flags": ("Срочная помощь", "Urgent help"),
    "rules": ("Правила, по которым определено направление", "Rules behind the direction"),
}
KIND_OF_FIELD = {"functions": "function", "who": "who", "measures": "measure", "specialists": "specialist",
                 "urgent": "flag"}
ERROR_HEADINGS: dict[str, tuple[str, str]] = {
    "row": ("Строка", "Row"), "column": ("Столбец", "Column"), "value": ("Значение", "Value"),
    "message": ("Что не так", "What is wrong"), "hint": ("Что написать", "What to write instead"),
}
CONCLUSION_FIELDS = ("functions", "who", "measures", "specialists", "urgent_flags")


class Presenter:
    """Headings and cell values of result and error rows, in ``lang`` or as ids."""

    def __init__(self, kb: KnowledgeBase, lang: str = "ru", ids: bool = False):
        self.kb = kb
        self.lang = lang
        self.ids = ids
        self.rules = {r.id: r.definition for r in kb.rules}

    def heading(self, field: str) -> str:
        if self.ids:
            return field
        if field in FIELD_HEADINGS:
            return pick(FIELD_HEADINGS, field, self.lang)
        if field in KIND_OF_FIELD:
            return heading(KIND_OF_FIELD[field], self.lang)
        if field == "clarify":
            return t("clarify", self.lang)
        return field  # a column copied from the roster keeps its own header

    def error_heading(self, field: str) -> str:
        return field if self.ids else pick(ERROR_HEADINGS, field, self.lang)

    def value(self, field: str, value: Any) -> Any:
        """One cell: a string, or a list of strings the writer joins its own way."""
        if self.ids:
            return value
        lang = self.lang
        if isinstance(value, bool):
            return t("yes" if value else "no", lang)
        if field == "direction":
            return self.title(value) if value else t("no_direction", lang)
        if field == "urgent" and value in STATES:
            return urgent_word(value, lang)
        if field in CONCLUSION_FIELDS:
            return [self.title(c) for c in value]
        if field == "clarify":
            return [self.kb.inputs[i].label.get(lang) if i in self.kb.inputs else i for i in value]
        if field == "rules":
            return [self.rule(r) for r in value]
        return value

    def title(self, conclusion: str) -> str:
        found = self.kb.conclusions.get(conclusion)
        return found.title.get(self.lang) if found else conclusion

    def rule(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        if rule is None:
            return rule_id
        paragraphs = ", ".join(f"§{n}" for n in rule.source.paragraphs)
        return f"{rule.title.get(self.lang)} ({paragraphs})" if paragraphs else rule.title.get(self.lang)

    def row(self, record: dict[str, Any], fields: list[str]) -> list[Any]:
        return [self.value(f, record.get(f)) for f in fields]
