"""A click group whose commands are imported only when one of them runs (click's "lazily loading
subcommands" pattern), so ``expert classify one.yaml`` does not pay for the web server, the roster
workbook or the knowledge-base tools. The group keeps each command's help, so ``expert --help`` lists
the commands without importing them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click

from expert.cli.lasting import lasting


@dataclass(frozen=True)
class LazyCommand:
    target: str  # "module:attribute" of the click command
    help: str    # the command's help as written; the command itself is declared with ``help=`` this text


class LazyGroup(click.Group):
    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        # what ``--help`` of the group lists for a command not imported yet: its name and help
        self.stubs = {name: click.Command(name, help=entry.help) for name, entry in self.lazy.items()}
        self._listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in self.lazy:
            return None
        return self.stubs[cmd_name] if self._listing else self.load(cmd_name)

    def load(self, name: str) -> click.Command:
        """Import the command ``name`` and keep it; ``loaded`` is told."""
        module, attribute = self.lazy[name].target.split(":")
        with lasting():  # a module lives as long as the process
            command = getattr(importlib.import_module(module), attribute)
        self.add_command(command, name)
        self.loaded(command)
        return command

    def loaded(self, command: click.Command) -> None:
        """Called once for each command as it is imported (a subclass may prepare it)."""

    def known_commands(self) -> list[click.Command]:
        """The commands imported so far and the stubs of the others (imports nothing)."""
        return [self.commands.get(name) or self.stubs[name] for name in sorted({*self.commands, *self.lazy})]

    def all_commands(self) -> list[click.Command]:
        """Every command, importing those not imported yet."""
        return [self.commands.get(name) or self.load(name) for name in sorted({*self.commands, *self.lazy})]

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[no-untyped-def]
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            no_such = getattr(click.exceptions, "NoSuchCommand", None)  # click >= 8.4 suggests close names
            if no_such is None or not isinstance(exc, no_such):
                raise
            # click suggests from the commands imported so far; every command is a candidate
            raise no_such(exc.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True  # the list of commands needs only their help: the stubs have it
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False
