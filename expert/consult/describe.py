"""A condition as one line a social pedagogue can read, each atom marked with what is known about it."""

from __future__ import annotations

from typing import Any

from expert.consult.answers import show_value
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp
from expert.rules.kb import KnowledgeBase
from expert.status import Status, Tri, evaluate

MARKS = {Tri.TRUE: "✓", Tri.FALSE: "✗", Tri.UNKNOWN: "?"}
OPS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
WORDS = {
    "and": ("и", "and"), "or": ("или", "or"), "not": ("не", "not"), "at_least": ("не менее {n} из", "at least {n} of"),
    "in": ("одно из", "one of"), "not_in": ("ни одно из", "none of"), "has": ("включает", "includes"),
    "lacks": ("не включает", "does not include"),
}


def _w(key: str, lang: str) -> str:
    ru, en = WORDS[key]
    return en if lang == "en" else ru


def _value(kb: KnowledgeBase, cmp: Cmp, lang: str) -> str:
    inp = kb.inputs[cmp.input]
    if isinstance(cmp.value, frozenset):
        if inp.type == "integer":
            return ", ".join(str(v) for v in sorted(cmp.value))
        if inp.type == "choice":
            return "; ".join(show_value(inp, v, lang) for v in sorted(cmp.value, key=inp.option_ids().index))
        return show_value(inp, cmp.value, lang) if cmp.value else "—"
    return show_value(inp, cmp.value, lang)


def describe(cond: Condition, kb: KnowledgeBase, lang: str, values: dict[str, Any] | None = None,
             status: Status | None = None) -> str:
    """Readable text of ``cond``; with ``status``, every atom carries ✓ / ✗ / ? (holds / not / unknown)."""

    def mark(c: Condition, text: str) -> str:
        if status is None:
            return text
        return f"{text} {MARKS[evaluate(c, values or {}, status)]}"

    def go(c: Condition, top: bool = False) -> str:
        if isinstance(c, Cmp):
            label = kb.inputs[c.input].label.get(lang)
            if kb.inputs[c.input].type == "boolean" and c.op in ("=", "!="):
                yes = (c.value is True) == (c.op == "=")
                text = label if yes else f"{_w('not', lang)}: {label}"
            elif c.op in OPS:
                text = f"{label} {OPS[c.op]} {_value(kb, c, lang)}"
            else:
                text = f"{label}: {_w(c.op, lang)} {_value(kb, c, lang)}"
            return mark(c, text)
        if isinstance(c, ScoreCmp):
            return mark(c, f"{kb.scores[c.score].definition.title.get(lang)} {OPS[c.op]} {c.value:g}")
        if isinstance(c, FactIs):
            return mark(c, f"«{kb.conclusions[c.fact].title.get(lang)}»")
        if isinstance(c, FactNot):
            return mark(c, f"{_w('not', lang)} «{kb.conclusions[c.fact].title.get(lang)}»")
        if isinstance(c, Not):
            if isinstance(c.item, FactIs):
                return go(FactNot(c.item.fact))
            return f"{_w('not', lang)} ({go(c.item, True)})"
        if isinstance(c, All | AnyOf):
            joiner = f" {_w('and' if isinstance(c, All) else 'or', lang)} "
            text = joiner.join(go(i) for i in c.items)
            return text if top or len(c.items) < 2 else f"({text})"
        if isinstance(c, AtLeast):
            return f"{_w('at_least', lang).format(n=c.n)}: (" + "; ".join(go(i, True) for i in c.items) + ")"
        raise TypeError(c)

    return go(cond, True)
