"""The recommendation of a consultation: printed text, Markdown and printable HTML reports, explanation graph."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from expert.consult.answers import show_value
from expert.consult.interview import Answer
from expert.consult.texts import tr
from expert.describe import premise_texts
from expert.errors import UserError
from expert.files import student_file_stem, write_atomic
from expert.i18n import LANGS, heading, pick, t
from expert.render import flag_title, quote_flags, render_result
from expert.result import Result
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import CONCLUSION_KINDS
from expert.rules.sources import cite
from expert.urgency import ESTABLISHED, EXCLUDED, NOT_CLARIFIED

REPORT_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Рекомендация по сопровождению учащегося", "Support recommendation for a student"),
    "date": ("Дата консультации", "Date of the consultation"),
    "answers": ("Ответы консультации", "Answers given in the consultation"),
    "question": ("Вопрос", "Question"),
    "answer": ("Ответ", "Answer"),
    "explanation": ("Как получен вывод (сработавшие правила)", "How the conclusions were reached (rules fired)"),
    "graph": ("Граф объяснения", "Explanation graph"),
    "graph_dot": ("Граф объяснения в формате Graphviz: {name} (программа dot не найдена)",
                  "Explanation graph in Graphviz format: {name} (the dot program was not found)"),
    "review": ("Пересмотр", "Review"),
    "urgent": ("СРОЧНО", "URGENT"),
    "from": ("из", "from"),
    "already": ("{what} (уже установлено раньше другим правилом)", "{what} (already established by an earlier rule)"),
}


def rt(key: str, lang: str, **kwargs: object) -> str:
    return pick(REPORT_TEXTS, key, lang, **kwargs)


@dataclass(frozen=True)
class Review:
    date: dt.date
    title: str


def review_of(kb: KnowledgeBase, result: Result, today: dt.date, lang: str) -> Review | None:
    """The earliest review date among the derived ``review`` conclusions (their ``period_days``); with none
    derived (no direction yet), the longest period the KB knows — the routine review."""
    options = [(today + dt.timedelta(days=kb.review_days[c]), kb.conclusions[c].title.get(lang))
               for c in result.by_kind.get("review", []) if c in kb.review_days]
    if not options and kb.review_days:
        routine = max(kb.review_days, key=lambda c: (kb.review_days[c], c))
        options.append((today + dt.timedelta(days=kb.review_days[routine]), kb.conclusions[routine].title.get(lang)))
    if not options:
        return None
    date, title = min(options, key=lambda o: o[0])
    return Review(date, title)


def recommendation_text(kb: KnowledgeBase, result: Result, review: Review | None, lang: str,
                        name: str | None = None) -> str:
    text = render_result(kb, result, lang, name=name)
    if review is not None:
        text += "\n" + tr("review_date", lang, date=review.date.isoformat(), title=review.title)
    return text


# --- the report document -------------------------------------------------------------------------------

@dataclass
class Section:
    heading: str
    items: list[tuple[str, str]]  # (text, description)
    note: str = ""
    urgent: bool = False


def _urgent_sections(kb: KnowledgeBase, result: Result, lang: str) -> list[Section]:
    """What goes above everything else: established flags, then the danger not yet ruled out."""
    out: list[Section] = []
    established = [kb.conclusions[f.id] for f in result.urgent if f.state == ESTABLISHED]
    if established:
        out.append(Section(heading("flag", lang), [
            (f"{flag_title(kb, d.id, lang)}" + (f" — {cite(kb, d.source, lang)}" if d.source else ""),
             d.description.get(lang) if d.description else "") for d in established], urgent=True))
    open_flags = [f.id for f in result.urgent if f.state == NOT_CLARIFIED]
    if open_flags:
        out.append(Section(t("urgent_open", lang).rstrip(":"),
                           [(kb.inputs[i].question.get(lang), "") for i in result.urgent_questions],
                           t("urgent_open_why", lang, flags=quote_flags(kb, open_flags, lang)), urgent=True))
    return out


def report_sections(kb: KnowledgeBase, result: Result, review: Review | None, lang: str) -> list[Section]:
    out: list[Section] = []
    for kind in CONCLUSION_KINDS:
        if kind == "flag":  # on top of the report, see _urgent_sections
            continue
        items = []
        for c in result.by_kind.get(kind, []):
            d = kb.conclusions[c]
            mark = f" ({t('provisional', lang)})" if c in result.provisional_conclusions else ""
            source = f" — {cite(kb, d.source, lang)}" if d.source else ""
            items.append((f"{d.title.get(lang)}{mark}{source}", d.description.get(lang) if d.description else ""))
        if kind == "review" and review is not None:  # the date goes with the review it comes from
            items.insert(0, (tr("review_date", lang, date=review.date.isoformat(), title=review.title), ""))
        if items:
            out.append(Section(heading(kind, lang), items))
    if review is not None and not result.by_kind.get("review"):
        out.append(Section(rt("review", lang), [(tr("review_date", lang, date=review.date.isoformat(),
                                                    title=review.title), "")]))
    if result.clarify:
        out.append(Section(t("clarify", lang), [(kb.inputs[i].question.get(lang), "") for i in result.clarify]))
    possible = [c for c in result.possible if kb.kind_of(c) == "direction"]
    if possible:
        out.append(Section(t("could_also", lang), [(kb.conclusions[c].title.get(lang), "") for c in possible]))
    return out


def _firings(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = []
    for f in result.trace:
        if f.kind != "rule":
            continue
        rule = kb.rule(f.rule)
        premises = premise_texts(kb, result, f, lang)
        derived = ", ".join(kb.conclusions[d.id].title.get(lang) for d in f.derived if d.kind == "derived")
        if not derived:  # what it concludes was already established by an earlier rule
            derived = rt("already", lang, what=", ".join(kb.conclusions[c].title.get(lang) for c in rule.then))
        lines.append(f"{rule.definition.title.get(lang)} ({cite(kb, rule.definition.source, lang)}): "
                     f"{rt('from', lang)} {'; '.join(premises) or '—'} → {derived}")
    return lines


def _direction_line(kb: KnowledgeBase, result: Result, lang: str) -> str:
    if not result.direction:
        return f"{t('direction', lang)}: {t('no_direction', lang)}"
    d = kb.conclusions[result.direction]
    status = t("provisional", lang) if result.provisional else t("settled", lang)
    source = f" ({cite(kb, d.source, lang)})" if d.source else ""
    return f"{t('direction', lang)}: {d.title.get(lang)}{source} — {status}"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _md_section(section: Section) -> list[str]:
    out = ["", f"## {_md_escape(section.heading)}", ""]
    for text, description in section.items:
        out.append(f"- {_md_escape(text)}")
        if description:
            out.append(f"  {_md_escape(description)}")
    if section.note:
        out += ["", f"**{_md_escape(section.note)}**"]
    return out


def markdown_report(kb: KnowledgeBase, result: Result, answers: list[Answer], review: Review | None,
                    today: dt.date, lang: str, graph_file: str | None, name: str | None = None) -> str:
    who = result.student_id + (f" ({name})" if name else "")
    out = [f"# {rt('title', lang)}", "",
           f"- {t('student', lang)}: {_md_escape(who)}",
           f"- {rt('date', lang)}: {today.isoformat()}",
           f"- {t('kb', lang)}: {result.kb_version}"]
    for section in _urgent_sections(kb, result, lang):
        out += _md_section(section)
    if result.urgent and result.urgent_state == EXCLUDED:
        out += ["", _md_escape(t("urgent_none", lang))]
    out += ["", f"**{_md_escape(_direction_line(kb, result, lang))}**"]
    for section in report_sections(kb, result, review, lang):
        out += _md_section(section)
    out += ["", f"## {rt('answers', lang)}", "", f"| {rt('question', lang)} | {rt('answer', lang)} |", "|---|---|"]
    for a in answers:
        inp = kb.inputs[a.input]
        out.append(f"| {_md_escape(inp.question.get(lang))} | {_md_escape(show_value(inp, a.value, lang))} |")
    out += ["", f"## {rt('explanation', lang)}", ""]
    out += [f"{n}. {_md_escape(line)}" for n, line in enumerate(_firings(kb, result, lang), 1)]
    if graph_file:
        out += ["", f"## {rt('graph', lang)}", ""]
        if graph_file.endswith(".svg"):
            out.append(f"![{rt('graph', lang)}]({graph_file})")
        else:
            out.append(_md_escape(rt("graph_dot", lang, name=graph_file)))
    return "\n".join(out) + "\n"


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60em; margin: 2em auto; color: #111;
  line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.4em; }
.direction { font-size: 1.15em; font-weight: bold; }
.urgent { border: 3px solid #b00; padding: 0 1em 0.5em; margin: 1em 0; }
.urgent h2 { color: #b00; border-bottom-color: #b00; } .urgent .note { font-weight: bold; }
.desc { color: #333; font-size: 0.95em; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #aaa; padding: 0.25em 0.5em;
  text-align: left; vertical-align: top; }
figure svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def _html_section(section: Section) -> list[str]:
    e = html.escape
    css = ' class="urgent"' if section.urgent else ""
    out = [f"<section{css}><h2>{e(section.heading)}</h2><ul>"]
    for text, description in section.items:
        desc = f'<br><span class="desc">{e(description)}</span>' if description else ""
        out.append(f"<li>{e(text)}{desc}</li>")
    out.append("</ul>")
    if section.note:
        out.append(f'<p class="note">{e(section.note)}</p>')
    out.append("</section>")
    return out


def html_report(kb: KnowledgeBase, result: Result, answers: list[Answer], review: Review | None, today: dt.date,
                lang: str, graph_svg: str | None, graph_file: str | None, name: str | None = None) -> str:
    """A self-contained page for printing: inline CSS, the graph inlined as SVG; every text escaped."""
    e = html.escape
    who = result.student_id + (f" ({name})" if name else "")
    out = ["<!DOCTYPE html>", f'<html lang="{e(lang)}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(rt('title', lang))} — {e(result.student_id)}</title>", f"<style>{CSS}</style>", "</head>",
           "<body>", f"<h1>{e(rt('title', lang))}</h1>", "<ul>",
           f"<li>{e(t('student', lang))}: {e(who)}</li>", f"<li>{e(rt('date', lang))}: {e(today.isoformat())}</li>",
           f"<li>{e(t('kb', lang))}: {e(result.kb_version)}</li>", "</ul>"]
    for section in _urgent_sections(kb, result, lang):
        out += _html_section(section)
    if result.urgent and result.urgent_state == EXCLUDED:
        out.append(f'<p class="no-urgent">{e(t("urgent_none", lang))}</p>')
    out.append(f'<p class="direction">{e(_direction_line(kb, result, lang))}</p>')
    for section in report_sections(kb, result, review, lang):
        out += _html_section(section)
    out.append(f"<section><h2>{e(rt('answers', lang))}</h2><table>")
    out.append(f"<tr><th>{e(rt('question', lang))}</th><th>{e(rt('answer', lang))}</th></tr>")
    for a in answers:
        inp = kb.inputs[a.input]
        out.append(f"<tr><td>{e(inp.question.get(lang))}</td><td>{e(show_value(inp, a.value, lang))}</td></tr>")
    out.append("</table></section>")
    out.append(f"<section><h2>{e(rt('explanation', lang))}</h2><ol>")
    out += [f"<li>{e(line)}</li>" for line in _firings(kb, result, lang)]
    out.append("</ol></section>")
    if graph_svg:
        out.append(f"<section><h2>{e(rt('graph', lang))}</h2><figure>{graph_svg}</figure></section>")
    elif graph_file:
        out.append(f"<section><h2>{e(rt('graph', lang))}</h2><p>{e(rt('graph_dot', lang, name=graph_file))}</p>"
                   "</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _inline_svg(svg: str) -> str:
    """The <svg> element of Graphviz output, without the XML prolog and doctype (graphviz escapes labels)."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


def report_paths(folder: Path, student_id: str) -> tuple[Path, Path]:
    """Where the Markdown and HTML reports about this student go (the graph takes the same stem)."""
    stem = f"{student_file_stem(student_id)}-consult"
    return folder / f"{stem}.md", folder / f"{stem}.html"


def report_owner(md_path: Path) -> str | None:
    """The student an existing Markdown report is about (its «- Учащийся: …» line), None if unreadable."""
    try:
        head = md_path.read_text(encoding="utf-8").splitlines()[:6]
    except (OSError, UnicodeDecodeError):
        return None
    labels = {t("student", lang) for lang in LANGS}
    for line in head:
        label, sep, who = line.removeprefix("- ").partition(": ")
        if line.startswith("- ") and sep and label in labels:
            return re.sub(r"\\(.)", r"\1", who)
    return None


def check_report_free(folder: Path, student_id: str, lang: str) -> None:
    """Refuse to write over a report about another student (ids differing only in case on a case-blind disk,
    or a file written by hand): the pedagogue is told whose file is there."""
    md_path, _ = report_paths(folder, student_id)
    if not md_path.exists():
        return
    owner = report_owner(md_path)
    if owner is None or (owner != student_id and not owner.startswith(f"{student_id} (")):
        raise UserError.single(str(md_path), tr("report_taken", lang, other=owner or "?", student=student_id))


def write_report(folder: Path, kb: KnowledgeBase, result: Result, answers: list[Answer], review: Review | None,
                 today: dt.date, lang: str, graph_dot: str, graph_svg: str | None, name: str | None = None
                 ) -> tuple[list[Path], str | None]:
    """Write STUDENT-consult.md, .html and the explanation graph (.svg, or .dot when Graphviz is missing).

    The graph comes drawn (``explain`` builds it; ``expert`` does not import ``explain``). Returns the paths
    written and a hint line when there was no SVG.
    """
    folder.mkdir(parents=True, exist_ok=True)
    check_report_free(folder, result.student_id, lang)
    md_path, html_path = report_paths(folder, result.student_id)
    stem = md_path.stem
    hint: str | None = None
    if graph_svg is not None:
        graph_path = folder / f"{stem}.svg"
        write_atomic(graph_path, graph_svg, private=True)
    else:
        graph_path = folder / f"{stem}.dot"
        write_atomic(graph_path, graph_dot, private=True)
        hint = tr("no_dot", lang, path=graph_path)
    write_atomic(md_path, markdown_report(kb, result, answers, review, today, lang, graph_path.name, name),
                 private=True)
    write_atomic(html_path, html_report(kb, result, answers, review, today, lang,
                                        _inline_svg(graph_svg) if graph_svg else None, graph_path.name, name),
                 private=True)
    return [md_path, html_path, graph_path], hint
