"""``expert classify PROFILE``: the conclusions for one student."""

from __future__ import annotations

from pathlib import Path

import click

from expert.cli.common import classifier_for, kb_option, lang_option, report_user_errors
from expert.facts.profile import load_profile
from expert.i18n import t
from expert.render import render_result


@click.command("classify")
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (with the trace) for programs.")
@click.option("--show-name", is_flag=True, help="Show the student's name (hidden by default: personal data).")
@kb_option
@lang_option
@report_user_errors
def classify_command(profile: Path, fmt: str, show_name: bool, kb_dir: Path, lang: str) -> None:
    """Classify one student profile (.yaml or .json).

    Классифицировать одного учащегося по профилю (.yaml или .json).
    """
    classifier = classifier_for(str(kb_dir))
    student = load_profile(classifier.kb, profile)
    result = classifier.classify(student)
    if fmt == "json":
        click.echo(result.to_json())
        return
    click.echo(render_result(classifier.kb, result, lang, name=student.name if show_name else None))
    click.echo(t("see_explain", lang, path=profile))
