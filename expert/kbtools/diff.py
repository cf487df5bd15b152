"""The impact of an edit (``expert kb diff OLD NEW``): what changed in the KB, and whose conclusions change.

The reference cases and, optionally, a roster (CSV/XLSX/JSONL, read as ``expert batch`` reads it) are
classified with both knowledge bases; a student "changes" when the direction, its provisional status or
any derived conclusion differs. Direction changes are listed first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from expert.batch.columns import Resolver, RowError, RowParser, check_headers
from expert.batch.messages import m
from expert.batch.readers import RawRow, is_blank, open_roster
from expert.engine import Classifier
from expert.errors import UserError
from expert.facts.profile import Profile
from expert.i18n import pick
from expert.kbtools.cases import case_profile
from expert.result import Result
from expert.rules.conditions import walk
from expert.rules.kb import KnowledgeBase
from expert.rules.loader import load_cases

RULE_FIELDS = ("when", "then", "source", "title", "description")
INPUT_FIELDS = ("type", "group", "min", "max", "options", "changeable", "label", "question", "help", "unit")
CONCLUSION_FIELDS = ("kind", "excludes", "title", "description", "source")


@dataclass
class Section:
    """Added, removed and changed items of one kind (changed: id -> the fields that differ)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _section(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> Section:
    sec = Section([k for k in new if k not in old], [k for k in old if k not in new])
    for k in new:
        if k in old:
            a, b = old[k].model_dump(), new[k].model_dump()
            diff = [f for f in fields if a.get(f) != b.get(f)]
            if diff:
                sec.changed[k] = diff
    return sec


def parameter_users(kb: KnowledgeBase, param: str) -> list[str]:
    """Rules and scores whose conditions or weights read a parameter, in KB order."""
    users = [r.id for r in kb.rules if any(getattr(n, "param", None) == param for n in walk(r.condition))]
    for s in kb.scores.values():
        if any(t.weight_param == param or any(getattr(n, "param", None) == param for n in walk(t.condition))
               for t in s.terms):
            users.append(s.id)
    return users


def kb_changes(old: KnowledgeBase, new: KnowledgeBase) -> dict[str, Section]:
    params = Section([k for k in new.parameters if k not in old.parameters],
                     [k for k in old.parameters if k not in new.parameters])
    for k, p in new.parameters.items():
        if k in old.parameters and old.parameters[k].value != p.value:
            users = parameter_users(new, k)
            params.changed[k] = [f"{old.parameters[k].value:g} -> {p.value:g}"] + (
                [f"used by {', '.join(users)}"] if users else [])
    scores = Section([k for k in new.scores if k not in old.scores], [k for k in old.scores if k not in new.scores])
    for k, s in new.scores.items():
        if k in old.scores and old.scores[k].definition.model_dump() != s.definition.model_dump():
            scores.changed[k] = ["terms"]
    return {
        "rules": _section({r.id: r.definition for r in old.rules}, {r.id: r.definition for r in new.rules},
                          RULE_FIELDS),
        "inputs": _section(old.inputs, new.inputs, INPUT_FIELDS),
        "conclusions": _section(old.conclusions, new.conclusions, CONCLUSION_FIELDS),
        "parameters": params,
        "scores": scores,
    }


@dataclass
class Change:
    """One student whose conclusions differ between the two KBs."""

    id: str
    where: str
    old_direction: str | None
    new_direction: str | None
    old_provisional: bool
    new_provisional: bool
    gained: list[str]
    lost: list[str]

    @property
    def direction_changed(self) -> bool:
        return (self.old_direction, self.old_provisional) != (self.new_direction, self.new_provisional)


@dataclass
class Impact:
    source: str
    total: int = 0
    changes: list[Change] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # where: which KB cannot read it, and why

    @property
    def direction_changes(self) -> int:
        return sum(c.direction_changed for c in self.changes)

    def ordered(self) -> list[Change]:
        return sorted(self.changes, key=lambda c: not c.direction_changed)


def compare(ident: str, where: str, old: Result, new: Result) -> Change | None:
    old_set, new_set = set(old.derived), set(new.derived)
    if old_set == new_set and (old.direction, old.provisional) == (new.direction, new.provisional):
        return None
    return Change(ident, where, old.direction, new.direction, old.provisional, new.provisional,
                  [c for c in new.derived if c not in old_set], [c for c in old.derived if c not in new_set])


class Pair:
    """Both KBs' classifiers, with a cache of results by answers (rosters repeat profiles)."""

    def __init__(self, old: Classifier, new: Classifier):
        self.old, self.new = old, new
        self.cache: dict[tuple[str, tuple], Result] = {}

    def classify(self, which: str, profile: Profile) -> Result:
        key = (which, tuple(sorted((k, repr(v)) for k, v in profile.values.items())))
        if key not in self.cache:
            self.cache[key] = (self.old if which == "old" else self.new).classify(profile)
        return self.cache[key]


def cases_impact(pair: Pair, folder: Path) -> Impact:
    impact = Impact(str(folder))
    for case, doc in load_cases(folder):
        impact.total += 1
        results = {}
        for which, clf in (("old", pair.old), ("new", pair.new)):
            try:
                results[which] = pair.classify(which, case_profile(clf.kb, case, doc))
            except UserError as exc:
                impact.unreadable.append(f"{which}: {exc.problems[0]}")
        if len(results) == 2:
            change = compare(case.id, str(doc.path), results["old"], results["new"])
            if change:
                impact.changes.append(change)
    return impact


def _students(kb: KnowledgeBase, path: Path, rows: list[RawRow], headers: list[str],
              kind: str) -> Iterator[tuple[int, str | None, dict[str, Any] | str]]:
    """(row number, student id, values) for each roster row under one KB; values is an error text if unreadable."""
    resolver = Resolver(kb)
    has_id = True
    if kind != "jsonl":
        columns = check_headers(resolver, headers, [], str(path))
        has_id = any(c.role == "id" for c in columns)
    parser = RowParser(kb, resolver, [])
    for row in rows:
        try:
            if row.error is not None:
                raise RowError.single("", "", m(row.error[0], "en", **row.error[1]))
            if isinstance(row.cells, dict):
                answers = row.cells.get("answers", {})
                pairs = [(k, v) for k, v in row.cells.items() if k != "answers"] + list(
                    answers.items() if isinstance(answers, dict) else [])
                student = parser.parse(row.number, pairs, True)
            else:
                student = parser.parse(row.number, list(zip(headers, row.cells or [], strict=False)), has_id)
        except RowError as exc:
            yield row.number, None, "; ".join(f"{p.column}: {p.message}".lstrip(": ") for p in exc.problems)
            continue
        yield row.number, student.id, student.values


def roster_impact(pair: Pair, path: Path) -> Impact:
    roster = open_roster(path)
    rows = [r for r in roster.rows() if not is_blank(r)]
    headers = list(getattr(roster, "headers", []))
    impact = Impact(str(path))
    old = list(_students(pair.old.kb, path, rows, headers, roster.kind))
    new = list(_students(pair.new.kb, path, rows, headers, roster.kind))
    for (number, sid, old_values), (_, _, new_values) in zip(old, new, strict=True):
        impact.total += 1
        where = f"{path}:{number}"
        bad = [(w, v) for w, v in (("old", old_values), ("new", new_values)) if isinstance(v, str)]
        if bad:
            impact.unreadable.extend(f"{w}: {where}: {v}" for w, v in bad)
            continue
        ident = sid or str(number)
        a = pair.classify("old", Profile(ident, dict(old_values)))  # type: ignore[arg-type]
        b = pair.classify("new", Profile(ident, dict(new_values)))  # type: ignore[arg-type]
        change = compare(ident, where, a, b)
        if change:
            impact.changes.append(change)
    return impact


@dataclass
class Diff:
    old: str
    new: str
    changes: dict[str, Section]
    impacts: list[Impact]

    def to_json(self) -> str:
        data = {"old": self.old, "new": self.new, "changes": {k: asdict(v) for k, v in self.changes.items()},
                "impacts": [{"source": i.source, "total": i.total, "changed": len(i.changes),
                             "direction_changed": i.direction_changes, "unreadable": i.unreadable,
                             "students": [asdict(c) for c in i.ordered()]} for i in self.impacts]}
        return json.dumps(data, ensure_ascii=False, indent=2)


def diff_kbs(old: Classifier, new: Classifier, cases: Path | None, roster: Path | None) -> Diff:
    pair = Pair(old, new)
    impacts = []
    if cases is not None:
        impacts.append(cases_impact(pair, cases))
    if roster is not None:
        impacts.append(roster_impact(pair, roster))
    return Diff(str(old.kb.root), str(new.kb.root), kb_changes(old.kb, new.kb), impacts)


LABELS = {
    "rules": ("Правила", "Rules"), "inputs": ("Входные признаки", "Inputs"), "conclusions": ("Выводы", "Conclusions"),
    "parameters": ("Параметры", "Parameters"), "scores": ("Шкалы", "Scores"),
}
DIFF_TEXTS = {
    "kb": ("База знаний: {old} -> {new}", "Knowledge base: {old} -> {new}"),
    "same": ("  правила, признаки, выводы, параметры и шкалы не изменились",
             "  no changes in rules, inputs, conclusions, parameters or scores"),
    "impact": ("{source}: выводы меняются у {n} из {total}, направление — у {direction}",
               "{source}: {n} of {total} change their conclusions, {direction} of them the direction"),
    "more": ("  ... и ещё {n}", "  ... and {n}"),
    "unreadable": ("  не читается {what}", "  cannot read {what}"),
    "no_direction": ("без направления", "no direction"),
    "provisional": ("{name} (предварительно)", "{name} (provisional)"),
}


def render_diff(diff: Diff, lang: str, limit: int = 10) -> str:
    lines = [pick(DIFF_TEXTS, "kb", lang, old=diff.old, new=diff.new)]
    if not any(diff.changes.values()):
        lines.append(pick(DIFF_TEXTS, "same", lang))
    for kind, sec in diff.changes.items():
        if not sec:
            continue
        lines.append(f"  {pick(LABELS, kind, lang)}: +{len(sec.added)} -{len(sec.removed)} ~{len(sec.changed)}")
        lines.extend(f"    + {k}" for k in sec.added)
        lines.extend(f"    - {k}" for k in sec.removed)
        lines.extend(f"    ~ {k}: {', '.join(v)}" for k, v in sec.changed.items())
    for imp in diff.impacts:
        lines.append(pick(DIFF_TEXTS, "impact", lang, source=imp.source, n=len(imp.changes), total=imp.total,
                          direction=imp.direction_changes))
        for c in imp.ordered()[:limit]:
            parts = []
            if c.direction_changed:
                old = _dir(c.old_direction, c.old_provisional, lang)
                new = _dir(c.new_direction, c.new_provisional, lang)
                parts.append(f"{old} -> {new}")
            if c.gained:
                parts.append("+ " + ", ".join(c.gained))
            if c.lost:
                parts.append("- " + ", ".join(c.lost))
            lines.append(f"  {c.id} ({c.where}): {'; '.join(parts)}")
        if len(imp.changes) > limit:
            lines.append(pick(DIFF_TEXTS, "more", lang, n=len(imp.changes) - limit))
        lines.extend(pick(DIFF_TEXTS, "unreadable", lang, what=u) for u in imp.unreadable[:limit])
        if len(imp.unreadable) > limit:
            lines.append(pick(DIFF_TEXTS, "more", lang, n=len(imp.unreadable) - limit))
    return "\n".join(lines)


def _dir(direction: str | None, provisional: bool, lang: str) -> str:
    name = direction or pick(DIFF_TEXTS, "no_direction", lang)
    return pick(DIFF_TEXTS, "provisional", lang, name=name) if provisional else name
