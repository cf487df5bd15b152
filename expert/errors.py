"""Errors a user can cause: each carries where it happened and prints as one line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """Control characters, line separators and lone surrogates as visible escapes: one problem, one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


@dataclass(frozen=True)
class Problem:
    """One problem in one file: ``path:line: location: message``."""

    path: str
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        loc = f" {self.location}:" if self.location else ""
        return escape_controls(f"{where}:{loc} {self.message}")


@dataclass
class UserError(Exception):
    """Raised for bad input; the CLI prints every problem on its own line and exits with status 2."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(cls, path: str, message: str, line: int | None = None, location: str = "") -> UserError:
        return cls([Problem(str(path), line, location, message)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
