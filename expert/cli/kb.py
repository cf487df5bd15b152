"""``expert kb ...``: commands for researchers who edit the knowledge base."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from expert.cli.commands import command_help
from expert.cli.common import lang_option, report_user_errors
from expert.cli.explain_cmd import kb_graph_command
from expert.engine import DEFAULT_KB, Classifier
from expert.i18n import counted, t
from expert.kbtools.cases import outcomes_json, render_outcomes, run_cases
from expert.kbtools.checks import check_kb
from expert.kbtools.diff import diff_kbs, render_diff
from expert.kbtools.findings import render_report
from expert.kbtools.sources import paragraph_number, paragraph_report
from expert.kbtools.space import DEFAULT_BUDGET
from expert.kbtools.stats import kb_stats, render_stats, stats_json
from expert.rules.loader import load_kb


@click.group("kb", help=command_help("kb"))
def kb_group() -> None:
    pass


format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people, json for programs / формат вывода.")


@kb_group.command("check")
@click.argument("kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB)
@format_option
@click.option("--budget", type=click.IntRange(min=1), default=DEFAULT_BUDGET, show_default=True,
              help="Most profiles the gap/conflict search evaluates / сколько профилей перебирать не более.")
@lang_option
@report_user_errors
def check_command(kb_dir: Path, fmt: str, budget: int, lang: str) -> None:
    """Validate a knowledge base and look for anomalies (codes KB001–KB070, see knowledge_base/README.md).
    Exit status: 0 — no errors (warnings allowed), 1 — errors found, 2 — the folder cannot be read.

    Проверить базу знаний: ошибки в файлах и аномалии правил (коды KB001–KB070, см. knowledge_base/README.md).
    Код завершения: 0 — ошибок нет (предупреждения допустимы), 1 — есть ошибки, 2 — папку нельзя прочитать.
    """
    report = check_kb(kb_dir, budget)
    if fmt == "json":
        click.echo(report.to_json(lang))
    else:
        if report.loaded and not report.errors:
            click.echo(t("kb_ok", lang, **{k: counted(n, k, lang) for k, n in report.counts.items()}))
        click.echo(render_report(report, lang))
    sys.exit(1 if report.errors else 0)


@kb_group.command("test")
@click.argument("kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB)
@click.option("--cases", "cases_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of reference cases [default: KB_DIR/cases] / папка эталонных случаев.")
@format_option
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too / показывать и пройденные.")
@lang_option
@report_user_errors
def test_command(kb_dir: Path, cases_dir: Path | None, fmt: str, verbose: bool, lang: str) -> None:
    """Run the reference cases; for a failing one, expected against actual and the rules that made the difference.
    Exit status: 0 — all pass, 1 — some fail, 2 — a file cannot be read.

    Прогнать эталонные случаи; для непройденного — ожидаемое против полученного и правила, давшие разницу.
    Код завершения: 0 — все пройдены, 1 — есть непройденные, 2 — файл нельзя прочитать.
    """
    classifier = Classifier(load_kb(kb_dir))
    outcomes = run_cases(classifier, cases_dir or Path(kb_dir) / "cases")
    click.echo(outcomes_json(outcomes) if fmt == "json" else render_outcomes(outcomes, lang, verbose))
    sys.exit(0 if all(o.passed for o in outcomes) else 1)


@kb_group.command("diff")
@click.argument("old_dir", type=click.Path(path_type=Path))
@click.argument("new_dir", type=click.Path(path_type=Path))
@click.option("--cases", "cases_dir", type=click.Path(path_type=Path), default=None,
              help="Reference cases to classify with both [default: NEW_DIR/cases] / эталонные случаи.")
@click.option("--roster", type=click.Path(path_type=Path), default=None,
              help="A roster (.csv/.xlsx/.jsonl, as for 'expert classify') to classify with both.")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Examples to show per source / сколько примеров показать.")
@format_option
@lang_option
@report_user_errors
def diff_command(old_dir: Path, new_dir: Path, cases_dir: Path | None, roster: Path | None, limit: int, fmt: str,
                 lang: str) -> None:
    """What an edit changes: rules, inputs, parameters, and whose conclusions change (cases, a roster).

    Что меняет правка базы знаний: правила, признаки, параметры — и у каких случаев и учащихся меняются выводы.
    """
    old, new = Classifier(load_kb(old_dir)), Classifier(load_kb(new_dir))
    if cases_dir is None and (Path(new_dir) / "cases").is_dir():
        cases_dir = Path(new_dir) / "cases"
    diff = diff_kbs(old, new, cases_dir, roster, lang)
    click.echo(diff.to_json() if fmt == "json" else render_diff(diff, lang, limit))


@kb_group.command("stats")
@click.argument("kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB)
@click.option("--cases", "cases_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of reference cases [default: KB_DIR/cases] / папка эталонных случаев.")
@format_option
@lang_option
@report_user_errors
def stats_command(kb_dir: Path, cases_dir: Path | None, fmt: str, lang: str) -> None:
    """Inputs by group, rules by level and direction, sources cited, reference cases.

    Сводка базы знаний: признаки по группам, правила по уровням и направлениям, источники, эталонные случаи.
    """
    kb = load_kb(kb_dir)
    stats = kb_stats(kb, cases_dir or Path(kb_dir) / "cases")
    click.echo(stats_json(stats) if fmt == "json" else render_stats(kb, stats, lang))


@kb_group.command("source")
@click.argument("paragraph")
@click.argument("kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB)
@lang_option
@report_user_errors
def source_command(paragraph: str, kb_dir: Path, lang: str) -> None:
    """What a paragraph of the source document says (§1–§34) and which rules cite it.

    Что говорит параграф документа (пересказ базы знаний) и какие правила на него ссылаются.
    """
    n = paragraph_number(paragraph, lang)
    click.echo(paragraph_report(load_kb(kb_dir), n, lang))


kb_group.add_command(kb_graph_command)  # defined beside `expert explain`, whose graph code it shares
