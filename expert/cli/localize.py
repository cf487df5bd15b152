"""``--help`` in Kazakh: the help texts of every command and option, swapped for their Kazakh versions
(``expert.locale.kk_cli``) when the language is known to be Kazakh — ``--lang kk`` on the command line,
or EXPERT_LANG / the OS locale. Other languages keep the texts as written (Russian and English)."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator, Sequence

import click

from expert.cli.lasting import started_as_the_command
from expert.cli.lazy import LazyGroup
from expert.i18n import LANGS, default_lang, kazakh


def help_lang(args: Sequence[str]) -> str:
    """The language ``--help`` should speak for these command-line arguments."""
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args) and args[n + 1] in LANGS:
            return args[n + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return default_lang()


def subcommands(group: click.Group, load: bool = True) -> list[click.Command]:
    """A group's commands; of a lazy group, without ``load`` only those imported so far and the others' stubs."""
    if isinstance(group, LazyGroup):
        return group.all_commands() if load else group.known_commands()
    return list(group.commands.values())


def help_items(command: click.Command, load: bool = True) -> Iterator[object]:
    """The command, its options and, for a group, its subcommands with theirs: whatever has a help text.
    Without ``load``, commands not imported yet are not imported (their stubs stand in)."""
    yield command
    yield from (p for p in command.params if isinstance(p, click.Option))
    if isinstance(command, click.Group):
        for sub in subcommands(command, load):
            yield from help_items(sub, load)


class KazakhHelpFormatter(click.HelpFormatter):
    """Click's own words of a help page («Usage:», «Options», «Commands») in Kazakh."""

    HEADINGS = {"Options": "Параметрлер", "Commands": "Командалар", "Arguments": "Аргументтер"}
    WORDS = {"Show this message and exit.": "Осы анықтаманы көрсетіп, шығу.", "[default: ": "[әдепкісі: ",
             "[required]": "[міндетті]", "bundled knowledge_base/": "құрамдағы knowledge_base/",
             "EXPERT_LANG or the OS locale (kk/ru/en) may set it": "оны EXPERT_LANG немесе ОЖ локалі (kk/ru/en) береді"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Қолданылуы: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        def kazakh_words(text: str) -> str:
            for word, kk in self.WORDS.items():
                text = text.replace(word, kk)
            return text

        super().write_dl([(term, kazakh_words(text)) for term, text in rows], *args, **kwargs)


def localize_help(command: click.Command, lang: str) -> None:
    """Show help texts in ``lang``: Kazakh ones for kk, the texts as written otherwise (reversible).
    Commands not imported yet are left to ``LocalizedGroup.loaded``."""
    click.Context.formatter_class = KazakhHelpFormatter if lang == "kk" else click.HelpFormatter
    for item in help_items(command, load=False):
        if not hasattr(item, "_help_as_written"):
            item._help_as_written = getattr(item, "help", None)  # type: ignore[attr-defined]
        written = item._help_as_written  # type: ignore[attr-defined]
        if written:
            text = kazakh(inspect.cleandoc(written)) if lang == "kk" else written
            item.help = text  # type: ignore[attr-defined]


class LocalizedGroup(LazyGroup):
    """The top-level group: picks the language of ``--help`` before click parses the arguments, and gives
    each command imported later the help of that language."""

    help_language = "ru"

    def main(self, args: Sequence[str] | None = None, *rest, **kwargs):  # type: ignore[override]
        if args is None:
            started_as_the_command()
        argv = list(args) if args is not None else sys.argv[1:]
        self.help_language = help_lang(argv)
        localize_help(self, self.help_language)
        return super().main(argv, *rest, **kwargs)

    def loaded(self, command: click.Command) -> None:
        localize_help(command, self.help_language)
