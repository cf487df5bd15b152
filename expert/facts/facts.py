"""The experta fact classes. Facts carry ids only: a student's name never enters the engine."""

from expert.experta_compat import Fact


class Student(Fact):
    """The known answers of one student, one field per input (``Student(truancy_share=12, ...)``).

    Unknown answers are simply absent, so no comparison on them can hold. The student's id and name are
    not in it: the engine never sees who the student is.
    """


class Derived(Fact):
    """A conclusion derived by a rule: ``Derived(id=conclusion_id)``."""


class ScoreTerm(Fact):
    """Term ``term`` of score ``score`` holds (its weight counts)."""


class Score(Fact):
    """The total of a score: ``Score(id=score_id, value=number)``."""
