"""One result row of a batch: what a methodologist filters and sorts on, taken from a Result."""

from __future__ import annotations

from typing import Any

from expert.result import Result
from expert.urgency import EXCLUDED


class UrgentCell(str):
    """The ``urgent`` column: a state id (established / not_clarified / excluded) that spreadsheets show as
    да / не выяснено / нет, so an unknown danger answer never reads as «нет»."""


def rules_behind(result: Result, conclusion: str | None) -> list[str]:
    """Ids of the KB rules in the chain that derived ``conclusion``, in firing order (scores are followed
    through to the rules beneath them but are not rules themselves)."""
    if conclusion is None:
        return []
    producer = {}
    for firing in result.trace:
        for fact in firing.derived:
            producer.setdefault(fact.key, firing)
    wanted = [f"derived:{conclusion}"]
    used: set[int] = set()
    while wanted:
        firing = producer.get(wanted.pop())
        if firing is None or firing.index in used:
            continue
        used.add(firing.index)
        wanted.extend(p.key for p in firing.premises)
    return [f.rule for f in result.trace if f.index in used and f.kind == "rule"]


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
        "rules": rules_behind(result, result.direction),
    }
