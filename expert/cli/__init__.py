"""The ``expert`` command: a thin click layer over functions tests call directly."""

from __future__ import annotations

import click

from expert.cli.classify import classify_command
from expert.cli.click_texts import LanguageGroup, install
from expert.cli.consult import consult_command
from expert.cli.explain_cmd import explain_command, kb_graph_command
from expert.cli.kb import kb_group
from expert.cli.serve import serve_command, users_group
from expert.cli.template_cmd import template_command


@click.group(cls=LanguageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="expert-socped")
def main() -> None:
    """Экспертная система социального педагога / Expert system for school social pedagogues."""


install()
main.add_command(classify_command)
main.add_command(consult_command)
main.add_command(kb_group)
main.add_command(explain_command)
kb_group.add_command(kb_graph_command)
main.add_command(serve_command)
main.add_command(users_group)
main.add_command(template_command)
