"""Errors a user can cause: each carries where it happened and prints as one line."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        return f"{where}:{loc} {self.message}"


@dataclass
class UserError(Exception):
    """Raised for bad input; the CLI prints every problem on its own line and exits with status 2."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(cls, path: str, message: str, line: int | None = None, location: str = "") -> UserError:
        return cls([Problem(str(path), line, location, message)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
