"""One result row of a batch: what a methodologist filters and sorts on, taken from a Result."""

from __future__ import annotations

from typing import Any

from expert.result import Result
from expert.urgency import EXCLUDED


class UrgentCell(str):
    """The ``urgent`` column: a state id (established / not_clarified / excluded) that spreadsheets show as
    да / не выяснено / нет, so an unknown danger answer never reads as «нет»."""


def record_of(result: Result) -> dict[str, Any]:
    """The result columns (without the student id and kept columns)."""
    kinds = result.by_kind
    return {
        "direction": result.direction or "",
        "provisional": result.provisional,
        "functions": list(kinds.get("function", [])),
        "who": list(kinds.get("who", [])),
        "measures": list(kinds.get("measure", [])),
        "specialists": list(kinds.get("specialist", [])),
        "urgent": UrgentCell(result.urgent_state),
        "urgent_flags": [f.id for f in result.urgent if f.state != EXCLUDED],  # established or not clarified
        "clarify": list(result.clarify),
        "rules": list(result.rules),
    }
