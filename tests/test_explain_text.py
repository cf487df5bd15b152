"""HOW, WHY NOT and condition descriptions on crafted cases."""

from __future__ import annotations

import pytest

from expert.describe import describe, format_value
from expert.engine import Classifier
from expert.evaluator import Tri
from expert.facts.profile import load_profile
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, FactIs, Not, ScoreCmp
from explain.how import how_text
from explain.whynot import why_not, why_not_text
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "explain"


def result_of(classifier: Classifier, name: str):
    return classifier.classify(load_profile(classifier.kb, FIXTURES / f"{name}.yaml"))


def test_how_goes_from_each_conclusion_down_to_the_answers(small: Classifier) -> None:
    text = how_text(small.kb, result_of(small, "deviant"))
    lines = text.splitlines()
    top = lines.index("Направление: Девиантное поведение  [правило «Девиантное поведение», §19]")
    assert lines[top + 1].strip() == ("└─ Систематические прогулы  [правило «Прогулы по доле пропусков», "
                                      "§19; практика: chronic absence]")
    assert lines[top + 2].strip() == "└─ Доля пропусков: 12 (ответ)"
    # the score shows its weighted terms, each down to the answers
    assert "Нагрузка риска = 2  [§20]" in text and "+2" in text and "Малообеспеченность: да (ответ)" in text
    # a fact shown once is referred to afterwards
    assert "Систематические прогулы (см. выше)" in text


def test_how_shows_negated_premises_and_one_conclusion(small: Classifier) -> None:
    result = result_of(small, "well_off")
    text = how_text(small.kb, result, "en", "direction_well_off")
    assert "Direction: Socially well-off  [rule “Well-off”, §21, §27]" in text
    assert "not established: Deviant behaviour" in text and "not established: Risk group" in text
    assert "was not reached" in how_text(small.kb, result, "en", "direction_deviant")


def test_why_not_reports_each_condition_with_the_students_value(small: Classifier) -> None:
    result = result_of(small, "risk")
    [check] = why_not(small.kb, result, "direction_deviant")
    assert check.rule == "deviant" and check.status is Tri.FALSE and not check.fired
    truancy, offences = check.condition.parts
    assert (truancy.status, truancy.actual) == (Tri.FALSE, "не установлено")
    assert (offences.status, offences.text, offences.actual) == (Tri.FALSE, "Правонарушения: да", "нет")
    text = why_not_text(small.kb, result, "direction_deviant")
    assert "✗ Правонарушения: да — у учащегося: нет" in text
    assert "(→ --why-not finding_truancy)" in text


def test_why_not_says_unknown_when_an_answer_is_missing(small: Classifier) -> None:
    result = result_of(small, "unknown_offences")
    [check] = why_not(small.kb, result, "direction_deviant", "en")
    assert check.status is Tri.UNKNOWN
    offences = check.condition.parts[1]
    assert (offences.status, offences.actual) == (Tri.UNKNOWN, "unknown")
    assert "the rule could fire: answers are missing" in why_not_text(small.kb, result, "direction_deviant", "en")


def test_why_not_on_negation_and_on_a_conclusion_that_holds(small: Classifier) -> None:
    result = result_of(small, "deviant")
    [check] = why_not(small.kb, result, "direction_risk_group")
    finding, not_deviant = check.condition.parts
    assert finding.status is Tri.TRUE and not_deviant.status is Tri.FALSE
    assert not_deviant.text == "не установлено: «Девиантное поведение»" and not_deviant.actual == "установлено"
    text = why_not_text(small.kb, result, "direction_deviant")
    assert "получен" in text and "правило сработало" in text


@pytest.mark.parametrize(("cond", "lang", "expected"), [
    (Cmp("truancy_share", ">=", 10, "chronic_absence_percent"), "ru",
     "Доля пропусков ≥ 10 (Порог прогулов)"),
    (Cmp("offences", "!=", True), "en", "Offences: no"),
    (Cmp("family_support", "=", "weak"), "en", "Family support = “Weak”"),
    (Cmp("family_support", "in", frozenset({"weak", "strong"})), "ru", "Поддержка семьи: одно из «Сильная», «Слабая»"),
    (Cmp("substances", "has", frozenset({"alcohol"})), "en", "Substance use: includes “Alcohol”"),
    (Cmp("substances", "lacks", frozenset({"tobacco", "alcohol"})), "ru",
     "Употребление ПАВ: не отмечено ни одно из «Алкоголь», «Табак»"),
    (ScoreCmp("risk_load", ">=", 2, "danger_high_at"), "en", "Risk load ≥ 2 (High danger threshold)"),
    (Not(FactIs("direction_deviant")), "en", "not established: “Deviant behaviour”"),
    (AtLeast(2, (Cmp("low_income", "=", True), AnyOf((Cmp("offences", "=", True), FactIs("finding_truancy"))))),
     "en", "at least 2 of: Low income: yes; (Offences: yes or established: “Systematic truancy”)"),
    (Not(All((Cmp("low_income", "=", True), Cmp("single_parent", "=", True)))), "ru",
     "неверно, что (Малообеспеченность: да и Неполная семья: да)"),
])
def test_describe(small: Classifier, cond, lang: str, expected: str) -> None:
    assert describe(cond, small.kb, lang) == expected


def test_format_value(small: Classifier) -> None:
    kb = small.kb
    assert format_value(kb, "substances", frozenset({"tobacco", "alcohol"}), "ru") == "Алкоголь, Табак"
    assert format_value(kb, "substances", frozenset(), "en") == "nothing selected"
    assert format_value(kb, "offences", None, "ru") == "неизвестно"


def test_how_gives_one_branch_per_rule_when_several_concluded_it(small: Classifier) -> None:
    from expert.facts.profile import Profile

    result = small.classify(Profile("X-6", {"truancy_share": 30, "offences": True}))
    lines = how_text(small.kb, result, "en", "direction_deviant").splitlines()
    assert lines[2] == "Direction: Deviant behaviour"
    assert [line for line in lines if "[rule “Deviant behaviour”, §19]" in line] == [
        "   ├─ [rule “Deviant behaviour”, §19]", "   └─ [rule “Deviant behaviour”, §19]"]
    assert lines[-1] == "      └─ Offences: yes (answer)"
    assert "Share of days missed: 30 (answer)" in "\n".join(lines)
