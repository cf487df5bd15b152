"""The declarative condition language: parsing from YAML data, negation normal form, atom semantics.

Nothing here is evaluated as code: a condition is a small tree of frozen dataclasses.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Union

from expert.rules.schema import InputDef

NUMERIC_OPS = ("=", "!=", "<", "<=", ">", ">=")
OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "boolean": ("=", "!="),
    "integer": (*NUMERIC_OPS, "in", "not_in"),
    "choice": ("=", "!=", "in", "not_in"),
    "multi": ("has", "lacks"),
}
COMPLEMENT = {"=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
              "in": "not_in", "not_in": "in", "has": "lacks", "lacks": "has"}
YES_WORDS = {"yes", "true", "да"}
NO_WORDS = {"no", "false", "нет"}


@dataclass(frozen=True)
class Cmp:
    """A comparison on one input; ``param`` names the parameter the value came from, if any."""

    input: str
    op: str
    value: Any
    param: str | None = None


@dataclass(frozen=True)
class ScoreCmp:
    score: str
    op: str
    value: float
    param: str | None = None


@dataclass(frozen=True)
class FactIs:
    fact: str


@dataclass(frozen=True)
class FactNot:
    """Negation as failure on a derived fact (only appears after ``nnf``)."""

    fact: str


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class AtLeast:
    n: int
    items: tuple[Condition, ...]
    param: str | None = None


Condition = Union[Cmp, ScoreCmp, FactIs, FactNot, All, AnyOf, Not, AtLeast]  # noqa: UP007
TRUE = All(())
FALSE = AnyOf(())


# The one operator table: what each comparison means on a known value. The vectorised evaluator applies
# the same functions to whole columns (the six numeric ones work on numpy arrays as they are; sets are
# encoded there as option codes and bit masks, and "in"/"has" become membership tests).
OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "has": lambda a, b: bool(a & b), "lacks": lambda a, b: not (a & b),
}


def compare(op: str, actual: Any, expected: Any) -> bool:
    """Semantics of one comparison on a known value."""
    fn = OPERATORS.get(op)
    if fn is None:
        raise ValueError(f"unknown operator {op!r}")
    return fn(actual, expected)


def holds_on_known(cond: Condition, values: Any) -> bool:
    """Whether a condition in negation normal form holds on the known answers ``values``, the engine's
    reading: a comparison on an unknown answer holds neither way; derived facts and scores count as absent
    (the engine matches those as patterns, this is for the parts that read answers only)."""
    if isinstance(cond, Cmp):
        return cond.input in values and compare(cond.op, values[cond.input], cond.value)
    if isinstance(cond, All):
        return all(holds_on_known(c, values) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds_on_known(c, values) for c in cond.items)
    if isinstance(cond, AtLeast):
        return sum(holds_on_known(c, values) for c in cond.items) >= cond.n
    if isinstance(cond, FactNot):
        return True
    if isinstance(cond, FactIs | ScoreCmp):
        return False
    raise TypeError(cond)


def supporting_inputs(cond: Condition, values: Any) -> list[str]:
    """The answers that make a condition (negation normal form) true: for ``any``/``at_least`` only the
    items that hold."""
    out: list[str] = []

    def visit(c: Condition) -> None:
        if isinstance(c, Cmp):
            if holds_on_known(c, values):
                out.append(c.input)
        elif isinstance(c, All):
            for item in c.items:
                visit(item)
        elif isinstance(c, AnyOf | AtLeast):
            for item in c.items:
                if holds_on_known(item, values):
                    visit(item)

    visit(cond)
    return list(dict.fromkeys(out))


def predicate(op: str, expected: Any) -> Callable[[Any], bool]:
    """``compare`` with a fixed operator and expected value, as an experta ``P`` predicate on a score."""

    def check(actual: Any) -> bool:
        return compare(op, actual, expected)

    return check


def nnf(cond: Condition, negate: bool = False) -> Condition:
    """Push negations down to atoms. Sound under three-valued (Kleene) logic:
    the complement of an atom on an unknown input is unknown too."""
    if isinstance(cond, Not):
        return nnf(cond.item, not negate)
    if isinstance(cond, Cmp):
        return Cmp(cond.input, COMPLEMENT[cond.op], cond.value, cond.param) if negate else cond
    if isinstance(cond, ScoreCmp):
        return ScoreCmp(cond.score, COMPLEMENT[cond.op], cond.value, cond.param) if negate else cond
    if isinstance(cond, FactIs):
        return FactNot(cond.fact) if negate else cond
    if isinstance(cond, FactNot):
        return FactIs(cond.fact) if negate else cond
    if isinstance(cond, All):
        items = tuple(nnf(c, negate) for c in cond.items)
        return AnyOf(items) if negate else All(items)
    if isinstance(cond, AnyOf):
        items = tuple(nnf(c, negate) for c in cond.items)
        return All(items) if negate else AnyOf(items)
    if isinstance(cond, AtLeast):
        if negate:  # fewer than n hold  <=>  at least k-n+1 do not hold
            return AtLeast(len(cond.items) - cond.n + 1, tuple(nnf(c, True) for c in cond.items), cond.param)
        return AtLeast(cond.n, tuple(nnf(c) for c in cond.items), cond.param)
    raise TypeError(cond)


def walk(cond: Condition) -> Iterator[Condition]:
    yield cond
    if isinstance(cond, All | AnyOf | AtLeast):
        for c in cond.items:
            yield from walk(c)
    elif isinstance(cond, Not):
        yield from walk(cond.item)


def inputs_of(cond: Condition) -> list[str]:
    return list(dict.fromkeys(c.input for c in walk(cond) if isinstance(c, Cmp)))


def facts_of(cond: Condition) -> list[tuple[str, bool]]:
    """Derived facts a condition reads, each with whether it is read under negation."""
    out: dict[tuple[str, bool], None] = {}
    for c in walk(nnf(cond)):
        if isinstance(c, FactIs):
            out[(c.fact, False)] = None
        elif isinstance(c, FactNot):
            out[(c.fact, True)] = None
    return list(out)


def scores_of(cond: Condition) -> list[str]:
    return list(dict.fromkeys(c.score for c in walk(cond) if isinstance(c, ScoreCmp)))


# --- parsing -------------------------------------------------------------------------------------

@dataclass
class Vocabulary:
    """What a condition may refer to; filled by the loader."""

    inputs: dict[str, InputDef]
    conclusions: set[str]
    scores: set[str]
    parameters: dict[str, float | int]


class ConditionError(Exception):
    """One or more problems in a condition, each with its location."""

    def __init__(self, loc: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.errors: list[tuple[tuple[str | int, ...], str]] = [(loc, message)]


def normalize_value(inp: InputDef, raw: Any) -> Any:
    """A profile or KB value for ``inp`` in its canonical type; raises ValueError with a reason."""
    if inp.type == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in YES_WORDS:
            return True
        if isinstance(raw, str) and raw.strip().lower() in NO_WORDS:
            return False
        raise ValueError(f"expected yes/no (да/нет), got {raw!r}")
    if inp.type == "integer":
        value = raw
        if isinstance(raw, str):
            text = raw.strip().replace(",", ".")
            try:
                value = float(text) if "." in text else int(text)
            except ValueError:
                raise ValueError(f"expected a whole number, got {raw!r}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a whole number, got {raw!r}")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"expected a whole number, got {raw!r}")
            value = int(value)
        if not (inp.min <= value <= inp.max):  # type: ignore[operator]
            raise ValueError(f"{value} is out of range {inp.min}..{inp.max}")
        return value
    options = inp.option_ids()
    if inp.type == "choice":
        if not isinstance(raw, str) or raw.strip() not in options:
            raise ValueError(f"{raw!r} is not one of: {', '.join(options)}")
        return raw.strip()
    items = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    bad = [x for x in items if not isinstance(x, str) or x.strip() not in options]
    if bad:
        raise ValueError(f"{bad[0]!r} is not one of: {', '.join(options)}")
    return frozenset(x.strip() for x in items)


class ConditionParser:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab

    def _param(self, raw: Any, loc: tuple[str | int, ...]) -> tuple[Any, str | None]:
        if isinstance(raw, str) and raw.startswith("$"):
            name = raw[1:]
            if name not in self.vocab.parameters:
                raise ConditionError(loc, f"unknown parameter {raw!r}")
            return self.vocab.parameters[name], name
        return raw, None

    def parse(self, raw: Any, loc: tuple[str | int, ...] = ()) -> Condition:
        if not isinstance(raw, dict) or not raw:
            raise ConditionError(loc, "a condition must be a mapping such as {input: ..., op: ..., value: ...}")
        keys = set(raw)
        if keys == {"all"} or keys == {"any"}:
            key = next(iter(keys))
            items = raw[key]
            if not isinstance(items, list) or not items:
                raise ConditionError((*loc, key), f"'{key}' needs a non-empty list of conditions")
            parsed = self._parse_all([(c, (*loc, key, i)) for i, c in enumerate(items)])
            return All(parsed) if key == "all" else AnyOf(parsed)
        if keys == {"not"}:
            return Not(self.parse(raw["not"], (*loc, "not")))
        if keys == {"at_least", "of"}:
            n, param = self._param(raw["at_least"], (*loc, "at_least"))
            items = raw["of"]
            if not isinstance(items, list) or not items:
                raise ConditionError((*loc, "of"), "'of' needs a non-empty list of conditions")
            if isinstance(n, bool) or not isinstance(n, int) or not (1 <= n <= len(items)):
                raise ConditionError((*loc, "at_least"), f"'at_least' must be a whole number 1..{len(items)}")
            return AtLeast(n, self._parse_all([(c, (*loc, "of", i)) for i, c in enumerate(items)]), param)
        if keys == {"fact"}:
            fact = raw["fact"]
            if fact not in self.vocab.conclusions:
                raise ConditionError((*loc, "fact"), f"unknown conclusion {fact!r}")
            return FactIs(fact)
        if keys == {"score", "op", "value"}:
            if raw["score"] not in self.vocab.scores:
                raise ConditionError((*loc, "score"), f"unknown score {raw['score']!r}")
            if raw["op"] not in NUMERIC_OPS:
                raise ConditionError((*loc, "op"), f"operator {raw['op']!r} does not apply to a score; "
                                                   f"use one of {' '.join(NUMERIC_OPS)}")
            value, param = self._param(raw["value"], (*loc, "value"))
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConditionError((*loc, "value"), f"a score compares with a number, got {value!r}")
            return ScoreCmp(raw["score"], raw["op"], value, param)
        if keys == {"input", "op", "value"}:
            return self._input_cmp(raw, loc)
        raise ConditionError(loc, f"unrecognised condition keys: {', '.join(sorted(map(str, keys)))} "
                                  "(expected input/op/value, fact, score/op/value, all, any, not, at_least/of)")

    def _parse_all(self, items: list[tuple[Any, tuple[str | int, ...]]]) -> tuple[Condition, ...]:
        """Parse every item, then raise one error carrying the problems of all of them."""
        parsed, errors = [], []
        for raw, loc in items:
            try:
                parsed.append(self.parse(raw, loc))
            except ConditionError as exc:
                errors.extend(exc.errors)
        if errors:
            combined = ConditionError(*errors[0])
            combined.errors = errors
            raise combined
        return tuple(parsed)

    def _input_cmp(self, raw: dict, loc: tuple[str | int, ...]) -> Cmp:
        inp = self.vocab.inputs.get(raw["input"])
        if inp is None:
            raise ConditionError((*loc, "input"), f"unknown input {raw['input']!r}")
        op = raw["op"]
        if op not in OPS_BY_TYPE[inp.type]:
            raise ConditionError((*loc, "op"), f"operator {op!r} does not apply to {inp.type} input "
                                               f"{inp.id!r}; use one of {' '.join(OPS_BY_TYPE[inp.type])}")
        value, param = self._param(raw["value"], (*loc, "value"))
        try:
            if op in ("in", "not_in"):
                if not isinstance(value, list) or not value:
                    raise ValueError("'in'/'not_in' need a non-empty list")
                value = frozenset(normalize_value(inp, v) for v in value)
            elif op in ("has", "lacks"):
                value = normalize_value(inp, value)
            elif inp.type == "integer":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"expected a number, got {value!r}")
            else:
                value = normalize_value(inp, value)
        except ValueError as exc:
            raise ConditionError((*loc, "value"), f"input {inp.id!r}: {exc}") from None
        return Cmp(inp.id, op, value, param)
