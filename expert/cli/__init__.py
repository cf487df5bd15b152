"""The ``expert`` command: a thin click layer over functions tests call directly.

Each command's module is imported only when that command runs (``expert.cli.commands``, ``expert.cli.lazy``).
"""

from __future__ import annotations

import click

from expert.cli.click_texts import LanguageGroup, install
from expert.cli.commands import COMMANDS


@click.group(cls=LanguageGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="expert-socped")
def main() -> None:
    """Экспертная система социального педагога / Expert system for school social pedagogues."""


install()
