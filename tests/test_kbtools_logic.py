"""The reasoning behind KB020/KB021/KB040 claims only what holds: checked against brute force."""

from __future__ import annotations

from itertools import product
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from expert.kbtools.logic import Logic, TooBig, dnf
from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, Not, holds_on_known, nnf
from expert.rules.loader import load_kb

KB = load_kb(Path(__file__).parent / "fixtures" / "kb_small")
LOGIC = Logic.of(KB)
SUBSETS = [frozenset(c) for c in ([], ["alcohol"], ["tobacco"], ["none"], ["alcohol", "tobacco"],
                                  ["alcohol", "none"], ["tobacco", "none"], ["alcohol", "tobacco", "none"])]
# every value of every input these conditions read, not just the representatives the logic uses
GRID = [dict(zip(("truancy_share", "low_income", "substances", "family_support"), combo, strict=True))
        for combo in product(range(0, 101), (False, True), SUBSETS, ("strong", "weak"))]

atoms = st.one_of(
    st.builds(lambda op: Cmp("truancy_share", op, 10), st.sampled_from(["<", "<=", ">", ">=", "=", "!="])),
    st.builds(lambda v: Cmp("low_income", "=", v), st.booleans()),
    st.builds(lambda op: Cmp("substances", op, frozenset(["alcohol"])), st.sampled_from(["has", "lacks"])),
    st.builds(lambda v: Cmp("family_support", "=", v), st.sampled_from(["strong", "weak"])),
)
conditions = st.recursive(atoms, lambda inner: st.one_of(
    st.builds(lambda xs: All(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: AnyOf(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(Not, inner),
    st.builds(lambda xs: AtLeast(2, tuple(xs)), st.lists(inner, min_size=2, max_size=3)),
), max_leaves=6)


def holds(cond: Condition) -> list[bool]:
    normal = nnf(cond)
    return [holds_on_known(normal, values) for values in GRID]


@settings(max_examples=60, deadline=None)
@given(conditions, conditions)
def test_implication_and_contradiction_are_sound(a: Condition, b: Condition) -> None:
    try:
        da, db = dnf(a), dnf(b)
    except TooBig:
        return
    ha, hb = holds(a), holds(b)
    if LOGIC.cond_implies(db, da):
        assert all(x <= y for x, y in zip(hb, ha, strict=True))
    if all(LOGIC.contradiction(branch) for branch in db):
        assert not any(hb)


def test_contradiction_and_implication_are_found() -> None:
    ge, lt = Cmp("truancy_share", ">=", 10), Cmp("truancy_share", "<", 10)
    assert all(LOGIC.contradiction(b) for b in dnf(All((ge, lt))))
    assert LOGIC.cond_implies(dnf(All((ge, Cmp("low_income", "=", True)))), dnf(AnyOf((ge, lt))))
