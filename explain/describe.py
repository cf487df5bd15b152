"""Conditions, answers and conclusions in words, using the KB's own labels and option titles."""

from __future__ import annotations

from typing import Any

from expert.render import format_answer
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import SourceRef
from expert.rules.sources import cite, cite_short, explain_source
from explain.messages import m, quoted

OP_SYMBOLS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def option_title(kb: KnowledgeBase, input_id: str, option: str, lang: str) -> str:
    for opt in kb.inputs[input_id].options or []:
        if opt.id == option:
            return opt.title.get(lang)
    return option


def format_value(kb: KnowledgeBase, input_id: str, value: Any, lang: str) -> str:
    """An answer as a person reads it: да/нет, a number with its unit, option titles."""
    if value is None:
        return m("unknown", lang)
    return format_answer(kb.inputs[input_id], value, lang)


def input_label(kb: KnowledgeBase, input_id: str, lang: str) -> str:
    return kb.inputs[input_id].label.get(lang)


def conclusion_title(kb: KnowledgeBase, conclusion_id: str, lang: str) -> str:
    return kb.conclusions[conclusion_id].title.get(lang)


def _options(kb: KnowledgeBase, input_id: str, values: Any, lang: str) -> list[str]:
    items = values if isinstance(values, frozenset | set | list | tuple) else [values]
    inp = kb.inputs[input_id]
    if inp.type == "integer":
        return [_number(v) for v in sorted(items)]
    order = {o: i for i, o in enumerate(inp.option_ids())}
    ordered = sorted(items, key=lambda v: order.get(v, len(order)))
    return [quoted(option_title(kb, input_id, v, lang), lang) for v in ordered]


def describe_cmp(cond: Cmp, kb: KnowledgeBase, lang: str) -> str:
    inp = kb.inputs[cond.input]
    label = inp.label.get(lang)
    op, value = cond.op, cond.value
    if inp.type == "boolean":
        holds = value if op == "=" else not value
        return f"{label}: {m('yes' if holds else 'no', lang)}"
    if op in ("in", "not_in"):
        words = m("one_of" if op == "in" else "none_of", lang)
        return f"{label}: {words} {', '.join(_options(kb, cond.input, value, lang))}"
    if op in ("has", "lacks"):
        opts = _options(kb, cond.input, value, lang)
        key = ("has" if op == "has" else "lacks") + ("_one" if len(opts) == 1 else "_any")
        return f"{label}: {m(key, lang)} {', '.join(opts)}"
    if inp.type == "choice":
        title = option_title(kb, cond.input, value, lang)
        return f"{label} {OP_SYMBOLS[op]} {quoted(title, lang)}"
    unit = f" {inp.unit.get(lang)}" if inp.unit else ""
    param = f" ({m('parameter', lang)} {cond.param})" if cond.param else ""
    return f"{label} {OP_SYMBOLS[op]} {_number(value)}{unit}{param}"


def describe(cond: Condition, kb: KnowledgeBase, lang: str = "ru") -> str:
    """One condition of the KB in words (ru/en), nested parts in parentheses."""
    if isinstance(cond, Cmp):
        return describe_cmp(cond, kb, lang)
    if isinstance(cond, ScoreCmp):
        title = kb.scores[cond.score].definition.title.get(lang)
        param = f" ({m('parameter', lang)} {cond.param})" if cond.param else ""
        return f"{title} {OP_SYMBOLS[cond.op]} {_number(cond.value)}{param}"
    if isinstance(cond, FactIs):
        return f"{m('established', lang)}: {quoted(conclusion_title(kb, cond.fact, lang), lang)}"
    if isinstance(cond, FactNot):
        return f"{m('not_established', lang)}: {quoted(conclusion_title(kb, cond.fact, lang), lang)}"
    if isinstance(cond, Not):
        if isinstance(cond.item, FactIs):
            return describe(FactNot(cond.item.fact), kb, lang)
        return m("not", lang, x=f"({describe(cond.item, kb, lang)})")
    if isinstance(cond, All | AnyOf):
        if not cond.items:
            return m("yes" if isinstance(cond, All) else "no", lang)
        joiner = f" {m('and' if isinstance(cond, All) else 'or', lang)} "
        return joiner.join(_nested(c, kb, lang) for c in cond.items)
    if isinstance(cond, AtLeast):
        return f"{m('at_least', lang, n=cond.n)}: " + "; ".join(_nested(c, kb, lang) for c in cond.items)
    raise TypeError(cond)


def _nested(cond: Condition, kb: KnowledgeBase, lang: str) -> str:
    text = describe(cond, kb, lang)
    return f"({text})" if isinstance(cond, All | AnyOf | AtLeast) and len(getattr(cond, "items", ())) > 1 else text


def step_source(kb: KnowledgeBase, step_key: str, kind: str) -> SourceRef:
    """The source a fired step cites: a rule's ``source``, or its score's for a term or a total."""
    if kind == "rule":
        return kb.rule(step_key).definition.source
    return kb.scores[step_key.split("#", 1)[0]].definition.source


def source_attrs(kb: KnowledgeBase, source: SourceRef | None, lang: str) -> dict[str, str]:
    """A graph node's source in the reader's language: the citation, its short form for the picture, and a
    tooltip with what each cited paragraph says."""
    if source is None:
        return {"source": ""}
    return {"source": cite(kb, source, lang), "source_short": cite_short(source, lang),
            "tooltip": explain_source(kb, source, lang)}
