"""One walk back through the trace: the roster's ``rules`` column (the evaluator's vectorised walk-back)
names exactly the rules of the chain the graph draws (the walk back through the engine's trace), also where
a score term reads ``any`` of several facts that all hold."""

from __future__ import annotations

import pytest

from expert.engine import Classifier
from expert.facts.profile import make_profile
from expert.support import supporting_firings
from explain.graph import explanation_graph
from explain.how import how_text
from tests.kbfactory import text, write_kb

ANY_TERM_RULES = [
    {"id": "r_a", "when": {"input": "flag", "op": "=", "value": True}, "then": ["finding_a"]},
    {"id": "r_b", "when": {"input": "num", "op": ">", "value": 5}, "then": ["finding_b"]},
    {"id": "r_dir", "when": {"score": "s", "op": ">=", "value": 2}, "then": ["direction_x"]},
]
ANY_TERM_SCORES = [{"id": "s", "title": text("s"), "source": {"paragraphs": [20]},
                    "terms": [{"when": {"any": [{"fact": "finding_a"}, {"fact": "finding_b"}]}, "weight": 2}]}]


@pytest.fixture(scope="module")
def any_term(tmp_path_factory) -> Classifier:
    root = write_kb(tmp_path_factory.mktemp("any_term") / "kb", ANY_TERM_RULES,
                    ["finding_a", "finding_b", "direction_x"], scores=ANY_TERM_SCORES)
    return Classifier.from_dir(root)


@pytest.mark.parametrize(("answers", "rules"), [
    ({"flag": True, "num": 10}, ["r_a", "r_b", "r_dir"]),  # both branches of the term hold: both are reasons
    ({"flag": True, "num": 1}, ["r_a", "r_dir"]),
    ({"flag": False, "num": 10}, ["r_b", "r_dir"]),
])
def test_a_score_term_with_any_lists_the_same_rules_in_the_column_and_the_graph(any_term, answers, rules) -> None:
    kb = any_term.kb
    result = any_term.classify(make_profile(kb, "s1", answers))
    assert result.direction == "direction_x"
    chain = {f.rule for f in supporting_firings(kb, result, [result.direction]) if f.kind == "rule"}
    assert result.rules == rules
    assert chain == set(rules)
    graph = explanation_graph(kb, result)
    assert {d["ref"] for _, d in graph.nodes(data=True) if d["kind"] == "rule"} == set(rules)
    # each finding that holds adds the term's weight, drawn as an edge into the score
    for finding, rule in (("finding_a", "r_a"), ("finding_b", "r_b")):
        assert graph.has_edge(f"fact:{finding}", "score:s") == (rule in rules)


def test_how_shows_an_any_term_weight_once_with_every_reason(any_term) -> None:
    kb = any_term.kb
    result = any_term.classify(make_profile(kb, "s1", {"flag": True, "num": 10}))
    text = how_text(kb, result, "en")
    assert result.scores["s"] == 2
    assert text.count("+2") == 1, text  # the total is 2, not 2 + 2
    assert "finding_a  [rule “r_a”" in text and "finding_b  [rule “r_b”" in text, text
