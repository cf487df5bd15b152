"""The knowledge base in words for people: conditions, answers, conclusion titles and sources, in the KB's
own labels and option titles. The one place every surface (the consultation's WHY and «как», the
consultation report, HOW, WHY NOT, what-if, the graphs) takes them from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from expert.i18n import pick
from expert.render import format_answer, score_text
from expert.result import Firing, Result
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp, walk
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import SourceRef
from expert.rules.sources import cite, cite_short, explain_source

if TYPE_CHECKING:
    from expert.evaluator import Status

WORDS: dict[str, tuple[str, str]] = {
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
    "unknown": ("неизвестно", "unknown"),
    "established": ("установлено", "established"),
    "not_established": ("не установлено", "not established"),
    "and": ("и", "and"),
    "or": ("или", "or"),
    "not": ("неверно, что {x}", "not {x}"),
    "at_least": ("не менее {n} из", "at least {n} of"),
    "one_of": ("одно из", "one of"),
    "none_of": ("ни одно из", "none of"),
    "has_any": ("отмечено хотя бы одно из", "includes any of"),
    "has_one": ("отмечено", "includes"),
    "lacks_any": ("не отмечено ни одно из", "includes none of"),
    "lacks_one": ("не отмечено", "does not include"),
    "others": ("ещё {n} услови{end}", "{n} other condition{end}"),
}
OP_SYMBOLS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
SHOWN_ITEMS = 3  # with a focus, longer lists show the items about it and count the rest


def word(key: str, lang: str, **kwargs: object) -> str:
    return pick(WORDS, key, lang, **kwargs)


def quoted(text: str, lang: str) -> str:
    return f"“{text}”" if lang == "en" else f"«{text}»"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# --- answers and titles ------------------------------------------------------------------------------

def option_title(kb: KnowledgeBase, input_id: str, option: str, lang: str) -> str:
    for opt in kb.inputs[input_id].options or []:
        if opt.id == option:
            return opt.title.get(lang)
    return option


def format_value(kb: KnowledgeBase, input_id: str, value: Any, lang: str) -> str:
    """An answer as a person reads it: да/нет, a number with its unit, option titles."""
    if value is None:
        return word("unknown", lang)
    return format_answer(kb.inputs[input_id], value, lang)


def input_label(kb: KnowledgeBase, input_id: str, lang: str) -> str:
    return kb.inputs[input_id].label.get(lang)


def conclusion_title(kb: KnowledgeBase, conclusion_id: str, lang: str) -> str:
    return kb.conclusions[conclusion_id].title.get(lang)


def answer_text(kb: KnowledgeBase, input_id: str, value: Any, lang: str) -> str:
    """«Question label: answer», as HOW, the graph and the consultation show an answer a rule rested on."""
    return f"{input_label(kb, input_id, lang)}: {format_value(kb, input_id, value, lang)}"


def premise_texts(kb: KnowledgeBase, result: Result, firing: Firing, lang: str) -> list[str]:
    """What one firing rested on, one text each: answers, conclusions (held, or required not to hold), scores."""
    out = []
    for ref in firing.premises:
        if ref.kind == "input":
            out.append(answer_text(kb, ref.id, ref.value, lang))
        elif ref.kind == "derived":  # a premise of a rule that fired: it holds, its title says enough
            out.append(quoted(conclusion_title(kb, ref.id, lang), lang))
        elif ref.kind == "score":
            out.append(score_text(kb, result, ref.id, ref.value, lang))
    return out + [describe(FactNot(c), kb, lang) for c in firing.absent]


# --- sources -----------------------------------------------------------------------------------------

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


# --- conditions --------------------------------------------------------------------------------------

def _options(kb: KnowledgeBase, input_id: str, values: Any, lang: str) -> list[str]:
    items = values if isinstance(values, frozenset | set | list | tuple) else [values]
    inp = kb.inputs[input_id]
    if inp.type == "integer":
        return [_number(v) for v in sorted(items)]
    order = {o: i for i, o in enumerate(inp.option_ids())}
    ordered = sorted(items, key=lambda v: order.get(v, len(order)))
    return [quoted(option_title(kb, input_id, v, lang), lang) for v in ordered]


def _param(cond: Cmp | ScoreCmp, kb: KnowledgeBase, lang: str) -> str:
    """Where a threshold comes from, by the parameter's title (its id means nothing to a pedagogue)."""
    if not cond.param:
        return ""
    found = kb.parameters.get(cond.param)
    return f" ({found.title.get(lang) if found else cond.param})"


def describe_cmp(cond: Cmp, kb: KnowledgeBase, lang: str) -> str:
    inp = kb.inputs[cond.input]
    label = inp.label.get(lang)
    op, value = cond.op, cond.value
    if inp.type == "boolean":
        holds = value if op == "=" else not value
        return f"{label}: {word('yes' if holds else 'no', lang)}"
    if op in ("in", "not_in"):
        words = word("one_of" if op == "in" else "none_of", lang)
        return f"{label}: {words} {', '.join(_options(kb, cond.input, value, lang))}"
    if op in ("has", "lacks"):
        opts = _options(kb, cond.input, value, lang)
        key = ("has" if op == "has" else "lacks") + ("_one" if len(opts) == 1 else "_any")
        return f"{label}: {word(key, lang)} {', '.join(opts)}"
    if inp.type == "choice":
        return f"{label} {OP_SYMBOLS[op]} {quoted(option_title(kb, cond.input, value, lang), lang)}"
    unit = f" {inp.unit.get(lang)}" if inp.unit else ""
    return f"{label} {OP_SYMBOLS[op]} {_number(value)}{unit}{_param(cond, kb, lang)}"


def others(n: int, lang: str) -> str:
    """«ещё N условий»: the items of a long list a focused description leaves out."""
    if lang == "en":
        end = "" if n == 1 else "s"
    else:  # Russian endings; the Kazakh text has none (a noun after a numeral stays singular)
        few = n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
        end = "е" if n % 10 == 1 and n % 100 != 11 else "я" if few else "й"
    return word("others", lang, n=n, end=end)


def _mentions(cond: Condition, focus: set[str]) -> bool:
    return any((isinstance(c, Cmp) and c.input in focus) or (isinstance(c, FactIs | FactNot) and c.fact in focus)
               for c in walk(cond))


class _Describer:
    """One description: the KB, the language, and what the reader asked to see marked or kept."""

    def __init__(self, kb: KnowledgeBase, lang: str, status: Status | None, focus: set[str] | None):
        self.kb, self.lang, self.status, self.focus = kb, lang, status, focus

    def atom(self, cond: Condition, text: str) -> str:
        return text if self.status is None else f"{text} {self.status.evaluate(cond).mark}"

    def text(self, cond: Condition) -> str:
        kb, lang = self.kb, self.lang
        if isinstance(cond, Cmp):
            return self.atom(cond, describe_cmp(cond, kb, lang))
        if isinstance(cond, ScoreCmp):
            title = kb.scores[cond.score].definition.title.get(lang)
            return self.atom(cond, f"{title} {OP_SYMBOLS[cond.op]} {_number(cond.value)}{_param(cond, kb, lang)}")
        if isinstance(cond, FactIs | FactNot):
            said = word("established" if isinstance(cond, FactIs) else "not_established", lang)
            return self.atom(cond, f"{said}: {quoted(conclusion_title(kb, cond.fact, lang), lang)}")
        if isinstance(cond, Not):
            if isinstance(cond.item, FactIs):
                return self.text(FactNot(cond.item.fact))
            return word("not", lang, x=f"({self.text(cond.item)})")
        if isinstance(cond, All | AnyOf | AtLeast):
            return self.group(cond)
        raise TypeError(cond)

    def nested(self, cond: Condition) -> str:
        text = self.text(cond)
        return f"({text})" if isinstance(cond, All | AnyOf | AtLeast) and len(cond.items) > 1 else text

    def group(self, cond: All | AnyOf | AtLeast) -> str:
        lang = self.lang
        if not cond.items:
            return word("yes" if isinstance(cond, All) else "no", lang)
        parts = [self.nested(c) for c in cond.items]
        if self.focus and len(cond.items) > SHOWN_ITEMS:
            keep = [n for n, c in enumerate(cond.items) if _mentions(c, self.focus)] or list(range(SHOWN_ITEMS))
            rest = [c for n, c in enumerate(cond.items) if n not in keep]
            parts = [parts[n] for n in keep]
            if rest:
                parts.append(f"… {others(len(rest), lang)}{self.counts(rest)}")
        if isinstance(cond, AtLeast):
            return f"{word('at_least', lang, n=cond.n)}: " + "; ".join(parts)
        return f" {word('and' if isinstance(cond, All) else 'or', lang)} ".join(parts)

    def counts(self, rest: list[Condition]) -> str:
        """« ✓1 ✗2 ?1»: how the items left out stand, when the description carries marks."""
        if self.status is None:
            return ""
        marks = [self.status.evaluate(c).mark for c in rest]
        return "".join(f" {m}{marks.count(m)}" for m in "✓✗?" if marks.count(m))


def describe(cond: Condition, kb: KnowledgeBase, lang: str = "ru", status: Status | None = None,
             focus: set[str] | None = None) -> str:
    """One condition of the KB in words, nested parts in parentheses.

    With ``status`` (a profile's three-valued view) every atom carries ✓ / ✗ / ? (holds / not / unknown).
    With ``focus`` (input and conclusion ids), a long list of alternatives shows the items that read them and
    counts the others, so WHY stays readable on rules with many branches.
    """
    return _Describer(kb, lang, status, focus).text(cond)
