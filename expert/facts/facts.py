"""The experta fact classes. Facts carry ids only: a student's name never enters the engine."""

from expert.experta_compat import Fact


class Input(Fact):
    """A known answer: ``Input(id=input_id, value=value)``. Unknown answers are not declared."""


class Derived(Fact):
    """A conclusion derived by a rule: ``Derived(id=conclusion_id)``."""


class ScoreTerm(Fact):
    """Term ``term`` of score ``score`` holds (its weight counts)."""


class Score(Fact):
    """The total of a score: ``Score(id=score_id, value=number)``."""
