"""HOW: the justification tree of conclusions, down to the answers, as text for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from expert.describe import conclusion_title, format_value, input_label, quoted, step_source
from expert.i18n import heading
from expert.render import flag_title, urgent_summary
from expert.result import FactRef, Firing, Result
from expert.rules.kb import KnowledgeBase
from expert.rules.sources import cite
from expert.support import final_conclusions, standalone_findings, supporters
from explain.messages import m


class _Tree:
    def __init__(self, kb: KnowledgeBase, result: Result, lang: str):
        self.kb, self.result, self.lang = kb, result, lang
        self.support = supporters(kb, result.trace)
        self.shown: set[str] = set()
        self.lines: list[str] = []

    def emit(self, prefix: str, last: bool, text: str) -> str:
        self.lines.append(f"{prefix}{'└─ ' if last else '├─ '}{text}")
        return prefix + ("   " if last else "│  ")

    def rule_note(self, firing: Firing) -> str:
        if firing.kind == "rule":
            title = self.kb.rule(firing.rule).definition.title.get(self.lang)
        else:
            title = self.kb.scores[firing.rule.split("#", 1)[0]].definition.title.get(self.lang)
        source = cite(self.kb, step_source(self.kb, firing.rule, firing.kind), self.lang)
        return f"[{m('rule', self.lang).lower()} {quoted(title, self.lang)}, {source}]"

    def fact(self, ref: FactRef, prefix: str, last: bool, top: bool = False) -> None:
        lang = self.lang
        if ref.kind == "input":
            value = format_value(self.kb, ref.id, ref.value, lang)
            self.emit(prefix, last, f"{input_label(self.kb, ref.id, lang)}: {value} ({m('answer', lang)})")
            return
        if ref.kind in ("score", "term"):
            self.score(ref.id.split("#", 1)[0], prefix, last)
            return
        title = conclusion_title(self.kb, ref.id, lang)
        firings = self.support.get(ref.key, [])
        if not firings:
            self.emit(prefix, last, f"{title}: {m('no_rule_fired', lang)}")
            return
        if ref.key in self.shown:
            self.emit(prefix, last, f"{title} ({m('see_above', lang)})")
            return
        self.shown.add(ref.key)
        if top:
            mark = f" [{m('provisional', lang)}]" if ref.id in self.result.provisional_conclusions else ""
            kind = self.kb.kind_of(ref.id)
            title = (flag_title(self.kb, ref.id, lang) if kind == "flag" else f"{heading(kind, lang)}: {title}") + mark
        if len(firings) == 1:  # one reason: the rule goes on the conclusion's line
            text = f"{title}  {self.rule_note(firings[0])}"
            inner = "   " if top else self.emit(prefix, last, text)
            if top:
                self.lines.append(text)
            self.children(firings[0], inner)
            return
        # several rules concluded it, each a reason on its own: one branch per rule
        if top:
            self.lines.append(title)
            inner = "   "
        else:
            inner = self.emit(prefix, last, title)
        for i, firing in enumerate(firings):
            self.children(firing, self.emit(inner, i == len(firings) - 1, self.rule_note(firing)))

    def children(self, firing: Firing, prefix: str, more: Sequence[Firing] = ()) -> None:
        """The premises of ``firing`` (and of ``more`` firings for the same fact), each once."""
        firings = (firing, *more)
        refs = {r.key: r for f in firings for r in f.premises if r.kind != "term"}
        items: list[tuple[str, object]] = [("ref", r) for r in refs.values()]
        items += [("absent", c) for c in dict.fromkeys(c for f in firings for c in f.absent)]
        for i, (what, item) in enumerate(items):
            last = i == len(items) - 1
            if what == "ref":
                self.fact(item, prefix, last)  # type: ignore[arg-type]
            else:
                title = conclusion_title(self.kb, item, self.lang)  # type: ignore[arg-type]
                self.emit(prefix, last, f"{m('not_established', self.lang)}: {title}")

    def score(self, score_id: str, prefix: str, last: bool) -> None:
        lang = self.lang
        definition = self.kb.scores[score_id].definition
        value = self.result.scores.get(score_id)
        key = f"score:{score_id}"
        if key in self.shown:
            self.emit(prefix, last, f"{definition.title.get(lang)} = {value} ({m('see_above', lang)})")
            return
        self.shown.add(key)
        source = cite(self.kb, definition.source, lang)
        inner = self.emit(prefix, last, f"{definition.title.get(lang)} = {value}  [{source}]")
        # a term adds its weight once, however many of its ``any`` branches held: one line, every reason
        terms = [ref for total in self.support.get(key, []) for ref in total.premises]
        for i, term in enumerate(terms):
            weight = self.kb.scores[score_id].terms[int(term.id.split("#", 1)[1]) - 1].weight
            sign = f"+{weight:g}" if weight >= 0 else f"−{abs(weight):g}"
            first, *more = self.support[term.key]
            self.children(first, self.emit(inner, i == len(terms) - 1, sign), more)


def how_text(kb: KnowledgeBase, result: Result, lang: str = "ru", conclusion: str | None = None) -> str:
    """Each conclusion (or just ``conclusion``), the rule(s) that gave it with their §, and the facts they
    rested on, recursively down to the answers."""
    tree = _Tree(kb, result, lang)
    tree.lines.append(m("how_header", lang, student=result.student_id))
    urgent = urgent_summary(kb, result, lang)  # an open danger question is not "no danger", even in HOW
    if urgent:
        tree.lines.append(urgent)
    if conclusion is not None and conclusion not in result.derived:
        tree.lines.append(m("not_derived", lang, title=conclusion_title(kb, conclusion, lang)))
        return "\n".join(tree.lines)
    goals = [conclusion] if conclusion else (final_conclusions(kb, result)
                                             + standalone_findings(kb, result, tree.support))
    for goal in goals:
        tree.lines.append("")
        tree.fact(FactRef("derived", goal), "", True, top=True)
    return "\n".join(tree.lines)

