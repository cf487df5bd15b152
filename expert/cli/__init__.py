"""The ``expert`` command: a thin click layer over functions tests call directly.

Each command's module is imported only when that command runs (``expert.cli.commands``, ``expert.cli.lazy``).
"""

from __future__ import annotations

import os

# numpy is used element-wise only (the evaluator): the OpenBLAS thread pool it starts on import would cost this
# short process ~0.07 s of start-up and buys nothing. Set before numpy is imported; a value the user set stays.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click  # noqa: E402

from expert.cli.click_texts import LanguageGroup, install  # noqa: E402
from expert.cli.commands import COMMANDS  # noqa: E402


@click.group(cls=LanguageGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="expert-socped")
def main() -> None:
    """Экспертная система социального педагога / Expert system for school social pedagogues."""


install()
