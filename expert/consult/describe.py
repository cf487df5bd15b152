"""A condition as one line a social pedagogue can read, each atom marked with what is known about it."""

from __future__ import annotations

from typing import Any

from expert.consult.answers import show_value
from expert.evaluator import Status, Tri
from expert.i18n import pick
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp, walk
from expert.rules.kb import KnowledgeBase

OPS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
WORDS = {
    "and": ("и", "and"), "or": ("или", "or"), "not": ("не {x}", "not {x}"),
    "at_least": ("не менее {n} из", "at least {n} of"),
    "in": ("одно из", "one of"), "not_in": ("ни одно из", "none of"), "has": ("включает", "includes"),
    "lacks": ("не включает", "does not include"),
    "others": ("ещё {n} услови{end}", "{n} other condition{end}"),
}
SHOWN_ITEMS = 3  # with a focus, longer lists show the items about it and count the rest


def _w(key: str, lang: str) -> str:
    return pick(WORDS, key, lang)


def _value(kb: KnowledgeBase, cmp: Cmp, lang: str) -> str:
    inp = kb.inputs[cmp.input]
    if isinstance(cmp.value, frozenset):
        if inp.type == "integer":
            return "[" + ", ".join(str(v) for v in sorted(cmp.value)) + "]"
        if inp.type == "choice":
            chosen = sorted(cmp.value, key=inp.option_ids().index)
            return "[" + "; ".join(show_value(inp, v, lang) for v in chosen) + "]"
        return "[" + show_value(inp, cmp.value, lang) + "]" if cmp.value else "—"
    return show_value(inp, cmp.value, lang)


def _others(n: int, lang: str) -> str:
    if lang == "en":
        end = "" if n == 1 else "s"
    else:  # Russian endings; the Kazakh text has none (a noun after a numeral stays singular)
        few = n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
        end = "е" if n % 10 == 1 and n % 100 != 11 else "я" if few else "й"
    return pick(WORDS, "others", lang).format(n=n, end=end)


def _mentions(cond: Condition, focus: set[str]) -> bool:
    return any((isinstance(c, Cmp) and c.input in focus) or (isinstance(c, FactIs | FactNot) and c.fact in focus)
               for c in walk(cond))


def describe(cond: Condition, kb: KnowledgeBase, lang: str, values: dict[str, Any] | None = None,
             status: Status | None = None, focus: set[str] | None = None) -> str:
    """Readable text of ``cond``; with ``status``, every atom carries ✓ / ✗ / ? (holds / not / unknown).

    With ``focus`` (input and conclusion ids), a long list of alternatives shows the items that read them and
    counts the others, so WHY stays readable on rules with many branches.
    """

    def mark(c: Condition, text: str) -> str:
        if status is None:
            return text
        return f"{text} {status.evaluate(c).mark}"

    def go(c: Condition, top: bool = False) -> str:
        if isinstance(c, Cmp):
            label = kb.inputs[c.input].label.get(lang)
            if kb.inputs[c.input].type == "boolean" and c.op in ("=", "!="):
                yes = (c.value is True) == (c.op == "=")
                text = label if yes else f"{label}: {show_value(kb.inputs[c.input], False, lang)}"
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
            return mark(c, _w("not", lang).format(x=f"«{kb.conclusions[c.fact].title.get(lang)}»"))
        if isinstance(c, Not):
            if isinstance(c.item, FactIs):
                return go(FactNot(c.item.fact))
            return _w("not", lang).format(x=f"({go(c.item, True)})")
        if isinstance(c, All | AnyOf | AtLeast):
            parts = [go(i, isinstance(c, AtLeast)) for i in c.items]
            if focus and len(c.items) > SHOWN_ITEMS:
                keep = [n for n, i in enumerate(c.items) if _mentions(i, focus)] or list(range(SHOWN_ITEMS))
                rest = [i for n, i in enumerate(c.items) if n not in keep]
                parts = [parts[n] for n in keep]
                if rest:
                    marks = ""
                    if status is not None:
                        counts = [status.evaluate(i) for i in rest]
                        shown = (Tri.TRUE, Tri.FALSE, Tri.UNKNOWN)
                        marks = " " + " ".join(f"{t.mark}{counts.count(t)}" for t in shown if counts.count(t))
                    parts.append(f"… {_others(len(rest), lang)}{marks}")
            if isinstance(c, AtLeast):
                return f"{_w('at_least', lang).format(n=c.n)}: (" + "; ".join(parts) + ")"
            joiner = f" {_w('and' if isinstance(c, All) else 'or', lang)} "
            text = joiner.join(parts)
            return text if top or len(parts) < 2 else f"({text})"
        raise TypeError(c)

    return go(cond, True)
