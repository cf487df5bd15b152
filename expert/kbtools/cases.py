"""Reference cases (``expert kb test``): run each case, compare with what it expects, and for a failing
case show expected against actual and the rules that made the difference."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from expert.engine import Classifier
from expert.errors import UserError
from expert.evaluator import Status, Tri
from expert.facts.profile import profile_from_document
from expert.i18n import choose, pick
from expert.kbtools.logic import describe_atom, show_value
from expert.result import Result
from expert.rules.conditions import Cmp, Condition, FactIs, FactNot, ScoreCmp, nnf, walk
from expert.rules.kb import KnowledgeBase
from expert.rules.loader import load_cases
from expert.rules.schema import CaseDef
from expert.rules.yamlio import Document

MAX_REASONS = 6


@dataclass
class Mismatch:
    """One expectation that did not hold; ``why`` lists the rules that made the difference."""

    what: str  # direction | provisional | present | absent | profile | unknown_conclusion
    expected: Any
    actual: Any
    why: list[str] = field(default_factory=list)


@dataclass
class CaseOutcome:
    case: str
    path: str
    line: int | None
    title: dict[str, str]
    mismatches: list[Mismatch] = field(default_factory=list)
    direction: str | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def case_profile(kb: KnowledgeBase, case: CaseDef, doc: Document):
    return profile_from_document(kb, doc, case.profile, ("profile",))


def derived_by(kb: KnowledgeBase, result: Result, conclusion: str) -> list[str]:
    """How the engine derived a conclusion: each firing that derived it, with what it matched."""
    out = []
    for firing in result.trace:
        if any(ref.kind == "derived" and ref.id == conclusion for ref in firing.derived):
            premises = ", ".join(f"{p.id}={show_value(p.value)}" if p.kind in ("input", "score") else p.id
                                 for p in firing.premises if p.kind != "term")
            absent = "".join(f", not {a}" for a in firing.absent)
            where = kb.where.get(("rule", firing.rule))
            out.append(f"+ {conclusion} <- {firing.rule} ({where}): {premises}{absent}".rstrip(": "))
    return out


def failed_atoms(cond: Condition, values: dict[str, Any], status: Status,
                 result: Result) -> list[tuple[str, str | None]]:
    """The atoms of a condition that do not hold (or are unknown): (text with the actual answer or fact,
    the fact id when the atom is 'fact X is derived')."""
    out: dict[tuple[str, str | None], None] = {}
    for atom in walk(nnf(cond)):
        if not isinstance(atom, Cmp | ScoreCmp | FactIs | FactNot):
            continue
        if status.evaluate(atom) is Tri.TRUE:
            continue
        if isinstance(atom, Cmp):
            actual = show_value(values[atom.input]) if atom.input in values else "?"
            out[(f"{describe_atom(atom)} [{atom.input}={actual}]", None)] = None
        elif isinstance(atom, ScoreCmp):
            out[(f"{describe_atom(atom)} [{atom.score}={result.scores.get(atom.score, 0):g}]", None)] = None
        elif isinstance(atom, FactIs):
            out[(f"{atom.fact} [-]", atom.fact)] = None
        else:
            out[(f"not {atom.fact} [+]", None)] = None
    return list(out)


def missing_because(kb: KnowledgeBase, values: dict[str, Any], status: Status, result: Result,
                    conclusion: str, missing: set[str] | None = None) -> list[str]:
    """Why a conclusion was not derived: every rule that could derive it, with its atoms that failed.
    Empty when every such rule fails only for want of other missing conclusions (it follows from them)."""
    rules = kb.rules_deriving(conclusion)
    if not rules:
        return [f"- {conclusion}: no rule derives it"]
    out = []
    cascade = True
    for rule in rules:
        atoms = failed_atoms(rule.condition, values, status, result)
        cascade = cascade and bool(atoms) and all(fact in (missing or set()) for _text, fact in atoms)
        texts = [text for text, _fact in atoms]
        shown = "; ".join(texts[:MAX_REASONS]) + (" ..." if len(texts) > MAX_REASONS else "")
        out.append(f"- {conclusion} <- {rule.id} ({rule.where}): {shown}")
    return [] if cascade else out


def _explain(kb: KnowledgeBase, values: dict[str, Any], status: Status, result: Result,
             gained: list[str], lost: list[str]) -> list[str]:
    why = []
    for c in gained:
        why.extend(derived_by(kb, result, c))
    followers = 0
    for c in lost:
        lines = missing_because(kb, values, status, result, c, set(lost) - {c})
        followers += not lines
        why.extend(lines)
    if followers:
        why.append(f"- ... +{followers}: {FOLLOW}")
    return why


FOLLOW = "their rules wait only for the conclusions above"
FOLLOW_RU = "их правила ждут только выводов выше"
CASE_TEXTS = {
    "passed": ("{where}: пройден {case}", "{where}: ok {case}"),
    "failed": ("{where}: НЕ ПРОЙДЕН {case} — {title}", "{where}: FAIL {case} — {title}"),
    "summary": ("Эталонные случаи: пройдено {passed}, не пройдено {failed}.",
                "Cases: {passed} passed, {failed} failed."),
    "legend": ("(+ выведено правилом: его посылки; - не выведено: невыполненные условия правила, "
               "[фактический ответ]; ? неизвестный ответ)",
               "(+ derived by rule: its premises; - not derived: the rule's conditions that failed, "
               "[actual answer]; ? unknown answer)"),
}


def run_case(classifier: Classifier, case: CaseDef, doc: Document) -> CaseOutcome:
    kb = classifier.kb
    outcome = CaseOutcome(case.id, str(doc.path), doc.line_of(("id",)),
                          case.title.model_dump(exclude_none=True))
    expect = case.expect
    raw_expect = doc.data.get("expect", {}) if isinstance(doc.data, dict) else {}
    named = ([expect.direction] if expect.direction else []) + expect.present + expect.absent
    unknown = [c for c in named if c not in kb.conclusions]
    if unknown:
        outcome.mismatches.append(Mismatch("unknown_conclusion", None, unknown))
        return outcome
    try:
        profile = case_profile(kb, case, doc)
    except UserError as exc:
        outcome.mismatches.append(Mismatch("profile", None, [str(p) for p in exc.problems]))
        return outcome
    result = classifier.classify(profile)
    outcome.direction = result.direction
    status = classifier.evaluator.run([profile.values]).row_status(0)
    values = profile.values
    if "direction" in raw_expect and result.direction != expect.direction:
        gained = [result.direction] if result.direction else []
        lost = [expect.direction] if expect.direction else []
        outcome.mismatches.append(Mismatch("direction", expect.direction, result.direction,
                                           _explain(kb, values, status, result, gained, lost)))
    if expect.provisional is not None and result.provisional != expect.provisional:
        why = [f"? {i}" for i in result.clarify]
        outcome.mismatches.append(Mismatch("provisional", expect.provisional, result.provisional, why))
    missing = [c for c in expect.present if not result.has(c)]
    if missing:
        outcome.mismatches.append(Mismatch("present", missing, None, _explain(kb, values, status, result, [], missing)))
    extra = [c for c in expect.absent if result.has(c)]
    if extra:
        outcome.mismatches.append(Mismatch("absent", None, extra, _explain(kb, values, status, result, extra, [])))
    return outcome


def run_cases(classifier: Classifier, folder: Path | str) -> list[CaseOutcome]:
    """Every case of a folder (UserError if the folder or a case file cannot be read)."""
    return [run_case(classifier, case, doc) for case, doc in load_cases(folder)]


MISMATCH_TEXT = {
    "direction": ("направление: ожидалось {expected}, получено {actual}",
                  "direction: expected {expected}, got {actual}"),
    "provisional": ("предварительность: ожидалось {expected}, получено {actual}",
                    "provisional: expected {expected}, got {actual}"),
    "present": ("не выведено, хотя ожидалось: {expected}", "expected but not derived: {expected}"),
    "absent": ("выведено, хотя не должно: {actual}", "derived but should not be: {actual}"),
    "profile": ("профиль не читается: {actual}", "the profile cannot be read: {actual}"),
    "unknown_conclusion": ("ожидания называют неизвестные выводы: {actual}",
                           "the expectations name unknown conclusions: {actual}"),
}


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def render_outcomes(outcomes: list[CaseOutcome], lang: str, verbose: bool = False) -> str:
    lines = []
    follow = choose(FOLLOW_RU, FOLLOW, lang)
    for o in outcomes:
        if o.passed:
            if verbose:
                lines.append(pick(CASE_TEXTS, "passed", lang, where=o.where, case=o.case))
            continue
        title = o.title.get(lang) or o.title["ru"]
        lines.append(pick(CASE_TEXTS, "failed", lang, where=o.where, case=o.case, title=title))
        for m in o.mismatches:
            lines.append("  " + pick(MISMATCH_TEXT, m.what, lang, expected=_show(m.expected), actual=_show(m.actual)))
            lines.extend(f"    {w.replace(FOLLOW, follow)}" for w in m.why)
    failed = sum(1 for o in outcomes if not o.passed)
    passed = len(outcomes) - failed
    lines.append(pick(CASE_TEXTS, "summary", lang, passed=passed, failed=failed))
    if any(not o.passed for o in outcomes):
        lines.append(pick(CASE_TEXTS, "legend", lang))
    return "\n".join(lines)


def outcomes_json(outcomes: list[CaseOutcome]) -> str:
    data = [{**asdict(o), "passed": o.passed} for o in outcomes]
    return json.dumps({"passed": sum(o.passed for o in outcomes), "failed": sum(not o.passed for o in outcomes),
                       "cases": data}, ensure_ascii=False, indent=2)
