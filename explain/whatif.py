"""WHAT-IF: the smallest sets of changes to a student's changeable answers that move them to another
direction — for a risk-group student, the preventive target list of §20.

Only answers that are known and whose input is marked ``changeable`` in the vocabulary are changed, and
only inputs that can influence a direction rule. Candidate values come from the input's domain: booleans
flip, integers go to each threshold a condition compares them with (and one either side), choices to
their other options, multi answers gain or lose one option a condition mentions. Sets are tried by size
(1, then 2, …) and, for each direction, only the sets of the smallest size that reaches it are reported
(one assignment per set of inputs), so no suggestion contains another. Three-valued analysis prunes the
search soundly: a direction still ruled out with all changeable answers unknown is unreachable, and an
answer without whose change it stays ruled out must be in every suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, islice
from typing import Any

from expert.describe import conclusion_title, format_value, input_label
from expert.engine import Classifier
from expert.evaluator import Tri
from expert.facts.profile import Profile
from expert.result import Result
from expert.rules.conditions import Cmp, compare, walk
from expert.rules.kb import KnowledgeBase
from explain.messages import m

MAX_SIZE = 3
MAX_CHECKS = 12000


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


def _comparisons(kb: KnowledgeBase, input_id: str) -> list[Cmp]:
    conditions = [r.condition for r in kb.rules] + [t.condition for s in kb.scores.values() for t in s.terms]
    return [c for cond in conditions for c in walk(cond) if isinstance(c, Cmp) and c.input == input_id]


def _integer_candidates(kb: KnowledgeBase, input_id: str, current: int) -> list[int]:
    """One value per region the KB's comparisons cut the range into (the nearest to ``current``), other
    than the current region: values inside one region behave the same in every condition."""
    inp = kb.inputs[input_id]
    lo, hi = inp.min, inp.max
    assert lo is not None and hi is not None
    points = {lo, hi}
    for c in _comparisons(kb, input_id):
        for v in c.value if isinstance(c.value, frozenset) else [c.value]:
            if isinstance(v, int | float) and not isinstance(v, bool):
                points.update(x for x in (int(v) - 1, int(v), int(v) + 1) if lo <= x <= hi)
    cmps = _comparisons(kb, input_id)

    def signature(x: int) -> tuple[bool, ...]:
        return tuple(compare(c.op, x, c.value) for c in cmps)

    here = signature(current)
    best: dict[tuple[bool, ...], int] = {}
    for x in sorted(points, key=lambda x: (abs(x - current), x)):
        sig = signature(x)
        if sig != here and sig not in best:
            best[sig] = x
    return sorted(best.values(), key=lambda x: (abs(x - current), x))


def candidate_values(kb: KnowledgeBase, input_id: str, current: Any) -> list[Any]:
    """Other values worth trying for one answer, nearest first (deterministic order)."""
    inp = kb.inputs[input_id]
    if inp.type == "boolean":
        return [not current]
    if inp.type == "choice":
        return [o for o in inp.option_ids() if o != current]
    if inp.type == "integer":
        return _integer_candidates(kb, input_id, current)
    mentioned = set()
    for c in _comparisons(kb, input_id):
        mentioned.update(c.value if isinstance(c.value, frozenset) else [c.value])
    return [current - {o} if o in current else current | {o} for o in inp.option_ids() if o in mentioned]


def default_targets(kb: KnowledgeBase, current: str | None) -> list[str]:
    """The directions listed after the current one in the KB (the KB lists them from the most to the
    least concerning: deviant, risk group, well-off), i.e. what overcoming the student's problems would
    lead to; for the last one (or no direction), every other direction."""
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    later = directions[directions.index(current) + 1:] if current in directions else []
    return later or [d for d in directions if d != current]


def what_if(classifier: Classifier, result: Result, targets: list[str] | None = None, max_size: int = MAX_SIZE,
            max_checks: int = MAX_CHECKS) -> WhatIf:
    """Minimal sets of changes (at most ``max_size`` inputs) that give each target direction."""
    kb = classifier.kb
    evaluator = classifier.evaluator
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    targets = [d for d in (targets or default_targets(kb, result.direction)) if d != result.direction]
    values = result.inputs
    relevant = kb.inputs_reaching(directions)
    active = {ref.id for f in result.trace for ref in f.premises if ref.kind == "input"}
    # answers the current conclusions rest on first: if the search is cut short, they were tried
    changeable = sorted((i for i in relevant if i in values and kb.inputs[i].changeable),
                        key=lambda i: (i not in active, relevant.index(i)))
    report = WhatIf(result.direction,
                    fixed=[i for i in relevant if i in values and not kb.inputs[i].changeable],
                    unknown=[i for i in relevant if i not in values])
    # Sound pruning by three-valued analysis: if, with some changeable answers made unknown, the analysis
    # still rules a direction out, no change of just those answers reaches it. With all of them unknown
    # this finds unreachable directions; with all but one, the answers every suggestion must change.
    def ruled_out(target: str, keep: str | None) -> bool:
        status = evaluator.run([{k: v for k, v in values.items() if k not in changeable or k == keep}])
        return status.row_status(0).fact(target) is Tri.FALSE

    unreachable = [d for d in targets if ruled_out(d, None)]
    targets = [d for d in targets if d not in unreachable]
    necessary = {d: frozenset(i for i in changeable if ruled_out(d, i)) for d in targets}
    unreachable += [d for d in targets if len(necessary[d]) > max_size]
    targets = [d for d in targets if d not in unreachable]
    options = {i: candidate_values(kb, i, values[i]) for i in changeable}
    changeable = [i for i in changeable if options[i]]
    found: dict[str, list[frozenset[str]]] = {d: [] for d in targets}
    for size in range(1, max_size + 1):
        closed = {d for d in targets if found[d]}
        for inputs in combinations(changeable, size):
            key = frozenset(inputs)
            # only the smallest sets: a direction reached with k changes is not searched with k + 1
            open_targets = [d for d in targets if necessary[d] <= key and d not in closed]
            if not open_targets:
                continue
            done: set[str] = set()
            assignments = list(islice(_assignments(inputs, options), max(max_checks - report.checks, 0) + 1))
            reached_all = _directions_reached(evaluator, directions, values, inputs, assignments)
            for assignment, reached in zip(assignments, reached_all, strict=True):
                if report.checks >= max_checks:
                    report.truncated_at = size
                    break
                report.checks += 1
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
        if report.truncated_at or all(found[d] for d in targets):
            break
    checked = []
    for suggestion in report.suggestions:  # the promise, checked the way a user would: classify again
        again = classifier.classify(Profile(result.student_id, suggestion.apply(values)))
        if again.direction == suggestion.direction:
            suggestion.provisional = again.provisional
            checked.append(suggestion)
    order = {d: i for i, d in enumerate(directions)}
    report.suggestions = sorted(checked, key=lambda s: (order[s.direction], len(s.changes)))
    reached = {s.direction for s in report.suggestions}
    report.missing = [d for d in directions if d in unreachable or (d in targets and d not in reached)]
    return report


def _directions_reached(evaluator, directions: list[str], values: dict[str, Any], inputs: tuple[str, ...],
                        assignments: list[tuple]) -> list[str | None]:
    """The direction each changed profile reaches, all evaluated in one batch."""
    if not assignments:
        return []
    evaluation = evaluator.run([{**values, **dict(zip(inputs, a, strict=True))} for a in assignments])
    rows = [evaluator.fact_index[d] for d in directions]
    derived = evaluation.engine.fact_t[rows] if rows else None
    out: list[str | None] = []
    for n in range(len(assignments)):
        hit = next((d for d, k in zip(directions, range(len(rows)), strict=True) if derived[k, n]), None)
        out.append(hit)
    return out


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
    """Grouped by the direction reached: "→ would be: D", then "- if X and Y …" for each minimal set."""
    now = conclusion_title(kb, result.direction, lang) if result.direction else m("no_direction", lang)
    out = [m("whatif_header", lang, student=result.student_id, direction=now)]
    joiner = f" {m('and', lang)} "
    for direction in dict.fromkeys(s.direction for s in report.suggestions):
        group = [s for s in report.suggestions if s.direction == direction]
        title = conclusion_title(kb, direction, lang)
        if any(s.provisional for s in group):
            title += f" ({m('provisional', lang)})"
        out.append("")
        out.append(m("whatif_would", lang, direction=title, n=len(group[0].changes), count=len(group)))
        for s in group:
            out.append("  - " + m("whatif_if", lang, changes=joiner.join(change_text(kb, c, lang) for c in s.changes)))
    for d in report.missing:
        out.append("")
        out.append(m("whatif_none", lang, n=max_size, direction=conclusion_title(kb, d, lang)))
    out.append("")
    if report.truncated_at:
        out.append(m("whatif_truncated", lang, n=report.checks, size=report.truncated_at))
    if report.fixed:
        out.append(m("whatif_fixed", lang, inputs=", ".join(input_label(kb, i, lang) for i in report.fixed)))
    if report.unknown:
        out.append(m("whatif_unknown", lang, inputs=", ".join(input_label(kb, i, lang) for i in report.unknown)))
    return "\n".join(out).rstrip()
