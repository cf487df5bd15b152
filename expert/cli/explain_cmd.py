"""``expert explain PROFILE`` (graph, HOW, WHY NOT, what-if) and ``expert kb graph`` (the KB as a graph).

The CLI is a thin layer: everything it prints or writes comes from functions in ``explain/``.
"""

from __future__ import annotations

from pathlib import Path

import click

from expert.cli.commands import command_help
from expert.cli.common import classifier_for, kb_option, lang_option, report_user_errors
from expert.describe import conclusion_title
from expert.errors import UserError
from expert.facts.profile import load_profile
from expert.render import urgent_summary
from expert.rules.kb import KnowledgeBase
from explain.dot import to_dot
from explain.export import explanation_json
from explain.graph import explanation_graph
from explain.how import how_text
from explain.kbgraph import kb_graph
from explain.messages import m
from explain.render import FORMATS, format_for, write_output
from explain.whatif import MAX_SIZE, what_if, what_if_text
from explain.whynot import why_not_text

ALL_HOW = "\0all"


def resolve_conclusion(kb: KnowledgeBase, name: str, option: str, lang: str, kind: str | None = None) -> str:
    """A conclusion named by id, by id without its kind prefix (``risk_group``), or by title (ru/en)."""
    wanted = name.strip()
    ids = [c for c, d in kb.conclusions.items() if kind is None or d.kind == kind]
    for candidate in (wanted, f"{kind or 'direction'}_{wanted}"):
        if candidate in ids:
            return candidate
    folded = wanted.casefold()
    for c in ids:
        title = kb.conclusions[c].title
        if folded in {text.casefold() for text in title.all()}:
            return c
    choices = [c for c in ids if kb.kind_of(c) == "direction"] if kind is None else ids
    raise UserError.single(option, m("unknown_conclusion", lang, name=name, choices=", ".join(choices)))


def _graph_title(kb: KnowledgeBase, result, lang: str, name: str | None) -> str:
    direction = conclusion_title(kb, result.direction, lang) if result.direction else m("no_direction", lang)
    if result.direction and result.provisional:
        direction += f" ({m('provisional', lang)})"
    student = result.student_id + (f" ({name})" if name else "")
    return f"{m('graph_title', lang, student=student, direction=direction)} · {m('kb', lang)} {result.kb_version}"


def _emit_graph(graph, title: str, output: Path | None, fmt: str | None, lang: str, result=None,
                alert: str | None = None) -> None:
    fmt = format_for(output, fmt, lang)
    dot_text = to_dot(graph, title, lang, alert=alert)
    json_text = explanation_json(graph, result) if fmt == "json" else ""
    if output is None:
        if fmt not in ("dot", "json"):
            raise UserError.single("-o", m("needs_output", lang, fmt=fmt))
        click.echo(json_text if fmt == "json" else dot_text, nl=False)
        return
    click.echo(write_output(output, fmt, dot_text, json_text, lang), err=True)


@click.command("explain", help=command_help("explain"))
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the explanation graph to this file.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Graph format (default: from the file name; dot without -o).")
@click.option("--all", "all_firings", is_flag=True, help="Show every firing, not only the supporting chain.")
@click.option("--how", "how", is_flag=False, flag_value=ALL_HOW, default=None, metavar="[CONCLUSION]",
              help="Print the justification tree (of one conclusion, or of all).")
@click.option("--why-not", "why_not", metavar="CONCLUSION", help="Which conditions failed for each rule that "
              "could have concluded it (a direction id such as risk_group, or any conclusion id).")
@click.option("--what-if", "whatif", is_flag=True,
              help="Smallest sets of changes to known, changeable answers that move the student to a less "
                   "concerning direction (for the last direction in the KB: to any other).")
@click.option("--to", "to", metavar="DIRECTION", help="With --what-if: this target direction instead.")
@click.option("--max-changes", type=click.IntRange(1, 4), default=MAX_SIZE, show_default=True,
              help="With --what-if: the largest set of changes to try.")
@click.option("--show-name", is_flag=True, help="Show the student's name (hidden by default: personal data).")
@kb_option
@lang_option
@report_user_errors
def explain_command(profile: Path, output: Path | None, fmt: str | None, all_firings: bool, how: str | None,
                    why_not: str | None, whatif: bool, to: str | None, max_changes: int, show_name: bool,
                    kb_dir: Path, lang: str) -> None:
    classifier = classifier_for(str(kb_dir))
    kb = classifier.kb
    student = load_profile(kb, profile)
    result = classifier.classify(student)
    name = student.name if show_name else None
    target = resolve_conclusion(kb, to, "--to", lang, "direction") if to else None
    how_goal = None if how in (None, ALL_HOW) else resolve_conclusion(kb, how, "--how", lang)
    not_goal = resolve_conclusion(kb, why_not, "--why-not", lang) if why_not else None
    if output is not None or fmt is not None:
        graph = explanation_graph(kb, result, lang, all_firings)
        _emit_graph(graph, _graph_title(kb, result, lang, name), output, fmt, lang, result,
                    urgent_summary(kb, result, lang))
    texts = []
    if how is not None or (output is None and fmt is None and not why_not and not whatif):
        texts.append(how_text(kb, result, lang, how_goal))
    if not_goal:
        texts.append(why_not_text(kb, result, not_goal, lang))
    if whatif:
        report = what_if(classifier, result, [target] if target else None, max_changes)
        texts.append(what_if_text(kb, result, report, lang, max_changes))
    if texts:
        click.echo("\n\n".join(texts))


@click.command("graph")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the graph to this file.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Format (default: from the file name).")
@click.option("--for", "for_", metavar="CONCLUSION", help="Only what can lead to this conclusion.")
@kb_option
@lang_option
@report_user_errors
def kb_graph_command(output: Path | None, fmt: str | None, for_: str | None, kb_dir: Path, lang: str) -> None:
    """The knowledge base as a dependency graph: inputs → rules → conclusions.

    База знаний как граф зависимостей: признаки → правила → выводы.
    """
    kb = classifier_for(str(kb_dir)).kb
    goal = resolve_conclusion(kb, for_, "--for", lang) if for_ else None
    graph = kb_graph(kb, lang, goal)
    title = m("kb_graph_for", lang, title=conclusion_title(kb, goal, lang)) if goal else m("kb_graph_title", lang)
    _emit_graph(graph, title, output, fmt, lang)
