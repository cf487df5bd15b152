"""The vectorised evaluator against the experta engine: the same derived facts, score totals and fired
rules on every reference case, every example and thousands of generated profiles over generated KBs
that use every operator; and its three-valued status is sound (settled means settled)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expert.engine import DEFAULT_KB, Classifier
from expert.evaluator import Evaluator, Tri
from expert.facts.profile import load_profile
from expert.kbtools.cases import case_profile
from expert.rules.loader import load_cases
from expert.support import chain, supporters
from tests.kbfactory import write_kb

ROOT = Path(__file__).resolve().parent.parent
GENERATED_KBS = 150
PROFILES_PER_KB = 36  # each with a completion of its unknown answers: 150 * 72 = 10,800 profiles


def assert_agree(classifier: Classifier, evaluator: Evaluator, profiles: list[dict]) -> None:
    """Engine and evaluator give the same conclusions, totals and firings for every profile, and walk back
    from every derived conclusion to the same rules and score terms (the roster's ``rules`` column and the
    graph's supporting chain)."""
    ev = evaluator.run(profiles)
    walks = {}  # fact -> [rows, steps]: what the evaluator's walk back from that one fact reaches
    for f, fact in enumerate(ev.plan.facts):
        goals = np.zeros_like(ev.engine.fact_t)
        goals[f] = ev.engine.fact_t[f]
        walks[fact] = ev.supporting(goals).T
    for row, values in enumerate(profiles):
        derived, scores, trace = classifier.run_engine(values)
        support = supporters(classifier.kb, trace)
        for fact in derived:
            walked = {s.key for s, on in zip(ev.plan.steps, walks[fact][row], strict=True) if on}
            by_trace = chain(classifier.kb, (), [fact], support=support)
            assert walked == {f.rule for f in by_trace if f.kind != "total"}, (fact, values)
        assert ev.derived(row) == derived, values
        assert ev.scores(row) == scores, values
        assert ev.fired(row) == sorted({f.rule for f in trace if f.kind != "total"},
                                       key=evaluator.step_index.__getitem__), values
        status = ev.row_status(row)
        fired = set(ev.fired(row))
        for key, tri in status.steps.items():  # a rule or term settled true fired in the engine
            assert tri is not Tri.TRUE or key in fired or key in evaluator.score_index, (key, values)
        for fact, tri in status.facts.items():
            if tri is Tri.TRUE:  # settled true => derived by the engine
                assert fact in derived, (fact, values)
            if tri is Tri.FALSE:
                assert fact not in derived, (fact, values)


@pytest.fixture(scope="module")
def bundled() -> tuple[Classifier, Evaluator]:
    classifier = Classifier.from_dir(DEFAULT_KB)
    return classifier, Evaluator(classifier.kb)


def test_evaluator_agrees_with_the_engine_on_every_reference_case_and_example(bundled) -> None:
    classifier, evaluator = bundled
    kb = classifier.kb
    profiles = [case_profile(kb, case, doc).values for case, doc in load_cases(kb.root / "cases")]
    profiles += [load_profile(kb, p).values for p in sorted((ROOT / "examples").glob("*.yaml"))]
    assert len(profiles) > 70
    assert_agree(classifier, evaluator, profiles)


def _random_answer(kb, input_id: str, rng: random.Random):
    inp = kb.inputs[input_id]
    if inp.type == "boolean":
        return rng.random() < 0.5
    if inp.type == "integer":
        return rng.randint(inp.min, inp.max)
    if inp.type == "choice":
        return rng.choice(inp.option_ids())
    return frozenset(o for o in inp.option_ids() if rng.random() < 0.3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), known=st.floats(0.0, 1.0))
def test_evaluator_agrees_with_the_engine_on_generated_profiles_of_the_bundled_kb(bundled, seed, known) -> None:
    classifier, evaluator = bundled
    kb = classifier.kb
    rng = random.Random(seed)
    profiles = [{i: _random_answer(kb, i, rng) for i in kb.inputs if rng.random() < known} for _ in range(4)]
    assert_agree(classifier, evaluator, profiles)


# --- generated knowledge bases: every operator, negative and fractional weights, cycles -------------

FLAG, NUM, PICK, MANY = "flag", "num", "pick", "many"
LAYERS = [["f_a", "f_b"], ["f_c", "f_d"], ["direction_x", "direction_y"]]
WEIGHTS = [-2, -1.5, -0.25, 0.1, 0.2, 0.5, 1, 1.25, 3]
THRESHOLDS = [-1.5, -0.25, 0, 0.1, 0.3, 0.5, 1, 1.25, 2.5]


def input_atom():
    return st.one_of(
        st.builds(lambda op, v: {"input": FLAG, "op": op, "value": v}, st.sampled_from(["=", "!="]),
                  st.sampled_from(["yes", "no"])),
        st.builds(lambda op, v: {"input": NUM, "op": op, "value": v},
                  st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), st.integers(0, 20)),
        st.builds(lambda op, v: {"input": NUM, "op": op, "value": v}, st.sampled_from(["in", "not_in"]),
                  st.lists(st.integers(0, 20), min_size=1, max_size=4)),
        st.builds(lambda op, v: {"input": PICK, "op": op, "value": v}, st.sampled_from(["=", "!="]),
                  st.sampled_from(["a", "b", "c"])),
        st.builds(lambda op, v: {"input": PICK, "op": op, "value": v}, st.sampled_from(["in", "not_in"]),
                  st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True)),
        st.builds(lambda op, v: {"input": MANY, "op": op, "value": v}, st.sampled_from(["has", "lacks"]),
                  st.sampled_from(["x", "y", "z"])),
    )


def condition(layer: int, scores: bool):
    """A condition for a rule of ``layer``: facts of lower layers either way, of its own layer only
    positively (a positive cycle), the score only above layer 0 (its terms read layer 0)."""
    atoms = [input_atom()]
    lower = [f for layer_facts in LAYERS[:layer] for f in layer_facts]
    if lower:
        atoms.append(st.sampled_from(lower).map(lambda f: {"fact": f}))
        atoms.append(st.sampled_from(lower).map(lambda f: {"not": {"fact": f}}))
    atoms.append(st.sampled_from(LAYERS[layer]).map(lambda f: {"fact": f}))
    if scores and layer > 0:
        atoms.append(st.builds(lambda op, v: {"score": "s", "op": op, "value": v},
                               st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), st.sampled_from(THRESHOLDS)))
    base = st.one_of(*atoms)
    return st.recursive(base, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
        inner.map(lambda x: {"not": x}),
        st.lists(inner, min_size=2, max_size=4).flatmap(
            lambda xs: st.integers(1, len(xs)).map(lambda n: {"at_least": n, "of": xs})),
    ), max_leaves=6)


def _no_negated_own_layer(cond, own: set[str], negated: bool = False) -> bool:
    if "fact" in cond:
        return not (negated and cond["fact"] in own)
    if "not" in cond:
        return _no_negated_own_layer(cond["not"], own, not negated)
    for key in ("all", "any", "of"):
        if key in cond:
            return all(_no_negated_own_layer(c, own, negated) for c in cond[key])
    return True


@st.composite
def generated_kb(draw):
    rules = []
    for layer, facts in enumerate(LAYERS):
        for k in range(draw(st.integers(1, 3))):
            cond = draw(condition(layer, True).filter(lambda c, f=facts: _no_negated_own_layer(c, set(f))))
            then = draw(st.lists(st.sampled_from(facts), min_size=1, max_size=2, unique=True))
            rules.append({"id": f"r{layer}_{k}", "when": cond, "then": then})
    atom = st.one_of(input_atom(), st.sampled_from(LAYERS[0]).map(lambda f: {"fact": f}),
                     st.sampled_from(LAYERS[0]).map(lambda f: {"not": {"fact": f}}))
    # a term may hold on several branches at once (``any``): it adds its weight once, every branch a reason
    term = st.one_of(atom, st.lists(atom, min_size=2, max_size=3).map(lambda xs: {"any": xs}))
    terms = [{"when": draw(term), "weight": draw(st.sampled_from(WEIGHTS))} for _ in range(draw(st.integers(1, 4)))]
    scores = [{"id": "s", "title": {"ru": "s", "en": "s"}, "source": {"paragraphs": [20]}, "terms": terms}]
    return rules, scores


def _profile(draw, known: float) -> dict:
    out = {}
    if draw(st.floats(0, 1)) < known:
        out[FLAG] = draw(st.booleans())
    if draw(st.floats(0, 1)) < known:
        out[NUM] = draw(st.integers(0, 20))
    if draw(st.floats(0, 1)) < known:
        out[PICK] = draw(st.sampled_from(["a", "b", "c"]))
    if draw(st.floats(0, 1)) < known:
        out[MANY] = frozenset(draw(st.lists(st.sampled_from(["x", "y", "z"]), unique=True)))
    return out


@settings(max_examples=GENERATED_KBS, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(kb_data=generated_kb(), data=st.data())
def test_evaluator_agrees_with_the_engine_on_generated_kbs(tmp_path_factory, kb_data, data) -> None:
    rules, scores = kb_data
    root = write_kb(tmp_path_factory.mktemp("gen"), rules, [f for layer in LAYERS for f in layer], scores=scores)
    classifier = Classifier.from_dir(root)
    evaluator = Evaluator(classifier.kb)
    known = data.draw(st.sampled_from([0.0, 0.5, 0.8, 1.0]))
    profiles, completions = [], []
    for _ in range(PROFILES_PER_KB):
        profile = _profile(data.draw, known)
        profiles.append(profile)
        completions.append({**_profile(data.draw, 1.0), **profile})
    assert_agree(classifier, evaluator, profiles + completions)
    # soundness: what the status settles for a profile holds for every completion of it
    ev = evaluator.run(profiles + completions)
    for row in range(len(profiles)):
        status = ev.row_status(row)
        derived = set(ev.derived(len(profiles) + row))
        for fact, tri in status.facts.items():
            assert tri is not Tri.TRUE or fact in derived, (fact, profiles[row], completions[row])
            assert tri is not Tri.FALSE or fact not in derived, (fact, profiles[row], completions[row])
