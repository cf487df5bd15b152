"""The interview asks only what can still change a conclusion, and ends where classify would."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from expert.consult.commands import how_text, why_text
from expert.consult.interview import Interview
from expert.facts.profile import Profile, apply_screens, profile_from_answers, screen_conflicts
from expert.rules.loader import load_cases
from tests.consult_helpers import BUNDLED_KB, CONSULT_KB, answer_from, classifier


def interview(kb=CONSULT_KB) -> Interview:
    return Interview(classifier(kb))


def test_urgent_signals_come_first_then_the_direction():
    iv = interview()
    phase, first = iv.next_question()
    assert (phase, first) == ("flag", "self_harm")
    iv.answer("self_harm", False)
    phase, _ = iv.next_question()
    assert phase == "direction"


def test_a_question_that_no_longer_matters_is_skipped():
    # Without low income the family cannot be in a difficult situation: single parenthood changes nothing.
    asked = answer_from(interview(), {"low_income": False})
    assert "low_income" in asked and "single_parent" not in asked
    # Once offences settle the direction, the protective factor (it only weighs the risk-group danger) is moot.
    asked = answer_from(interview(), {"offences": True, "low_income": True, "single_parent": True})
    assert "offences" in asked and "supportive_family" not in asked


def test_follow_up_on_a_difficulty_only_when_one_was_reported():
    no_difficulty = answer_from(interview(), {"func_learning": "none"})
    assert "func_learning" in no_difficulty and "func_learning_support" not in no_difficulty
    difficulty = answer_from(interview(), {"func_learning": "a_lot"})
    assert difficulty.index("func_learning_support") == difficulty.index("func_learning") + 1


def test_unknown_answers_are_never_asked_again():
    asked = answer_from(interview(), {})
    assert len(asked) == len(set(asked))
    assert "offences" in asked


def test_protective_factor_only_when_the_danger_is_in_doubt():
    settled_low = answer_from(interview(), {"offences": False, "truancy_share": 0, "substances": frozenset(),
                                            "low_income": False, "func_learning": "none"})
    assert "supportive_family" not in settled_low
    in_doubt = answer_from(interview(), {"offences": False, "truancy_share": 0, "substances": frozenset(),
                                         "low_income": True, "single_parent": True, "func_learning": "none"})
    assert "supportive_family" in in_doubt


def _same(consulted, full) -> None:
    for field in ("derived", "direction", "provisional", "by_kind", "provisional_conclusions", "possible",
                  "clarify"):
        assert getattr(consulted, field) == getattr(full, field), field


def _cases(kb_dir) -> list[Any]:
    folder = kb_dir / "cases"
    if not folder.is_dir() or not any(folder.iterdir()):
        return []
    return [pytest.param(kb_dir, case, id=f"{kb_dir.name}-{case.id}") for case, _doc in load_cases(folder)]


@pytest.mark.parametrize(("kb_dir", "case"), _cases(CONSULT_KB) + _cases(BUNDLED_KB))
def test_reference_case_consultation_reaches_the_classification(kb_dir, case):
    c = classifier(kb_dir)
    profile = profile_from_answers(c.kb, str(case.profile["id"]), case.profile.get("answers", {}))
    iv = Interview(c)
    asked = answer_from(iv, profile.values)
    _same(iv.result(profile.id), c.classify(profile))
    assert len(asked) == len(set(asked))


def _value(inp):
    if inp.type == "boolean":
        return st.booleans()
    if inp.type == "integer":
        return st.integers(inp.min, inp.max)
    if inp.type == "choice":
        return st.sampled_from(inp.option_ids())
    return st.frozensets(st.sampled_from(inp.option_ids()))


def _profiles(kb_dir):
    kb = classifier(kb_dir).kb
    return st.fixed_dictionaries({}, optional={k: _value(i) for k, i in kb.inputs.items()})


@pytest.mark.parametrize("kb_dir", [CONSULT_KB, BUNDLED_KB], ids=["fixture", "bundled"])
def test_any_profile_consultation_reaches_the_classification(kb_dir):
    c = classifier(kb_dir)

    examples = 60 if kb_dir == CONSULT_KB else 15  # a bundled-KB consultation takes ~0.5 s

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_profiles(kb_dir))
    def check(values: dict[str, Any]) -> None:
        assume(not screen_conflicts(c.kb, values))  # such a profile is refused before any consultation
        iv = Interview(c)
        answer_from(iv, values)
        _same(iv.result("S"), c.classify(Profile("S", apply_screens(c.kb, values))))

    check()


def test_why_climbs_the_chain_of_goals_up_to_the_direction():
    iv = interview()
    for k, v in {"self_harm": False, "offences": False, "truancy_share": 0, "substances": frozenset(),
                 "func_learning": "none", "low_income": True}.items():
        iv.answer(k, v)
    phase, question = iv.next_question()
    assert question == "single_parent"
    chain = iv.why_chain(question, phase)
    assert [link.rule.id for link in chain] == ["family_difficult", "risk"]
    first = why_text(iv, chain, 0, "ru")
    assert "«Семья в трудной ситуации» (§20; family_difficult)" in first
    assert "Малообеспеченность: да ✓" in first and "Неполная семья: да ?" in first
    second = why_text(iv, chain, 1, "ru")
    assert "правилу «Группа риска»" in second and "«Группа риска»" in second.splitlines()[-1]
    assert "одна из целей консультации: определить направление" in why_text(iv, chain, 2, "ru")
    assert why_text(iv, chain, 3, "en").startswith("There is nothing above the goals")


def test_how_shows_the_rule_and_premises_of_each_current_conclusion():
    iv = interview()
    before = how_text(iv, "ru")
    assert "- «Социально благополучный» [предварительно]" in before
    assert ("← Благополучный (§21); из: не установлено: «Девиантное поведение»; "
            "не установлено: «Группа риска»") in before
    iv.answer("offences", True)
    after = how_text(iv, "en")
    assert "- «Deviant behaviour»\n" in after
    assert "← Deviant behaviour (§19); from: Offences: yes" in after
    assert "Socially well-off" not in after


@pytest.mark.parametrize("strategy", ["order", "impact"])
def test_every_strategy_reaches_the_classification(strategy):
    c = classifier(CONSULT_KB)
    for case, _doc in load_cases(CONSULT_KB / "cases"):
        profile = profile_from_answers(c.kb, str(case.profile["id"]), case.profile["answers"])
        iv = Interview(c, strategy=strategy)
        answer_from(iv, profile.values)
        _same(iv.result(profile.id), c.classify(profile))


def test_why_condition_keeps_the_branch_about_the_question_and_counts_the_rest():
    from expert.describe import describe
    from expert.rules.conditions import AnyOf, Cmp

    iv = interview()
    iv.answer("offences", False)
    cond = AnyOf((Cmp("offences", "=", True), Cmp("low_income", "=", True), Cmp("single_parent", "=", True),
                  Cmp("truancy_share", ">=", 10), Cmp("func_learning", "in", frozenset({"some", "a_lot"}))))
    text = describe(cond, iv.kb, "ru", iv.status(), focus={"single_parent"})
    assert text == "Неполная семья: да ? или … ещё 4 условия ✗1 ?3"
    full = describe(cond, iv.kb, "en", iv.status())
    assert full.startswith("Offences: yes ✗ or Low income: yes ? or Single parent: yes ? or "
                           "Share of days missed ≥ 10 % ? or ")
    assert full.endswith("Difficulty learning: one of “Some difficulty”, “A lot of difficulty” ?")
