"""Pydantic models of the knowledge-base files: the one description of their shape."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from expert.answer_words import fold
from expert.guard import check_number_value
from expert.i18n import fallback

ID_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"  # no "__": experta reads it as a nested accessor

CONCLUSION_KINDS = (
    "flag", "direction", "function", "activity", "who", "goal", "finding", "prognosis",
    "route", "target", "measure", "specialist", "review",
)
ConclusionKind = Literal[
    "flag", "direction", "function", "activity", "who", "goal", "finding", "prognosis",
    "route", "target", "measure", "specialist", "review",
]
InputType = Literal["boolean", "integer", "choice", "multi"]
# Finite and at most guard.MAX_MAGNITUDE: a weight of 10**400 would overflow every float sum made of it.
Number = Annotated[int | float, AfterValidator(check_number_value)]
NumberOrParam = Number | str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Strict):
    """A text users read: Russian, English and Kazakh (``kb check`` reports a missing Kazakh text)."""

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)
    kk: str | None = Field(default=None, min_length=1)

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "kk":
            return self.kk or fallback(self.ru)
        return self.ru

    def all(self) -> tuple[str, ...]:
        """Every version of the text, for matching what a person typed in any language."""
        return (self.ru, self.en) + ((self.kk,) if self.kk else ())


class Group(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text


def answer_key(text: str) -> str:
    """How an answer is compared with option names: case-, ё/е- and spacing-insensitive; Kazakh letters fold
    to their Russian look-alikes (keyboards without ә, і, ң, ғ, қ, ө, ұ, ү, һ)."""
    return fold(text)


class Synonyms(Strict):
    """Other words people write for an option («вейпы» for «Табак, вейпы, насвай»), per language."""

    ru: list[str] = []
    en: list[str] = []
    kk: list[str] = []

    def all(self) -> list[str]:
        return [*self.ru, *self.en, *self.kk]


class Option(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    synonyms: Synonyms | None = None

    def names(self) -> list[str]:
        """Every spelling that names this option: id, titles, synonyms."""
        titles = [v for v in self.title.model_dump().values() if isinstance(v, str)]
        return [self.id, *titles, *(self.synonyms.all() if self.synonyms else [])]


class InputDef(Strict):
    id: str = Field(pattern=ID_PATTERN)
    group: str
    type: InputType
    label: Text
    question: Text
    help: Text
    min: int | None = None
    max: int | None = None
    unit: Text | None = None
    options: list[Option] | None = None
    changeable: bool = True
    when_no: dict[str, Any] | None = None  # a screening question: «нет» answers these inputs too
    support: str | None = None  # a functional difficulty: the boolean input "is the help it needs provided?"
    status: bool = False  # a status (disability, illness), never by itself a risk factor (kb check KB070)

    @model_validator(mode="after")
    def _type_fields(self) -> InputDef:
        if self.type == "integer":
            if self.min is None or self.max is None:
                raise ValueError("an integer input needs both 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"'min' ({self.min}) is greater than 'max' ({self.max})")
        elif self.min is not None or self.max is not None:
            raise ValueError(f"'min'/'max' apply to integer inputs only, not to {self.type}")
        if self.type in ("choice", "multi"):
            if not self.options:
                raise ValueError(f"a {self.type} input needs a non-empty 'options' list")
            ids = [o.id for o in self.options]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"duplicate option id(s): {', '.join(dup)}")
            owner: dict[str, str] = {}
            for o in self.options:
                for name in o.names():
                    if owner.setdefault(answer_key(name), o.id) != o.id:
                        raise ValueError(f"{name!r} names two options: {owner[answer_key(name)]} and {o.id}")
        elif self.options is not None:
            raise ValueError(f"'options' apply to choice/multi inputs only, not to {self.type}")
        if self.when_no is not None and (self.type != "boolean" or not self.when_no):
            raise ValueError("'when_no' needs a boolean input and a non-empty mapping of input: value")
        if self.support is not None and self.type != "choice":
            raise ValueError("'support' applies to choice inputs (a difficulty whose first option is 'no difficulty')")
        if self.status and self.type != "boolean":
            raise ValueError("'status' applies to boolean inputs only")
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options or []]


class SourceRef(Strict):
    """What a rule, conclusion or score rests on: paragraphs of the source document (§1–§34, only where the
    paragraph says what the rule does) and named practices from the catalogue in ``sources.yaml``."""

    paragraphs: list[int] = []
    practice: list[str] = []

    @model_validator(mode="after")
    def _cites_something(self) -> SourceRef:
        if not self.paragraphs and not self.practice:
            raise ValueError("a source cites at least one paragraph (paragraphs: [N]) or practice (practice: [id])")
        return self

    def __str__(self) -> str:
        parts = [", ".join(f"§{n}" for n in self.paragraphs)] if self.paragraphs else []
        if self.practice:
            parts.append("practice: " + ", ".join(self.practice))
        return "; ".join(parts)


class ParagraphDef(Strict):
    """One paragraph of the source document in our own words (never a quotation)."""

    n: int = Field(ge=1)
    summary: Text


class PracticeDef(Strict):
    """A named practice the knowledge base borrows from where the document is silent."""

    id: str = Field(pattern=ID_PATTERN)
    title: Text


class SourcesFile(Strict):
    paragraphs: list[ParagraphDef]
    practices: list[PracticeDef]


class InputsFile(Strict):
    groups: list[Group]
    inputs: list[InputDef]


class ConclusionDef(Strict):
    id: str = Field(pattern=ID_PATTERN)
    kind: ConclusionKind
    title: Text
    description: Text | None = None
    source: SourceRef | None = None
    excludes: list[str] = []
    period_days: NumberOrParam | None = None  # review conclusions: days until the review

    @model_validator(mode="after")
    def _period_for_review_only(self) -> ConclusionDef:
        if self.period_days is not None and self.kind != "review":
            raise ValueError("'period_days' applies to conclusions of kind 'review' only")
        return self


class ConclusionsFile(Strict):
    conclusions: list[ConclusionDef]


class ParameterDef(Strict):
    """A number the knowledge base chose itself (the document gives no numbers): ``convention`` says why,
    ``borrows_from`` names the practices it follows."""

    id: str = Field(pattern=ID_PATTERN)
    value: Number
    title: Text
    convention: Text
    borrows_from: list[str] = []
    unit: Text | None = None


class ParametersFile(Strict):
    parameters: list[ParameterDef]


class ScoreTermDef(Strict):
    when: Any
    weight: NumberOrParam
    title: Text | None = None


class ScoreDef(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    source: SourceRef
    terms: list[ScoreTermDef] = Field(min_length=1)


class ScoresFile(Strict):
    scores: list[ScoreDef]


SOURCE_PATTERN = re.compile(r"§\s*(\d+)")


class RuleDef(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    source: SourceRef
    when: Any
    then: list[str] = Field(min_length=1)
    description: Text | None = None


class RulesFile(Strict):
    rules: list[RuleDef]


class CaseExpect(Strict):
    direction: str | None = None
    provisional: bool | None = None
    present: list[str] = []
    absent: list[str] = []


class CaseDef(Strict):
    id: str = Field(min_length=1)
    title: Text
    profile: dict[str, Any]
    expect: CaseExpect
