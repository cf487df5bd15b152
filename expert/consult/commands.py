"""Commands available at every prompt: почему/why/неге, как/how/қалай, назад/back/артқа, сохранить/save/сақтау,
?/help."""

from __future__ import annotations

from expert.answer_words import fold
from expert.consult.interview import Interview, WhyLink
from expert.consult.texts import tr
from expert.describe import describe, premise_texts
from expert.i18n import t
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import CONCLUSION_KINDS
from expert.rules.sources import cite
from expert.support import supporters

COMMANDS: dict[str, str] = {fold(word): command for word, command in {
    "почему": "why", "why": "why", "неге": "why",
    "как": "how", "how": "how", "қалай": "how",
    "назад": "back", "back": "back", "артқа": "back",
    "сохранить": "save", "save": "save", "сақтау": "save",
    "?": "help", "help": "help", "помощь": "help", "справка": "help", "анықтама": "help", "көмек": "help",
}.items()}


def command_of(text: str) -> str | None:
    return COMMANDS.get(fold(text))


def _title(kb: KnowledgeBase, conclusion: str, lang: str) -> str:
    return kb.conclusions[conclusion].title.get(lang)


def _goal_text(kb: KnowledgeBase, conclusion: str, lang: str) -> str:
    kind = kb.conclusions[conclusion].kind
    return tr("goal_flag" if kind == "flag" else "goal_direction" if kind == "direction" else "goal_other", lang)


def why_text(interview: Interview, chain: list[WhyLink], level: int, lang: str) -> str:
    """Level 0 is the rule that reads the asked input; each further level climbs one rule up the chain."""
    kb = interview.kb
    if not chain:
        return tr("why_top", lang)
    if level >= len(chain):
        last = chain[-1].leads_to
        if level == len(chain):
            return tr("why_goal", lang, fact=_title(kb, last, lang), goal=_goal_text(kb, last, lang))
        return tr("why_top", lang)
    link = chain[level]
    rule = link.rule
    fields = {"title": rule.definition.title.get(lang), "source": cite(kb, rule.definition.source, lang),
              "rule": rule.id}
    if level == 0:
        lines = [tr("why_rule", lang, **fields)]
    else:
        lines = [tr("why_up", lang, fact=_title(kb, link.reads, lang), **fields)]
    if link.score:
        lines.append(tr("why_score", lang, score=kb.scores[link.score].definition.title.get(lang)))
    status = interview.status()
    focus = {link.reads}
    lines.append(tr("why_if", lang, cond=describe(rule.condition, kb, lang, status, focus)))
    lines.append(tr("why_then", lang, concl="; ".join(f"«{_title(kb, c, lang)}»" for c in rule.then)))
    if level == 0:
        lines.append(tr("why_marks", lang))
    return "\n".join(lines)


def why_answer(interview: Interview, question: str, phase: str | None, level: int, lang: str) -> str:
    """The answer to the ``level``-th «почему» in a row on ``question`` (0 = the first).

    A screening question first says which questions «нет» answers; the next «почему» climbs from the first of
    those still open. Terminal and browser both ask this one function.
    """
    kb = interview.kb
    screened = kb.screens.get(question, {})
    if screened and level == 0:
        labels = "; ".join(kb.inputs[i].label.get(lang) for i in screened)
        return tr("why_screen", lang, n=len(screened), labels=labels)
    open_ones = [i for i in screened if i in interview.candidates()[1]]
    chain = interview.why_chain(open_ones[0] if open_ones else question, phase)
    return why_text(interview, chain, level - (1 if screened else 0), lang)


def how_text(interview: Interview, lang: str) -> str:
    """The conclusions reached on the answers so far, each with the rule that gave it and its premises."""
    kb = interview.kb
    result = interview.result("-")
    # a danger question answered «не знаю» is not ruled out: say so above the conclusions
    unclear = [kb.inputs[q].label.get(lang) for q in result.urgent_questions if q in interview.asked]
    urgent = [t("urgent_open_line", lang, questions="; ".join(unclear))] if unclear else []
    if not result.derived:
        return "\n".join([*urgent, tr("how_none", lang)])
    order = {k: n for n, k in enumerate(CONCLUSION_KINDS)}
    lines = [*urgent, tr("how_head", lang)]
    support = supporters(kb, result.trace)
    for c in sorted(result.derived, key=lambda c: (order[kb.kind_of(c)], list(kb.conclusions).index(c))):
        mark = f" [{tr('provisional_word', lang)}]" if c in result.provisional_conclusions else ""
        lines.append(f"- «{_title(kb, c, lang)}»{mark}")
        for firing in support.get(f"derived:{c}", [])[:1]:  # the rule that gave it first
            rule = kb.rule(firing.rule)
            premises = premise_texts(kb, result, firing, lang)
            source = f"{rule.definition.title.get(lang)} ({cite(kb, rule.definition.source, lang)})"
            lines.append(f"    ← {source}" + (f"; {tr('how_from', lang)}: " + "; ".join(premises) if premises else ""))
    return "\n".join(lines)


def help_text(interview: Interview, input_id: str, lang: str) -> str:
    inp = interview.kb.inputs[input_id]
    return tr("question_help", lang, text=inp.help.get(lang)) + "\n" + tr("help", lang)
