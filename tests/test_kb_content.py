"""The bundled knowledge base: every reference case holds, every rule is exercised, coverage of the document."""

from __future__ import annotations

import re
from functools import cache

import pytest

from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import Profile, load_profile, profile_from_document
from expert.result import Result
from expert.rules.loader import load_cases
from expert.rules.schema import CaseDef

CASES_DIR = DEFAULT_KB / "cases"
EXAMPLES = DEFAULT_KB.parent / "examples"
CASES = load_cases(CASES_DIR)

SEN_MEASURES = {  # the nine kinds of help, §6–§14
    "measure_curriculum": 6, "measure_assessment": 7, "measure_methods": 8,
    "measure_materials": 9, "measure_special_help": 10, "measure_assistant": 11,
    "measure_barrier_free": 12, "measure_technical_aids": 13, "measure_social_support": 14,
}
SPECIALISTS_10 = {  # the specialists named in §10
    "specialist_psychologist", "specialist_speech_therapist", "specialist_oligophrenopedagogue",
    "specialist_surdopedagogue", "specialist_typhlopedagogue",
}
DIRECTIONS = {"direction_deviant", "direction_risk_group", "direction_well_off"}
FUNCTIONS = {"function_mediating", "function_diagnostic", "function_prognostic", "function_preventive",
             "function_upbringing_support"}


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return _classifier()


@cache
def _classifier() -> Classifier:
    return Classifier.from_dir(DEFAULT_KB)


@cache
def _results() -> dict[str, Result]:
    clf = _classifier()
    out = {}
    for case, doc in CASES:
        profile = profile_from_document(clf.kb, doc, case.profile, ("profile",))
        out[case.id] = clf.classify(profile)
    return out


def _derived_anywhere() -> set[str]:
    return {c for r in _results().values() for c in r.derived}


@pytest.mark.parametrize("case", [c for c, _ in CASES], ids=[c.id for c, _ in CASES])
def test_reference_case(case: CaseDef) -> None:
    result = _results()[case.id]
    assert result.direction == case.expect.direction, f"{case.id}: direction"
    if case.expect.provisional is not None:
        assert result.provisional == case.expect.provisional, f"{case.id}: provisional"
    missing = [c for c in case.expect.present if c not in result.derived]
    assert not missing, f"{case.id}: expected but not derived: {missing}"
    unexpected = [c for c in case.expect.absent if c in result.derived]
    assert not unexpected, f"{case.id}: derived but expected absent: {unexpected}"


def test_at_least_forty_cases_with_unique_ids_and_profile_ids() -> None:
    assert len(CASES) >= 40
    ids = [c.id for c, _ in CASES]
    assert len(set(ids)) == len(ids)
    pids = [c.profile["id"] for c, _ in CASES]
    assert len(set(pids)) == len(pids)
    assert all(re.fullmatch(r"C-\d{3}", p) for p in pids)
    assert not any("name" in c.profile for c, _ in CASES), "cases carry no names (personal data)"


def test_case_expectations_name_known_conclusions(clf: Classifier) -> None:
    for case, _ in CASES:
        for cid in [*case.expect.present, *case.expect.absent]:
            assert cid in clf.kb.conclusions, f"{case.id}: unknown conclusion {cid}"
        assert case.expect.direction is None or case.expect.direction in DIRECTIONS


def test_every_rule_fires_in_some_case(clf: Classifier) -> None:
    fired = {f.rule for r in _results().values() for f in r.trace if f.kind == "rule"}
    dead = [r.id for r in clf.kb.rules if r.id not in fired]
    assert not dead, f"rules that no reference case fires: {dead}"


def test_every_conclusion_is_derived_in_some_case(clf: Classifier) -> None:
    never = [c for c in clf.kb.conclusions if c not in _derived_anywhere()]
    assert not never, f"conclusions no reference case derives: {never}"


def test_cases_cover_every_direction_provisional_and_no_direction() -> None:
    results = _results().values()
    assert {r.direction for r in results} >= DIRECTIONS | {None}
    assert any(r.provisional and r.direction for r in results)
    assert any(r.provisional and r.direction is None for r in results)
    assert any(not r.provisional for r in results)


def test_every_function_is_reached() -> None:
    assert _derived_anywhere() >= FUNCTIONS


def test_measures_are_the_nine_kinds_of_sen_help(clf: Classifier) -> None:
    measures = {c: d for c, d in clf.kb.conclusions.items() if d.kind == "measure"}
    assert set(measures) == set(SEN_MEASURES)
    for cid, para in SEN_MEASURES.items():
        assert para in measures[cid].source.paragraphs, f"{cid} must cite §{para}"
    assert set(SEN_MEASURES) <= _derived_anywhere()


def test_specialists_include_the_five_of_section_10_and_each_is_reached(clf: Classifier) -> None:
    specialists = {c for c, d in clf.kb.conclusions.items() if d.kind == "specialist"}
    assert specialists >= SPECIALISTS_10
    assert specialists <= _derived_anywhere()


def test_sen_help_is_reached_from_functional_difficulties_alone(clf: Classifier) -> None:
    """Social model (§1–§2): every measure and §10 specialist is reachable with no other answer than
    functional difficulties (no diagnosis, no deviant behaviour or risk factor)."""
    func = [i for i, d in clf.kb.inputs.items() if d.group == "functioning" and d.type == "choice"]
    reached: set[str] = set()
    for inp in func:
        for level in ("some", "a_lot", "cannot"):
            reached |= set(clf.classify(Profile("S", {inp: level})).derived)
    assert set(SEN_MEASURES) <= reached
    assert reached >= SPECIALISTS_10


def test_every_rule_cites_the_document_or_a_named_practice(clf: Classifier) -> None:
    for rule in clf.kb.rules:
        src = rule.definition.source
        assert src.paragraphs or src.practice, rule.id
        assert all(1 <= n <= 34 for n in src.paragraphs), f"{rule.id}: § out of range in {src}"
        assert all(p in clf.kb.practices for p in src.practice), f"{rule.id}: unknown practice in {src}"
        assert rule.definition.title.ru and rule.definition.title.en


def test_every_paragraph_has_a_summary_and_every_practice_is_cited(clf: Classifier) -> None:
    """sources.yaml retells §1–§34 (ru and en) and names only practices something cites."""
    assert sorted(clf.kb.paragraphs) == list(range(1, 35))
    for n, text in clf.kb.paragraphs.items():
        assert text.ru.strip() and text.en.strip(), n
    cited = {p for r in clf.kb.rules for p in r.definition.source.practice}
    cited |= {p for d in clf.kb.conclusions.values() if d.source for p in d.source.practice}
    cited |= {p for s in clf.kb.scores.values() for p in s.definition.source.practice}
    cited |= {p for d in clf.kb.parameters.values() for p in d.borrows_from}
    assert set(clf.kb.practices) == cited


def test_the_social_model_paragraphs_are_not_cited_for_what_they_do_not_say(clf: Classifier) -> None:
    """§17 describes the medico-social view the document moves away from; §10 is help for special
    educational needs, not crisis or bullying work; §34 is about teachers, not the deviant route."""
    for rule in clf.kb.rules:
        paras = set(rule.definition.source.paragraphs)
        assert 17 not in paras, rule.id
        if 10 in paras:
            assert any(clf.kb.kind_of(c) in ("measure", "specialist") for c in rule.then) and \
                rule.id.startswith("sen_"), rule.id
    assert 34 not in clf.kb.rule("route_core").definition.source.paragraphs
    assert 24 not in clf.kb.rule("risk_group_support").definition.source.paragraphs


def test_every_direction_states_its_goal() -> None:
    """§16: support must have clearly stated goals."""
    for result in _results().values():
        if result.direction:
            assert result.by_kind.get("goal"), f"{result.student_id}: a direction without a goal"


def test_precedence_deviant_over_risk_keeps_the_risk_factors() -> None:
    results = _results()
    case_id = next(c.id for c, _ in CASES if "precedence_deviant_over_risk" in c.id)
    r = results[case_id]
    assert r.direction == "direction_deviant"
    assert "direction_risk_group" not in r.derived
    assert {"finding_risk_factors", "target_family_support", "target_academic"} <= set(r.derived)


def test_directions_exclude_each_other(clf: Classifier) -> None:
    for cid in DIRECTIONS:
        assert set(clf.kb.conclusions[cid].excludes) == DIRECTIONS - {cid}
    for result in _results().values():
        assert len(DIRECTIONS & set(result.derived)) <= 1


def test_urgent_flag_appears_whatever_the_direction() -> None:
    with_flag = [r for r in _results().values() if "flag_suicide_risk" in r.derived]
    assert {r.direction for r in with_flag} >= {"direction_deviant", "direction_risk_group"}
    for r in with_flag:
        assert {"activity_crisis_help", "specialist_psychologist", "review_urgent"} <= set(r.derived)


def test_every_recommendation_step_says_who_does_what(clf: Classifier) -> None:
    for cid, d in clf.kb.conclusions.items():
        if d.kind in ("route", "target", "measure", "specialist", "flag"):
            assert d.description is not None, f"{cid}: needs a description saying who does what"


def test_parameters_carry_sources_and_are_all_used(clf: Classifier) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in
                   [DEFAULT_KB / "scores.yaml", *sorted((DEFAULT_KB / "rules").glob("*.yaml"))])
    unused = [p for p in clf.kb.parameters if f"${p}" not in text and not p.startswith("review_")]
    assert not unused, f"parameters no rule or score uses: {unused}"
    assert all(p.convention.ru and p.convention.en for p in clf.kb.parameters.values())


def test_everything_unknown_gives_no_direction_and_does_not_crash(clf: Classifier) -> None:
    result = clf.classify(Profile("S-empty", {}))
    assert result.direction is None and result.provisional
    assert result.clarify


@pytest.mark.parametrize(("name", "direction", "provisional"), [
    ("deviant", "direction_deviant", False),
    ("risk_group", "direction_risk_group", False),
    ("well_off", "direction_well_off", False),
    ("provisional", "direction_well_off", True),
])
def test_examples(clf: Classifier, name: str, direction: str, provisional: bool) -> None:
    result = clf.classify(load_profile(clf.kb, EXAMPLES / f"{name}.yaml"))
    assert result.direction == direction
    assert result.provisional is provisional


def test_only_one_example_carries_a_name(clf: Classifier) -> None:
    names = {n: load_profile(clf.kb, EXAMPLES / f"{n}.yaml").name
             for n in ("deviant", "risk_group", "well_off", "provisional")}
    assert [n for n, v in names.items() if v] == ["risk_group"]
