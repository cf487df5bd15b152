"""The result as text for a person: headings by kind, titles and descriptions in the chosen language."""

from __future__ import annotations

import textwrap
from typing import Any

from expert.i18n import heading, t
from expert.result import Result
from expert.rules.conditions import facts_of, inputs_of, scores_of
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import CONCLUSION_KINDS, InputDef
from expert.rules.sources import cite
from expert.urgency import ESTABLISHED, EXCLUDED, NOT_CLARIFIED, State

WIDTH = 100


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def score_text(kb: KnowledgeBase, result: Result, score_id: str, value: float, lang: str) -> str:
    """«Title = value» as a pedagogue reads it: a score whose every question was left unanswered is «не
    выяснено», not 0; a negative total says what it means."""
    score = kb.scores[score_id]
    title = score.definition.title.get(lang)
    read = [i for term in score.terms for i in inputs_of(term.condition)]
    inputs_only = all(not facts_of(term.condition) and not scores_of(term.condition) for term in score.terms)
    if inputs_only and read and not any(i in result.inputs for i in read):
        return f"{title}: {t('score_unasked', lang)}"
    text = f"{title} = {value:g}"
    return text + t("score_negative", lang) if value < 0 else text


def format_answer(inp: InputDef, value: Any, lang: str) -> str:
    """A known answer as a person reads it: да/нет, a number with its unit, option titles in KB order."""
    if inp.type == "boolean":
        return t("yes" if value else "no", lang)
    if inp.type == "integer":
        number = int(value) if isinstance(value, float) and value.is_integer() else value
        return f"{number} {inp.unit.get(lang)}" if inp.unit else str(number)
    titles = {o.id: o.title.get(lang) for o in inp.options or []}
    if inp.type == "choice":
        return titles.get(value, str(value))
    chosen = [titles[o] for o in inp.option_ids() if o in value]
    return ", ".join(chosen) if chosen else t("nothing_selected", lang)


def flag_title(kb: KnowledgeBase, flag: str, lang: str) -> str:
    """An urgent flag's title, always starting with «СРОЧНО» / "URGENT"."""
    title, urgent = kb.conclusions[flag].title.get(lang), heading("flag", lang)
    return title if title.upper().startswith(urgent) else f"{urgent}: {title}"


def urgent_word(state: State, lang: str) -> str:
    """да / не выяснено / нет (yes / not clarified / no): the answer to "is it urgent?"."""
    return t(f"urgent_{state}", lang)


def urgent_summary(kb: KnowledgeBase, result: Result, lang: str) -> str | None:
    """One line for titles and headers when some danger is not ruled out, else None. An established flag is
    named by its title; an open one by the questions to clarify today."""
    parts = [flag_title(kb, f.id, lang) for f in result.urgent if f.state == ESTABLISHED]
    if any(f.state == NOT_CLARIFIED for f in result.urgent):
        labels = [kb.inputs[i].label.get(lang) for i in result.urgent_questions]
        parts.append(t("urgent_open_line", lang, questions="; ".join(labels) or _open_flags(kb, result, lang)))
    return " · ".join(parts) or None


def quote_flags(kb: KnowledgeBase, flags: list[str], lang: str) -> str:
    left, right = ("“", "”") if lang == "en" else ("«", "»")
    return "; ".join(f"{left}{kb.conclusions[f].title.get(lang)}{right}" for f in flags)


def _open_flags(kb: KnowledgeBase, result: Result, lang: str) -> str:
    return quote_flags(kb, [f.id for f in result.urgent if f.state == NOT_CLARIFIED], lang)


def urgent_block(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    """The top of every result: established flags with what to do, then the danger not yet ruled out with
    the questions to clarify today; one line saying no danger signal only when every flag is excluded."""
    out: list[str] = []
    for f in result.urgent:
        if f.state == ESTABLISHED:
            mark = f" [{t('provisional', lang)}]" if f.id in result.provisional_conclusions else ""
            out.append(flag_title(kb, f.id, lang) + mark)
            description = kb.conclusions[f.id].description
            if description:
                out.append(_wrap(description.get(lang), "  "))
    if any(f.state == NOT_CLARIFIED for f in result.urgent):
        out.append(t("urgent_open", lang))
        out += [_wrap(f"- {kb.inputs[i].question.get(lang)}", "  ") for i in result.urgent_questions]
        out.append(_wrap(t("urgent_open_why", lang, flags=_open_flags(kb, result, lang)), "  "))
    if result.urgent and result.urgent_state == EXCLUDED:
        out.append(t("urgent_none", lang))
    return out


def render_result(kb: KnowledgeBase, result: Result, lang: str = "ru", name: str | None = None) -> str:
    out: list[str] = []
    who = f"{result.student_id}" + (f" ({name})" if name else "")
    out.append(f"{t('student', lang)}: {who}")
    urgent = urgent_block(kb, result, lang)
    if urgent:
        out += [*urgent, ""]
    if result.direction:
        title = kb.conclusions[result.direction].title.get(lang)
        source = cite(kb, kb.conclusions[result.direction].source, lang)
        status = t("provisional", lang) if result.provisional else t("settled", lang)
        out.append(f"{t('direction', lang)}: {title}" + (f" ({source})" if source else "") + f" — {status}")
    else:
        out.append(f"{t('direction', lang)}: {t('no_direction', lang)}")
    for kind in CONCLUSION_KINDS:
        if kind in ("direction", "flag") or kind not in result.by_kind:  # flags are shown on top
            continue
        out.append("")
        out.append(heading(kind, lang) + ":")
        for c in result.by_kind[kind]:
            d = kb.conclusions[c]
            mark = f" [{t('provisional', lang)}]" if c in result.provisional_conclusions else ""
            period = ""
            if c in kb.review_days:
                period = f" — {t('review_in', lang, days=kb.review_days[c])}"
            out.append(_wrap(f"- {d.title.get(lang)}{period}{mark}", "  ").rstrip())
            if d.description:
                out.append(_wrap(d.description.get(lang), "    "))
    if result.scores:
        out.append("")
        scores = ", ".join(score_text(kb, result, s, v, lang) for s, v in result.scores.items())
        out.append(f"{t('scores', lang)}: {scores}")
    if result.clarify:
        out.append("")
        out.append(t("clarify", lang) + ":")
        for i in result.clarify:
            out.append(_wrap(f"- {kb.inputs[i].question.get(lang)}", "  "))
    possible = [c for c in result.possible if kb.kind_of(c) == "direction"]
    if possible:
        titles = "; ".join(kb.conclusions[c].title.get(lang) for c in possible)
        out.append(f"{t('could_also', lang)}: {titles}")
    out.append("")
    out.append(f"{t('fired', lang)}: {len(result.trace)}; {t('unknown_count', lang)}: {len(result.unknown)}; "
               f"{t('kb', lang)}: {result.kb_version}")
    return "\n".join(out)
