"""Every operator of the condition language, with unknown answers, in the engine and in the 3-valued analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expert.engine import Classifier
from expert.evaluator import Tri
from expert.facts.profile import Profile
from tests.kbfactory import write_kb

# (condition, values -> expected truth; None = unknown input)
CASES: list[tuple[dict[str, Any], list[tuple[Any, bool]]]] = [
    ({"input": "flag", "op": "=", "value": "yes"}, [(True, True), (False, False)]),
    ({"input": "flag", "op": "!=", "value": "yes"}, [(True, False), (False, True)]),
    ({"input": "num", "op": "=", "value": 5}, [(5, True), (6, False)]),
    ({"input": "num", "op": "!=", "value": 5}, [(5, False), (6, True)]),
    ({"input": "num", "op": "<", "value": 5}, [(4, True), (5, False)]),
    ({"input": "num", "op": "<=", "value": 5}, [(5, True), (6, False)]),
    ({"input": "num", "op": ">", "value": 5}, [(6, True), (5, False)]),
    ({"input": "num", "op": ">=", "value": 5}, [(5, True), (4, False)]),
    ({"input": "num", "op": "in", "value": [1, 3]}, [(3, True), (2, False)]),
    ({"input": "num", "op": "not_in", "value": [1, 3]}, [(2, True), (3, False)]),
    ({"input": "pick", "op": "=", "value": "a"}, [("a", True), ("b", False)]),
    ({"input": "pick", "op": "in", "value": ["a", "b"]}, [("b", True), ("c", False)]),
    ({"input": "pick", "op": "not_in", "value": ["a", "b"]}, [("c", True), ("a", False)]),
    ({"input": "many", "op": "has", "value": "x"}, [(frozenset({"x", "y"}), True), (frozenset({"y"}), False)]),
    ({"input": "many", "op": "has", "value": ["x", "z"]}, [(frozenset({"z"}), True), (frozenset(), False)]),
    ({"input": "many", "op": "lacks", "value": ["x", "z"]}, [(frozenset({"y"}), True), (frozenset({"x"}), False)]),
]


@pytest.fixture(scope="module")
def operator_kb(tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    rules = []
    for i, (cond, _) in enumerate(CASES):
        rules.append({"id": f"pos_{i}", "when": cond, "then": [f"pos_{i}"]})
        rules.append({"id": f"neg_{i}", "when": {"not": cond}, "then": [f"neg_{i}"]})
    return Classifier.from_dir(write_kb(tmp_path_factory.mktemp("ops"), rules))


@pytest.mark.parametrize("index", range(len(CASES)))
def test_operator_known_and_unknown(operator_kb: Classifier, index: int) -> None:
    cond, examples = CASES[index]
    name = cond["input"]
    for value, expected in examples:
        result = operator_kb.classify(Profile("t", {name: value}))
        assert result.has(f"pos_{index}") is expected, (cond, value)
        assert result.has(f"neg_{index}") is (not expected), (cond, value)
    # unknown: neither the comparison nor its negation holds, and both are open
    result = operator_kb.classify(Profile("t", {}))
    assert not result.has(f"pos_{index}") and not result.has(f"neg_{index}")
    assert {f"pos_{index}", f"neg_{index}"} <= set(result.possible)


@pytest.fixture(scope="module")
def logic_kb(tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    flag = {"input": "flag", "op": "=", "value": "yes"}
    big = {"input": "num", "op": ">=", "value": "$limit"}
    a = {"input": "pick", "op": "=", "value": "a"}
    rules = [
        {"id": "r_all", "when": {"all": [flag, big]}, "then": ["f_all"]},
        {"id": "r_any", "when": {"any": [flag, big]}, "then": ["f_any"]},
        {"id": "r_least", "when": {"at_least": 2, "of": [flag, big, a]}, "then": ["f_least"]},
        {"id": "r_not_least", "when": {"not": {"at_least": 2, "of": [flag, big, a]}}, "then": ["f_not_least"]},
        {"id": "r_chain", "when": {"fact": "f_all"}, "then": ["f_chain"]},
        {"id": "r_naf", "when": {"not": {"fact": "f_any"}}, "then": ["f_naf"]},
        {"id": "r_score", "when": {"score": "s", "op": ">=", "value": 2}, "then": ["f_score"]},
    ]
    scores = [{"id": "s", "title": {"ru": "s", "en": "s"}, "source": {"paragraphs": [20]},
               "terms": [{"when": flag, "weight": 2}, {"when": a, "weight": -1}]}]
    return Classifier.from_dir(write_kb(tmp_path_factory.mktemp("logic"), rules, parameters={"limit": 10},
                                        scores=scores))


def test_all_any_at_least_with_unknowns(logic_kb: Classifier) -> None:
    r = logic_kb.classify(Profile("t", {"flag": True}))
    assert r.derived == sorted(r.derived, key=list(logic_kb.kb.conclusions).index)
    assert r.has("f_any") and not r.has("f_all") and not r.has("f_least") and not r.has("f_not_least")
    assert "f_all" in r.possible and "f_least" in r.possible
    r = logic_kb.classify(Profile("t", {"flag": True, "num": 10}))
    assert r.has("f_all") and r.has("f_chain") and r.has("f_least")
    r = logic_kb.classify(Profile("t", {"flag": False, "num": 3}))
    assert r.has("f_not_least") and not r.has("f_any") and r.has("f_naf")
    assert "f_naf" not in r.provisional_conclusions
    r = logic_kb.classify(Profile("t", {"flag": False}))
    # not(any) derived on what is known, but 'num' could still give f_any: provisional
    assert r.has("f_naf") and "f_naf" in r.provisional_conclusions


def test_score_counts_true_terms_and_is_open_with_unknowns(logic_kb: Classifier) -> None:
    r = logic_kb.classify(Profile("t", {"flag": True, "pick": "b"}))
    assert r.scores["s"] == 2 and r.has("f_score") and "f_score" not in r.provisional_conclusions
    r = logic_kb.classify(Profile("t", {"flag": True}))
    # pick=a would subtract 1: the score could still fall below 2
    assert r.has("f_score") and "f_score" in r.provisional_conclusions
    r = logic_kb.classify(Profile("t", {"flag": True, "pick": "a"}))
    assert r.scores["s"] == 1 and not r.has("f_score")


VALUES = {
    "flag": st.one_of(st.none(), st.booleans()),
    "num": st.one_of(st.none(), st.integers(0, 20)),
    "pick": st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
    "many": st.one_of(st.none(), st.frozensets(st.sampled_from(["x", "y", "z"]))),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries(VALUES))
def test_engine_agrees_with_three_valued_analysis(logic_kb: Classifier, raw: dict) -> None:
    """What is settled TRUE is derived; what is derived is TRUE or still open, never settled FALSE."""
    values = {k: v for k, v in raw.items() if v is not None}
    result = logic_kb.classify(Profile("t", values))
    status = logic_kb.evaluator.run([values]).row_status(0)
    for c in logic_kb.kb.conclusions:
        tri = status.facts.get(c, Tri.FALSE)
        if tri is Tri.TRUE:
            assert result.has(c), c
        if result.has(c):
            assert tri is not Tri.FALSE, c
    if len(values) == len(VALUES):  # everything known: nothing is open
        assert not result.possible and not result.provisional_conclusions


def test_at_least_that_expands_too_far_is_rejected(tmp_path: Path) -> None:
    from expert.errors import UserError

    # over answers only, at_least is one TEST; over derived facts it expands into combinations
    rules = [{"id": f"r{i}", "when": {"input": "num", "op": "=", "value": i}, "then": [f"f{i}"]} for i in range(14)]
    items = [{"fact": f"f{i}"} for i in range(14)]
    rules.append({"id": "wide", "when": {"at_least": 7, "of": items}, "then": ["g"]})
    root = write_kb(tmp_path, rules)
    with pytest.raises(UserError, match="combinations"):
        Classifier.from_dir(root)
