"""Pieces every command shares: the --kb and --lang options, loading, turning user errors into exit 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from expert.cli.click_texts import current_lang
from expert.cli.lasting import lasting
from expert.engine import DEFAULT_KB, Classifier
from expert.errors import UserError
from expert.i18n import LANGS, default_lang, t
from expert.rules.cache import load_kb_cached


def kb_option(func: Callable) -> Callable:
    return click.option("--kb", "kb_dir", type=click.Path(path_type=Path), default=DEFAULT_KB,
                        show_default="knowledge_base/", envvar="EXPERT_KB",
                        help="Knowledge-base folder / папка базы знаний.")(func)


def lang_option(func: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(LANGS), default=default_lang,
                        show_default="ru; EXPERT_LANG or the OS locale (kk/ru/en) may set it",
                        help="Language of the output / язык вывода / шығыс тілі.")(func)


@functools.lru_cache(maxsize=4)
def classifier_for(kb_dir: str) -> Classifier:
    with lasting():  # the KB and its engine live as long as the process
        return Classifier(load_kb_cached(kb_dir))


def report_user_errors(func: Callable) -> Callable:
    """Print each problem of a UserError on its own line (no traceback) and exit with status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            from expert.problem_texts import localize_problem  # its patterns are compiled only when needed

            lang = kwargs.get("lang") or current_lang()
            for problem in exc.problems:
                click.echo(f"{t('error', lang)}: {localize_problem(problem, lang)}", err=True)
            sys.exit(2)

    return wrapper
