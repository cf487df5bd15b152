"""``expert classify PROFILE``: the conclusions for one student; ``expert classify ROSTER.csv``: a roster.

The roster pipeline (``expert.batch.run``, the column map, ``explain/``) is imported only for a roster, so
the common case — one student — starts fast.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from expert.batch.formats import FORMATS, roster_format
from expert.cli.commands import command_help
from expert.cli.common import classifier_for, kb_option, lang_option, report_user_errors
from expert.errors import UserError, escape_controls
from expert.facts.profile import load_profile
from expert.files import require_folder
from expert.i18n import choose, t
from expert.render import render_result, urgent_summary
from expert.result import Result
from expert.rules.cache import load_kb_cached
from expert.rules.kb import KnowledgeBase


@click.command("classify", help=command_help("classify"))
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (with the trace) for programs.")
@click.option("--show-name", is_flag=True, help="Show the student's name (hidden by default: personal data).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Roster only: result file (.csv/.xlsx/.jsonl); default ROSTER.result.<ext> / файл результата.")
@click.option("--columns", "columns_file", type=click.Path(path_type=Path),
              help="Roster only: YAML 'column header: input id | id | ignore' / соответствие столбцов признакам.")
@click.option("--keep-columns", "keep", multiple=True,
              help="Roster only: copy these columns (e.g. ФИО) to the result; repeat or separate by commas.")
@click.option("--explain-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Roster only: write one JSON explanation (with the trace) per student here.")
@click.option("--explain-format", type=click.Choice(["json", "dot", "text"]), default="json", show_default=True,
              help="Roster only: explanation files as JSON (as --format json), a DOT graph or HOW text.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Roster only: worker processes (0 = one per CPU) / число процессов.")
@click.option("--encoding", help="Roster only: CSV encoding (default: detect UTF-8 / Windows-1251).")
@click.option("--delimiter", help="Roster only: CSV delimiter (default: detect ';' ',' tab).")
@click.option("--decimal", type=click.Choice(["auto", ",", "."]), default="auto", show_default=True,
              help="Roster only: decimal separator in numbers.")
@click.option("--sheet", help="Roster only: XLSX sheet name (default: the first).")
@click.option("--id-column", help="Roster only: the column with the student id (default: id/student_id/код).")
@click.option("--verify", type=click.IntRange(min=0), default=0, show_default=True,
              help="Roster only: re-run N random rows through the experta engine and fail on any difference "
                   "/ перепроверить N случайных строк механизмом вывода.")
@click.option("--ids", "machine_ids", is_flag=True,
              help="Roster only: machine ids in headers and values, for programs (JSONL always has them) "
                   "/ идентификаторы вместо названий.")
@kb_option
@lang_option
@report_user_errors
def classify_command(profile: Path, fmt: str, show_name: bool, output: Path | None, columns_file: Path | None,
                     keep: tuple[str, ...], explain_dir: Path | None, explain_format: str, jobs: int,
                     encoding: str | None, delimiter: str | None, decimal: str, sheet: str | None,
                     id_column: str | None, verify: int, machine_ids: bool, kb_dir: Path, lang: str) -> None:
    if roster_format(profile) is not None:
        if fmt != "text" or show_name:
            raise UserError.single(str(profile), "--format/--show-name: for one profile only; a roster's result "
                                                 "format follows -o, names are copied with --keep-columns "
                                                 "/ --format/--show-name: только для одного профиля; формат "
                                                 "результата для списка — по расширению -o, ФИО — --keep-columns")
        sys.exit(_classify_roster(profile, output, columns_file, keep, explain_dir, explain_format, jobs, encoding,
                                  delimiter, decimal, sheet, id_column, kb_dir, lang, machine_ids, verify))
    roster_only = {"-o": output, "--columns": columns_file, "--keep-columns": keep, "--explain-dir": explain_dir,
                   "--encoding": encoding, "--delimiter": delimiter, "--sheet": sheet, "--id-column": id_column,
                   "--ids": machine_ids, "--verify": verify}
    given = [name for name, value in roster_only.items() if value]
    if given:
        raise UserError.single(str(profile), f"{', '.join(given)}: for rosters (.csv/.xlsx/.jsonl) only "
                                             f"/ {', '.join(given)}: только для списков учащихся "
                                             "(.csv/.xlsx/.jsonl)")
    classifier = classifier_for(str(kb_dir))
    student = load_profile(classifier.kb, profile)
    result = classifier.classify(student)
    if fmt == "json":
        click.echo(result.to_json())
        return
    click.echo(render_result(classifier.kb, result, lang, name=student.name if show_name else None))
    click.echo(t("see_explain", lang, path=profile))


def explanation_text(kb: KnowledgeBase, result: Result, fmt: str, lang: str) -> str:
    """One student's explanation file for a roster: a DOT graph or HOW text (``explain/`` renders both)."""
    from expert.batch.messages import m
    from expert.describe import conclusion_title
    from explain.dot import to_dot
    from explain.graph import explanation_graph
    from explain.how import how_text

    if fmt == "text":
        return how_text(kb, result, lang).rstrip("\n") + "\n"
    direction = conclusion_title(kb, result.direction, lang) if result.direction else "—"
    if result.direction and result.provisional:
        direction += f" ({m('provisional_word', lang)})"
    return to_dot(explanation_graph(kb, result, lang), f"{result.student_id}: {direction} · {result.kb_version}", lang,
                  alert=urgent_summary(kb, result, lang))


def _classify_roster(roster: Path, output: Path | None, columns_file: Path | None, keep: tuple[str, ...],
                     explain_dir: Path | None, explain_format: str, jobs: int, encoding: str | None,
                     delimiter: str | None, decimal: str, sheet: str | None, id_column: str | None, kb_dir: Path,
                     lang: str, machine_ids: bool = False, verify: int = 0) -> int:
    from expert.batch.columns import load_column_map
    from expert.batch.messages import m
    from expert.batch.run import BatchOptions, print_summary, run_batch

    if output is None:
        output = roster.with_name(f"{roster.stem}.result{roster.suffix.lower()}")
    if roster_format(output) is None:
        raise UserError.single(str(output), f"cannot tell the result format from {output.suffix or output.name!r}; "
                                            f"use one of {', '.join(sorted(FORMATS))} / неизвестный формат результата "
                                            f"{output.suffix or output.name!r}; "
                                            f"допустимы: {', '.join(sorted(FORMATS))}")
    require_folder(output)  # before the knowledge base is loaded or a row is read
    kb = load_kb_cached(kb_dir)
    opts = BatchOptions(
        roster=roster, output=output,
        column_map=load_column_map(kb, columns_file) if columns_file else {},
        keep=[k.strip() for item in keep for k in item.split(",") if k.strip()],
        explain_dir=explain_dir, jobs=jobs, encoding=encoding, delimiter=delimiter, decimal=decimal, sheet=sheet,
        id_column=id_column, lang=lang, explain_format=explain_format,
        explainer=None if explain_format == "json" else explanation_text, ids=machine_ids, verify=verify,
    )
    bars: list = []  # created on the first progress report, after the warnings about columns
    done = [0]

    def progress(position: int, size: int) -> None:
        if not sys.stderr.isatty():
            return
        if not bars:
            bars.append(click.progressbar(length=max(size, 1), label=m("progress", lang), file=sys.stderr,
                                          show_eta=True))
            bars[0].__enter__()
        bars[0].update(position - done[0])
        done[0] = position

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # so a terminated run cleans up its temporary files like an interrupted one

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        summary = run_batch(kb, opts, warn=lambda s: click.echo(escape_controls(s), err=True), progress=progress)
    except KeyboardInterrupt:
        click.echo("\n" + choose("прервано: результат не записан", "interrupted: no result written", lang),
                   err=True)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        for bar in bars:
            bar.__exit__(None, None, None)
    print_summary(summary, lang, click.echo)
    return 1 if summary.errors else 0
