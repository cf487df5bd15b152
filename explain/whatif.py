"""WHAT-IF: the smallest sets of changes to a student's changeable answers that move them to another
direction — for a risk-group student, the preventive target list of §20.

Only answers that are known and whose input is marked ``changeable`` in the vocabulary are changed, and
only inputs that can influence a direction rule. Candidate values come from the input's domain: booleans
flip, integers go to each threshold a condition compares them with (and one either side), choices to
their other options, multi answers gain or lose one option a condition mentions. Sets are tried by size
(1, then 2, …); a set is reported only if no smaller reported set for the same direction uses a subset
of its inputs, so every suggestion is minimal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from expert.engine import Classifier
from expert.facts.profile import Profile
from expert.result import Result
from expert.rules.conditions import Cmp, FactIs, FactNot, ScoreCmp, walk
from expert.rules.kb import KnowledgeBase
from explain.describe import conclusion_title, format_value, input_label
from explain.messages import m

MAX_SIZE = 3
MAX_CHECKS = 20000


@dataclass(frozen=True)
class Change:
    input: str
    old: Any
    new: Any


@dataclass
class Suggestion:
    direction: str
    changes: tuple[Change, ...]
    provisional: bool = False

    def apply(self, values: dict[str, Any]) -> dict[str, Any]:
        changed = dict(values)
        for change in self.changes:
            changed[change.input] = change.new
        return changed


@dataclass
class WhatIf:
    current: str | None
    suggestions: list[Suggestion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)      # target directions with no suggestion
    truncated_at: int | None = None                       # set size not fully searched, if any
    checks: int = 0
    fixed: list[str] = field(default_factory=list)        # known, relevant, not changeable
    unknown: list[str] = field(default_factory=list)      # unknown, relevant


def relevant_inputs(kb: KnowledgeBase, goals: list[str]) -> list[str]:
    """Inputs whose answer can influence any of ``goals`` (through rules, facts and scores), KB order."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = list(goals)
    while stack:
        fact = stack.pop()
        if fact in seen:
            continue
        seen.add(fact)
        conditions = [r.condition for r in kb.rules_deriving(fact)]
        while conditions:
            for c in walk(conditions.pop()):
                if isinstance(c, Cmp):
                    found.add(c.input)
                elif isinstance(c, FactIs | FactNot):
                    stack.append(c.fact)
                elif isinstance(c, ScoreCmp):
                    conditions.extend(t.condition for t in kb.scores[c.score].terms)
    return [i for i in kb.inputs if i in found]


def _thresholds(kb: KnowledgeBase, input_id: str) -> list[Any]:
    out: list[Any] = []
    conditions = [r.condition for r in kb.rules] + [t.condition for s in kb.scores.values() for t in s.terms]
    for cond in conditions:
        for c in walk(cond):
            if isinstance(c, Cmp) and c.input == input_id:
                out.extend(c.value if isinstance(c.value, frozenset) else [c.value])
    return out


def candidate_values(kb: KnowledgeBase, input_id: str, current: Any) -> list[Any]:
    """Other values worth trying for one answer, nearest first (deterministic order)."""
    inp = kb.inputs[input_id]
    if inp.type == "boolean":
        return [not current]
    if inp.type == "choice":
        return [o for o in inp.option_ids() if o != current]
    if inp.type == "integer":
        values: set[int] = set()
        for v in _thresholds(kb, input_id):
            if isinstance(v, int | float) and not isinstance(v, bool):
                for x in (int(v) - 1, int(v), int(v) + 1):
                    if inp.min <= x <= inp.max and x != current:  # type: ignore[operator]
                        values.add(x)
        return sorted(values, key=lambda x: (abs(x - current), x))
    mentioned = {o for v in _thresholds(kb, input_id) for o in (v if isinstance(v, frozenset) else [v])}
    out = []
    for option in inp.option_ids():
        if option in mentioned:
            out.append(current - {option} if option in current else current | {option})
    return out


def what_if(classifier: Classifier, result: Result, targets: list[str] | None = None, max_size: int = MAX_SIZE,
            max_checks: int = MAX_CHECKS,
            classify: Callable[[dict[str, Any]], Result] | None = None) -> WhatIf:
    """Minimal sets of changes (at most ``max_size`` inputs) that give each target direction."""
    kb = classifier.kb
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    targets = [d for d in (targets or directions) if d != result.direction]
    values = result.inputs
    relevant = relevant_inputs(kb, directions)
    changeable = [i for i in relevant if i in values and kb.inputs[i].changeable]
    report = WhatIf(result.direction,
                    fixed=[i for i in relevant if i in values and not kb.inputs[i].changeable],
                    unknown=[i for i in relevant if i not in values])
    options = {i: candidate_values(kb, i, values[i]) for i in changeable}
    changeable = [i for i in changeable if options[i]]
    found: dict[str, list[frozenset[str]]] = {d: [] for d in targets}

    def direction_of(changed: dict[str, Any]) -> str | None:
        derived, _, _ = classifier.run_engine(changed)
        return next((c for c in derived if c in directions), None)

    for size in range(1, max_size + 1):
        for inputs in combinations(changeable, size):
            key = frozenset(inputs)
            open_targets = [d for d in targets if not any(s <= key for s in found[d])]
            if not open_targets:
                continue
            done: set[str] = set()
            for assignment in _assignments(inputs, options):
                if report.checks >= max_checks:
                    report.truncated_at = size
                    break
                report.checks += 1
                changed = {**values, **dict(zip(inputs, assignment, strict=True))}
                reached = direction_of(changed)
                if reached in open_targets and reached not in done:
                    done.add(reached)
                    changes = tuple(Change(i, values[i], v) for i, v in zip(inputs, assignment, strict=True))
                    report.suggestions.append(Suggestion(reached, changes))
                if len(done) == len(open_targets):
                    break
            for d in done:
                found[d].append(key)
            if report.truncated_at:
                break
        if report.truncated_at:
            break
    for suggestion in report.suggestions:  # the promise, checked the way a user would: classify again
        check = classifier.classify(Profile(result.student_id, suggestion.apply(values)))
        suggestion.provisional = check.provisional
    order = {d: i for i, d in enumerate(directions)}
    report.suggestions.sort(key=lambda s: (order[s.direction], len(s.changes)))
    report.missing = [d for d in targets if not found[d]]
    return report


def _assignments(inputs: tuple[str, ...], options: dict[str, list[Any]]):
    if not inputs:
        yield ()
        return
    for rest in _assignments(inputs[1:], options):
        for value in options[inputs[0]]:
            yield (value, *rest)


def change_text(kb: KnowledgeBase, change: Change, lang: str) -> str:
    return m("change", lang, label=input_label(kb, change.input, lang),
             value=format_value(kb, change.input, change.new, lang),
             old=format_value(kb, change.input, change.old, lang))


def what_if_text(kb: KnowledgeBase, result: Result, report: WhatIf, lang: str = "ru",
                 max_size: int = MAX_SIZE) -> str:
    now = conclusion_title(kb, result.direction, lang) if result.direction else m("no_direction", lang)
    out = [m("whatif_header", lang, student=result.student_id, direction=now), ""]
    joiner = f" {m('and', lang)} "
    for s in report.suggestions:
        title = conclusion_title(kb, s.direction, lang)
        if s.provisional:
            title += f" ({m('provisional', lang)})"
        changes = joiner.join(change_text(kb, c, lang) for c in s.changes)
        out.append("- " + m("whatif_if", lang, changes=changes, direction=title))
    for d in report.missing:
        out.append("- " + m("whatif_none", lang, n=max_size, direction=conclusion_title(kb, d, lang)))
    if report.truncated_at:
        out.append(m("whatif_truncated", lang, n=report.checks, size=report.truncated_at))
    if report.fixed:
        out.append(m("whatif_fixed", lang, inputs=", ".join(input_label(kb, i, lang) for i in report.fixed)))
    if report.unknown:
        out.append(m("whatif_unknown", lang, inputs=", ".join(input_label(kb, i, lang) for i in report.unknown)))
    return "\n".join(out)
