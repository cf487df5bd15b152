"""``expert template roster.xlsx``: the workbook schools fill in (one column per question, drop-downs)."""

from __future__ import annotations

from pathlib import Path

import click

from expert.batch.template import write_template
from expert.cli.commands import command_help
from expert.cli.common import kb_option, lang_option, report_user_errors
from expert.errors import UserError
from expert.rules.loader import load_kb


@click.command("template", help=command_help("template"))
@click.argument("output", type=click.Path(path_type=Path))
@kb_option
@lang_option
@report_user_errors
def template_command(output: Path, kb_dir: Path, lang: str) -> None:
    if output.suffix.lower() != ".xlsx":
        raise UserError.single(str(output), "the template is an Excel workbook: name it .xlsx "
                                            "/ шаблон — книга Excel: укажите имя .xlsx")
    if not output.parent.is_dir():
        raise UserError.single(str(output), "no such folder / нет такой папки")
    write_template(load_kb(kb_dir), output, lang)
    click.echo(output)
