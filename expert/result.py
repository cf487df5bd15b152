"""What a classification returns: conclusions, provisional status, and the trace of firings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from expert.urgency import State, UrgentFlag, overall_state, urgent_questions


@dataclass(frozen=True)
class FactRef:
    """A fact in the trace: ``input`` (an answer), ``derived`` (a conclusion), ``term`` or ``score``."""

    kind: str
    id: str
    value: Any = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Firing:
    """One rule firing, in order: the step that fired, the facts it matched, the facts it derived."""

    index: int
    rule: str
    kind: str  # "rule" | "term" | "total"
    stratum: int
    premises: tuple[FactRef, ...]
    derived: tuple[FactRef, ...]
    absent: tuple[str, ...] = ()  # conclusions the rule required NOT to hold (negation as failure)


@dataclass
class Result:
    student_id: str
    direction: str | None
    provisional: bool
    derived: list[str]                       # conclusion ids, KB order
    by_kind: dict[str, list[str]]            # kind -> conclusion ids, KB order
    provisional_conclusions: list[str]       # derived, but an unknown answer could still retract them
    possible: list[str]                      # not derived, but an unknown answer could still give them
    clarify: list[str]                       # unknown inputs that could change the direction
    scores: dict[str, float]
    inputs: dict[str, Any]                   # known answers
    unknown: list[str]                       # inputs left unknown
    urgent: list[UrgentFlag]                 # every urgent flag: established / excluded / not_clarified
    review_days: int | None = None           # days until the earliest review the derived conclusions ask for
    rules: list[str] = field(default_factory=list)  # the KB rules the direction rests on, KB order
    trace: list[Firing] = field(default_factory=list)
    kb_version: str = ""

    def has(self, conclusion_id: str) -> bool:
        return conclusion_id in self.derived

    @property
    def urgent_state(self) -> State:
        """established if any urgent flag is, not_clarified if any is still open, else excluded."""
        return overall_state(self.urgent)

    @property
    def urgent_questions(self) -> list[str]:
        """Unknown danger questions that could still establish an urgent flag (ask them today)."""
        return urgent_questions(self.urgent)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["inputs"] = {k: _plain(v) for k, v in self.inputs.items()}
        data["urgent_state"] = self.urgent_state
        for firing in data["trace"]:
            for side in ("premises", "derived"):
                firing[side] = [{**f, "value": _plain(f["value"])} for f in firing[side]]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False)


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value
