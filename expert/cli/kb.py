"""``expert kb ...``: commands for researchers who edit the knowledge base."""

from __future__ import annotations

from pathlib import Path

import click

from expert.cli.common import lang_option, report_user_errors
from expert.engine import DEFAULT_KB, Classifier
from expert.i18n import t
from expert.rules.loader import load_kb


@click.group("kb")
def kb_group() -> None:
    """Работа с базой знаний / Knowledge-base tools."""


@kb_group.command("check")
@click.argument("kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB)
@lang_option
@report_user_errors
def check_command(kb_dir: Path, lang: str) -> None:
    """Load and validate a knowledge base; every problem as file:line (exit 2 on errors)."""
    kb = load_kb(kb_dir)
    Classifier(kb)  # compiling catches what only the engine build can see
    click.echo(t("kb_ok", lang, inputs=len(kb.inputs), conclusions=len(kb.conclusions), rules=len(kb.rules),
                 scores=len(kb.scores), params=len(kb.parameters)))
