"""Shared helpers of the consultation tests: the fixture KB and answering an interview from a profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from expert.consult.interview import Interview
from expert.engine import Classifier
from expert.facts.profile import screen_answer

ROOT = Path(__file__).resolve().parent.parent
CONSULT_KB = ROOT / "tests" / "fixtures" / "consult" / "kb"
BUNDLED_KB = ROOT / "knowledge_base"

_classifiers: dict[Path, Classifier] = {}


def classifier(path: Path) -> Classifier:
    if path not in _classifiers:
        _classifiers[path] = Classifier.from_dir(path)
    return _classifiers[path]


def answer_from(interview: Interview, values: dict[str, Any]) -> list[str]:
    """Run the interview answering from ``values`` (a missing answer is «не знаю»); the questions asked."""
    asked = []
    while True:
        _phase, question = interview.next_question()
        if question is None:
            return asked
        asked.append(question)
        if question in interview.kb.screens and question not in values:
            interview.answer(question, screen_answer(interview.kb, question, values))
        else:
            interview.answer(question, values.get(question))
