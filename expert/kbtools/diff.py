"""The impact of an edit (``expert kb diff OLD NEW``): what changed in the KB, and whose conclusions change.

The reference cases and, optionally, a roster (CSV/XLSX/JSONL, read as ``expert classify`` reads it) are
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
from expert.batch.header import find_header
from expert.batch.messages import m
from expert.batch.readers import RawRow, is_blank, open_roster
from expert.engine import Classifier
from expert.errors import UserError
from expert.facts.profile import Profile, make_profile
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


def _students(kb: KnowledgeBase, path: Path, rows: list[RawRow], headers: list[str], kind: str,
              lang: str = "ru") -> Iterator[tuple[int, str | None, dict[str, Any] | str]]:
    """(row number, student id, values) for each roster row under one KB; values is an error text if unreadable."""
    resolver = Resolver(kb)
    has_id = True
    if kind != "jsonl":
        columns = check_headers(resolver, headers, [], str(path))
        has_id = any(c.role == "id" for c in columns)
    parser = RowParser(kb, resolver, [], lang=lang)
    for row in rows:
        try:
            if row.error is not None:
                raise RowError.single("", "", m(row.error[0], lang, **row.error[1]))
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


def roster_impact(pair: Pair, path: Path, lang: str = "ru") -> Impact:
    """Both KBs' conclusions for each row of a roster read as ``expert classify`` reads it (the header found
    below title rows; screening applied by the one profile constructor)."""
    roster = open_roster(path)
    if roster.kind != "jsonl":
        roster.use_header(find_header(Resolver(pair.new.kb), roster.candidates(), []))  # type: ignore[union-attr]
    rows = [r for r in roster.rows() if not is_blank(r)]
    headers = list(getattr(roster, "headers", []))
    impact = Impact(str(path))
    old = list(_students(pair.old.kb, path, rows, headers, roster.kind, lang))
    new = list(_students(pair.new.kb, path, rows, headers, roster.kind, lang))
    for (number, sid, old_values), (_, _, new_values) in zip(old, new, strict=True):
        impact.total += 1
        where = f"{path}:{number}"
        bad = [(w, v) for w, v in (("old", old_values), ("new", new_values)) if isinstance(v, str)]
        if bad:
            impact.unreadable.extend(f"{pick(DIFF_TEXTS, w, lang)}: {where}: {v}" for w, v in bad)
            continue
        ident = sid or str(number)
        a = pair.classify("old", make_profile(pair.old.kb, ident, dict(old_values)))  # type: ignore[arg-type]
        b = pair.classify("new", make_profile(pair.new.kb, ident, dict(new_values)))  # type: ignore[arg-type]
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
    old_kb: KnowledgeBase | None = field(default=None, repr=False)  # for titles in the report
    new_kb: KnowledgeBase | None = field(default=None, repr=False)

    def to_json(self) -> str:
        data = {"old": self.old, "new": self.new, "changes": {k: asdict(v) for k, v in self.changes.items()},
                "impacts": [{"source": i.source, "total": i.total, "changed": len(i.changes),
                             "direction_changed": i.direction_changes, "unreadable": i.unreadable,
                             "students": [asdict(c) for c in i.ordered()]} for i in self.impacts]}
        return json.dumps(data, ensure_ascii=False, indent=2)


def diff_kbs(old: Classifier, new: Classifier, cases: Path | None, roster: Path | None, lang: str = "ru") -> Diff:
    pair = Pair(old, new)
    impacts = []
    if cases is not None:
        impacts.append(cases_impact(pair, cases))
    if roster is not None:
        impacts.append(roster_impact(pair, roster, lang))
    return Diff(str(old.kb.root), str(new.kb.root), kb_changes(old.kb, new.kb), impacts, old.kb, new.kb)


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
    "old": ("по старой базе", "under the old KB"),
    "new": ("по новой базе", "under the new KB"),
    "used_by": ("используется в {who}", "used by {who}"),
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
        lines.extend(f"    + {_named(diff.new_kb, kind, k, lang)}" for k in sec.added)
        lines.extend(f"    - {_named(diff.old_kb, kind, k, lang)}" for k in sec.removed)
        lines.extend(f"    ~ {_named(diff.new_kb, kind, k, lang)}: {', '.join(_said(x, lang) for x in v)}"
                     for k, v in sec.changed.items())
    for imp in diff.impacts:
        lines.append(pick(DIFF_TEXTS, "impact", lang, source=imp.source, n=len(imp.changes), total=imp.total,
                          direction=imp.direction_changes))
        for c in imp.ordered()[:limit]:
            parts = []
            if c.direction_changed:
                old = _dir(_title(diff.old_kb, c.old_direction, lang), c.old_provisional, lang)
                new = _dir(_title(diff.new_kb, c.new_direction, lang), c.new_provisional, lang)
                parts.append(f"{old} -> {new}")
            gained = _titles(diff.new_kb, c.gained, lang)  # the direction is said above
            lost = _titles(diff.old_kb, c.lost, lang)
            if gained:
                parts.append("+ " + "; ".join(gained))
            if lost:
                parts.append("- " + "; ".join(lost))
            lines.append(f"  {c.id} ({c.where}): {'; '.join(parts)}")
        if len(imp.changes) > limit:
            lines.append(pick(DIFF_TEXTS, "more", lang, n=len(imp.changes) - limit))
        lines.extend(pick(DIFF_TEXTS, "unreadable", lang, what=u) for u in imp.unreadable[:limit])
        if len(imp.unreadable) > limit:
            lines.append(pick(DIFF_TEXTS, "more", lang, n=len(imp.unreadable) - limit))
    return "\n".join(lines)


def _said(change: str, lang: str) -> str:
    """One item of a change list in ``lang`` (kb_changes writes a parameter's users as 'used by …')."""
    prefix = "used by "
    return pick(DIFF_TEXTS, "used_by", lang, who=change[len(prefix):]) if change.startswith(prefix) else change


def _title(kb: KnowledgeBase | None, conclusion: str | None, lang: str) -> str | None:
    """A conclusion's title in ``lang`` (its id when the KB is not at hand or does not know it)."""
    if conclusion is None or kb is None or conclusion not in kb.conclusions:
        return conclusion
    return kb.conclusions[conclusion].title.get(lang)


def _titles(kb: KnowledgeBase | None, conclusions: list[str], lang: str) -> list[str]:
    return [_title(kb, c, lang) or c for c in conclusions
            if kb is None or c not in kb.conclusions or kb.conclusions[c].kind != "direction"]


def _named(kb: KnowledgeBase | None, kind: str, item: str, lang: str) -> str:
    """A changed rule, input or conclusion as ``id «title»`` (researchers edit ids, read titles)."""
    title = None
    if kb is not None and kind == "rules":
        title = next((r.definition.title.get(lang) for r in kb.rules if r.id == item), None)
    elif kb is not None and kind == "inputs" and item in kb.inputs:
        title = kb.inputs[item].label.get(lang)
    elif kb is not None and kind == "conclusions" and item in kb.conclusions:
        title = kb.conclusions[item].title.get(lang)
    return f"{item} «{title}»" if title else item


def _dir(direction: str | None, provisional: bool, lang: str) -> str:
    name = direction or pick(DIFF_TEXTS, "no_direction", lang)
    return pick(DIFF_TEXTS, "provisional", lang, name=name) if provisional else name
