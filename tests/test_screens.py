"""Screening questions: «нет» to «any difficulty in the family?» answers each family question at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from expert.consult.interview import Interview
from expert.engine import Classifier
from expert.errors import UserError
from expert.facts.profile import load_profile, profile_from_answers, screen_answer
from expert.rules.loader import load_kb
from tests.consult_helpers import BUNDLED_KB, answer_from, classifier

SCREEN = """  - id: screen_family
    group: family
    type: boolean
    changeable: false
    label: {ru: Трудности в семье, en: Family difficulties}
    question: {ru: Есть ли трудности в семье?, en: Any family difficulty?}
    help: {ru: Отборочный вопрос., en: A screening question.}
    when_no: WHEN
"""


def with_screen(kb_dir: Path, when: str) -> Path:
    path = kb_dir / "inputs.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: low_income\n", SCREEN.replace("WHEN", when) + "  - id: low_income\n"),
                    encoding="utf-8")
    return kb_dir


def test_no_fills_the_unanswered_questions_and_keeps_the_explicit_ones(kb_copy: Path) -> None:
    kb = load_kb(with_screen(kb_copy, "{low_income: no, single_parent: no}"))
    assert kb.screens == {"screen_family": {"low_income": False, "single_parent": False}}
    profile = profile_from_answers(kb, "S", {"screen_family": "нет", "offences": "нет", "truancy_share": 0})
    assert profile.values["low_income"] is False and profile.values["single_parent"] is False
    assert Classifier(kb).classify(profile).direction == "direction_well_off"
    yes = profile_from_answers(kb, "S", {"screen_family": "да"})
    assert "low_income" not in yes.values


def test_a_contradiction_with_the_screen_is_an_error_with_its_line(kb_copy: Path, tmp_path: Path) -> None:
    kb = load_kb(with_screen(kb_copy, "{low_income: no, single_parent: no}"))
    bad = tmp_path / "p.yaml"
    bad.write_text("id: S\nanswers:\n  screen_family: нет\n  low_income: да\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_profile(kb, bad)
    assert str(info.value).startswith(f"{bad}:4: answers.low_income: low_income: contradicts the answer «нет»")


def test_screen_definitions_are_checked(kb_copy: Path) -> None:
    with_screen(kb_copy, "{low_income: maybe, ghost: no, screen_family: no}")
    with pytest.raises(UserError) as info:
        load_kb(kb_copy)
    text = str(info.value)
    assert "inputs[3].when_no.low_income: expected yes/no" in text
    assert "unknown input: 'ghost'" in text
    assert "a screening question cannot imply another one: 'screen_family'" in text


def test_the_screen_answer_follows_from_the_specific_answers() -> None:
    kb = classifier(BUNDLED_KB).kb
    implied = kb.screens["screen_crisis"]
    assert screen_answer(kb, "screen_crisis", dict(implied)) is False
    assert screen_answer(kb, "screen_crisis", {"bereavement": True}) is True
    assert screen_answer(kb, "screen_crisis", {"bereavement": False}) is None


def test_the_consultation_asks_the_screen_first_and_skips_what_it_answered() -> None:
    kb = classifier(BUNDLED_KB).kb
    asked = answer_from(Interview(classifier(BUNDLED_KB)), {"screen_family": False, "screen_functioning": False})
    assert "screen_family" in asked and "screen_functioning" in asked
    assert not set(kb.screens["screen_family"]) & set(asked)
    assert not set(kb.screens["screen_functioning"]) & set(asked)
    asked = answer_from(Interview(classifier(BUNDLED_KB)), {"screen_family": True, "low_income": True})
    assert asked.index("screen_family") < asked.index("low_income")


def test_why_on_a_screening_question_says_what_no_answers_then_climbs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from expert.cli import main

    argv = ["consult", "--student", "S-9", "--session", str(tmp_path / "s.json"), "--today", "2026-01-10"]
    res = CliRunner().invoke(main, argv, input="нет\nнет\nпочему\nпочему\n")
    assert "Это отборочный вопрос: ответ «нет» сразу ответит на все вопросы группы (их 8:" in res.output
    assert "Ответ нужен правилу «Насилие в семье — срочная защита ребёнка»" in res.output
