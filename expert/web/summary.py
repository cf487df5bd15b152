"""The few facts of a finished consultation kept for the student and review pages, and what changed between two."""

from __future__ import annotations

import datetime as dt
from typing import Any

from expert.consult.report import Review
from expert.i18n import t
from expert.result import Result
from expert.rules.kb import KnowledgeBase
from expert.web.texts import w


def summary_of(result: Result, review: Review | None) -> dict[str, Any]:
    return {
        "direction": result.direction,
        "provisional": result.provisional,
        "scores": result.scores,
        "targets": result.by_kind.get("target", []),
        "flags": result.by_kind.get("flag", []),
        "review": review.date.isoformat() if review else None,
    }


def direction_title(kb: KnowledgeBase, summary: dict[str, Any] | None, lang: str) -> str:
    if not summary:
        return w("in_progress", lang)
    direction = summary.get("direction")
    if not direction or direction not in kb.conclusions:
        return t("no_direction", lang)
    title = kb.conclusions[direction].title.get(lang)
    return title + (f" ({t('provisional', lang)})" if summary.get("provisional") else "")


def review_due(summary: dict[str, Any] | None, today: dt.date) -> bool:
    return bool(summary and summary.get("review") and dt.date.fromisoformat(summary["review"]) <= today)


def _titles(kb: KnowledgeBase, ids: list[str], lang: str) -> str:
    return "; ".join(kb.conclusions[c].title.get(lang) for c in ids if c in kb.conclusions)


def changes(kb: KnowledgeBase, before: dict[str, Any], after: dict[str, Any], lang: str) -> list[str]:
    """Direction, scores and prevention targets: what is different in ``after``."""
    out = []
    if before.get("direction") != after.get("direction") or before.get("provisional") != after.get("provisional"):
        out.append(w("direction_changed", lang, old=direction_title(kb, before, lang),
                     new=direction_title(kb, after, lang)))
    for score, new in after.get("scores", {}).items():
        old = before.get("scores", {}).get(score)
        if old != new and score in kb.scores:
            out.append(w("score_changed", lang, title=kb.scores[score].definition.title.get(lang),
                         old="—" if old is None else f"{old:g}", new=f"{new:g}"))
    met = [c for c in before.get("targets", []) if c not in after.get("targets", [])]
    new_targets = [c for c in after.get("targets", []) if c not in before.get("targets", [])]
    if met:
        out.append(w("targets_met", lang, titles=_titles(kb, met, lang)))
    if new_targets:
        out.append(w("targets_new", lang, titles=_titles(kb, new_targets, lang)))
    return out
