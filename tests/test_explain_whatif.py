"""What-if: the smallest sets of changes to changeable answers that move a student to another direction.
Every promise is checked by classifying again; minimality and the vocabulary's `changeable` are honoured."""

from __future__ import annotations

from itertools import combinations, product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expert.engine import Classifier
from expert.facts.profile import Profile, load_profile, profile_from_document
from expert.rules.yamlio import read_document
from explain.whatif import candidate_values, what_if, what_if_text
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "explain"
BUNDLED = ROOT / "knowledge_base"


@pytest.fixture(scope="module")
def bundled() -> Classifier:
    return Classifier.from_dir(BUNDLED)


def check_report(classifier: Classifier, profile: Profile, report) -> None:
    """Each suggestion really gives its direction, changes only known changeable answers, and is minimal:
    no smaller set of the same answers (with any candidate values) already gives that direction."""
    kb = classifier.kb
    for s in report.suggestions:
        assert all(kb.inputs[c.input].changeable and c.input in profile.values for c in s.changes)
        assert all(profile.values[c.input] == c.old != c.new for c in s.changes)
        again = classifier.classify(Profile(profile.id, s.apply(profile.values)))
        assert again.direction == s.direction
        inputs = [c.input for c in s.changes]
        for size in range(1, len(inputs)):
            for subset in combinations(inputs, size):
                for values in product(*(candidate_values(kb, i, profile.values[i]) for i in subset)):
                    changed = {**profile.values, **dict(zip(subset, values, strict=True))}
                    assert classifier.classify(Profile(profile.id, changed)).direction != s.direction
    for direction in {s.direction for s in report.suggestions}:
        sizes = {len(s.changes) for s in report.suggestions if s.direction == direction}
        assert len(sizes) == 1  # only the smallest sets
        sets = [frozenset(c.input for c in s.changes) for s in report.suggestions if s.direction == direction]
        assert len(sets) == len(set(sets))


def test_risk_student_overcoming_one_factor_is_well_off(small: Classifier) -> None:
    profile = load_profile(small.kb, FIXTURES / "risk.yaml")
    result = small.classify(profile)
    report = what_if(small, result)
    assert [(s.direction, [(c.input, c.new) for c in s.changes]) for s in report.suggestions] == [
        ("direction_well_off", [("low_income", False)]),
        ("direction_well_off", [("single_parent", False)]),
    ]
    check_report(small, profile, report)
    text = what_if_text(small.kb, result, report)
    assert "→ учащийся был бы: Социально благополучный" in text
    assert "если бы «Малообеспеченность» — нет (сейчас: да)" in text


def test_inputs_marked_unchangeable_are_never_changed(kb_copy: Path) -> None:
    inputs = kb_copy / "inputs.yaml"
    text = inputs.read_text(encoding="utf-8")
    inputs.write_text(text.replace("    help: {ru: Один родитель., en: One parent.}\n",
                                   "    help: {ru: Один родитель., en: One parent.}\n    changeable: false\n"),
                      encoding="utf-8")
    classifier = Classifier.from_dir(kb_copy)
    profile = load_profile(classifier.kb, FIXTURES / "risk.yaml")
    result = classifier.classify(profile)
    report = what_if(classifier, result)
    assert [[c.input for c in s.changes] for s in report.suggestions] == [["low_income"]]
    assert report.fixed == ["single_parent"]
    assert "Неизменяемые признаки (не рассматривались): Неполная семья" in what_if_text(classifier.kb, result, report)


def test_deviant_student_needs_two_changes_to_be_well_off(small: Classifier) -> None:
    profile = load_profile(small.kb, FIXTURES / "deviant.yaml")
    result = small.classify(profile)
    report = what_if(small, result)
    to_well_off = [s for s in report.suggestions if s.direction == "direction_well_off"]
    assert {frozenset(c.input for c in s.changes) for s in to_well_off} == {
        frozenset({"truancy_share", "low_income"}), frozenset({"truancy_share", "single_parent"})}
    assert [c.new for c in to_well_off[0].changes if c.input == "truancy_share"] == [9]
    check_report(small, profile, report)
    assert "offences" not in {c.input for s in report.suggestions for c in s.changes}  # unknown: never assumed


def test_unreachable_direction_is_reported(small: Classifier) -> None:
    profile = Profile("X-9", {"truancy_share": 20, "offences": True})
    result = small.classify(profile)
    report = what_if(small, result, ["direction_well_off"], max_size=1)
    assert report.suggestions == [] and report.missing == ["direction_well_off"]
    assert "не найдено" in what_if_text(small.kb, result, report, max_size=1)


VALUES = {
    "truancy_share": st.integers(0, 100),
    "offences": st.booleans(),
    "substances": st.frozensets(st.sampled_from(["alcohol", "tobacco", "none"])),
    "low_income": st.booleans(),
    "single_parent": st.booleans(),
    "family_support": st.sampled_from(["strong", "weak"]),
}
profiles = st.fixed_dictionaries({}, optional=VALUES)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=profiles)
def test_every_suggestion_keeps_its_promise(small: Classifier, values: dict) -> None:
    profile = Profile("H-1", values)
    result = small.classify(profile)
    directions = [d for d in ("direction_deviant", "direction_risk_group", "direction_well_off")
                  if d != result.direction]
    check_report(small, profile, what_if(small, result, directions))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=profiles)
def test_evaluator_derives_what_the_engine_derives(small: Classifier, values: dict) -> None:
    derived, scores, _ = small.run_engine(values)
    ev = small.evaluator.run([values])
    assert (ev.derived(0), ev.scores(0)) == (derived, scores)


def test_evaluator_matches_the_engine_on_every_reference_case(bundled: Classifier) -> None:
    for path in sorted((BUNDLED / "cases").glob("*.yaml")):
        doc = read_document(path)
        values = profile_from_document(bundled.kb, doc, doc.data["profile"], ("profile",)).values
        derived, scores, _ = bundled.run_engine(values)
        ev = bundled.evaluator.run([values])
        assert (ev.derived(0), ev.scores(0)) == (derived, scores), path.name


@pytest.mark.parametrize("name", ["risk_bundled.yaml", "../../../examples/risk_group.yaml"])
def test_bundled_kb_suggestions_keep_their_promise(bundled: Classifier, name: str) -> None:
    profile = load_profile(bundled.kb, (FIXTURES / name).resolve())
    result = bundled.classify(profile)
    report = what_if(bundled, result)
    assert "orphan_guardianship" in report.fixed
    for s in report.suggestions:
        assert bundled.classify(Profile(profile.id, s.apply(profile.values))).direction == s.direction
    if Path(name).name == "risk_bundled.yaml":
        assert [(s.direction, [(c.input, c.new) for c in s.changes]) for s in report.suggestions] == [
            ("direction_well_off", [("single_parent", False)])]
