"""WHY NOT: every rule that could have concluded something, and which of its conditions failed,
with the student's actual value or "unknown" (three-valued, from ``expert.evaluator``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from expert.describe import conclusion_title, describe, format_value, quoted
from expert.evaluator import Evaluator, Status, Tri
from expert.i18n import choose
from expert.result import Result
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp
from expert.rules.kb import KnowledgeBase
from expert.rules.sources import cite
from explain.messages import m


@dataclass
class ConditionCheck:
    """One condition of a rule: its text, its three-valued status and the student's actual value."""

    text: str
    status: Tri
    actual: str | None = None
    inputs: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    parts: list[ConditionCheck] = field(default_factory=list)


@dataclass
class RuleCheck:
    rule: str
    title: str
    source: str
    status: Tri
    fired: bool
    condition: ConditionCheck


def _fact_state(status: Status, fact: str, lang: str) -> str:
    tri = status.facts.get(fact, Tri.FALSE)
    return m({Tri.TRUE: "established", Tri.FALSE: "not_established", Tri.UNKNOWN: "unclear"}[tri], lang)


def check_condition(cond: Condition, kb: KnowledgeBase, values: dict[str, Any], status: Status,
                    lang: str) -> ConditionCheck:
    tri = status.evaluate(cond)
    if isinstance(cond, Not) and isinstance(cond.item, FactIs):
        cond = FactNot(cond.item.fact)
    if isinstance(cond, All | AnyOf | AtLeast) and len(cond.items) > 1:
        parts = [check_condition(c, kb, values, status, lang) for c in cond.items]
        if isinstance(cond, All):
            text = choose("все условия", "all of", lang)
        elif isinstance(cond, AnyOf):
            text = choose("хотя бы одно из", "any of", lang)
        else:
            text = m("at_least", lang, n=cond.n)
        return ConditionCheck(f"{text}:", tri, parts=parts)
    if isinstance(cond, All | AnyOf | AtLeast) and cond.items:
        return check_condition(cond.items[0], kb, values, status, lang)
    text = describe(cond, kb, lang)
    if isinstance(cond, Cmp):
        actual = format_value(kb, cond.input, values.get(cond.input), lang)
        return ConditionCheck(text, tri, actual, inputs=[cond.input])
    if isinstance(cond, ScoreCmp):
        lo, hi = status.scores.get(cond.score, (0, 0))
        actual = m("score_value", lang, value=_num(lo)) if lo == hi else m("score_range", lang, lo=_num(lo),
                                                                           hi=_num(hi))
        return ConditionCheck(text, tri, actual)
    if isinstance(cond, FactIs | FactNot):
        return ConditionCheck(text, tri, _fact_state(status, cond.fact, lang), facts=[cond.fact])
    if isinstance(cond, Not):
        return ConditionCheck(text, tri, parts=[check_condition(cond.item, kb, values, status, lang)])
    return ConditionCheck(text, tri)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def why_not(kb: KnowledgeBase, result: Result, conclusion: str, lang: str = "ru") -> list[RuleCheck]:
    """For each rule that concludes ``conclusion`` (KB order): did it fire, and how each condition fared."""
    values = result.inputs
    status = Evaluator(kb).run([values]).row_status(0)
    fired = {f.rule for f in result.trace if f.kind == "rule"}
    checks = []
    for rule in kb.rules_deriving(conclusion):
        checks.append(RuleCheck(rule.id, rule.definition.title.get(lang), cite(kb, rule.definition.source, lang),
                                status.evaluate(rule.condition), rule.id in fired,
                                check_condition(rule.condition, kb, values, status, lang)))
    return checks


def _lines(check: ConditionCheck, kb: KnowledgeBase, indent: str, lang: str, out: list[str]) -> None:
    line = f"{indent}{check.status.mark} {check.text}"
    if check.actual is not None:
        line += f" — {m('actual', lang)}: {check.actual}"
    out.append(line)
    if check.status is not Tri.TRUE:
        for fact in check.facts:
            if kb.kind_of(fact) != "direction" and check.status is Tri.FALSE:
                out.append(f"{indent}    (→ --why-not {fact})")
    for part in check.parts:
        _lines(part, kb, indent + "    ", lang, out)


def why_not_text(kb: KnowledgeBase, result: Result, conclusion: str, lang: str = "ru") -> str:
    title = conclusion_title(kb, conclusion, lang)
    out = [m("whynot_header", lang, title=title, student=result.student_id)]
    checks = why_not(kb, result, conclusion, lang)
    if result.has(conclusion):
        out.append(m("whynot_holds", lang, title=title))
    if not checks:
        out.append(m("whynot_no_rules", lang, title=title))
    for check in checks:
        verdict = m("rule_fired", lang) if check.fired else m(
            {Tri.FALSE: "rule_failed", Tri.UNKNOWN: "rule_open", Tri.TRUE: "rule_failed"}[check.status], lang)
        out.append("")
        out.append(f"{m('rule', lang)} {quoted(check.title, lang)} ({check.source}) [{check.rule}]: {verdict}")
        _lines(check.condition, kb, "  ", lang, out)
    out.append("")
    out.append(f"✓ {m('verdict_true', lang)}   ✗ {m('verdict_false', lang)}   ? {m('verdict_unknown', lang)}")
    return "\n".join(out)
