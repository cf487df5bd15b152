"""The space of complete student profiles, searched for gaps and conflicts.

A complete profile answers every input the goals depend on, each with one of its representative values
(see logic.Domains), so searching the representatives searches every case the KB can tell apart. When
the product of the domains fits the budget the search is exhaustive; otherwise it tries, in this order,
the baseline profile (every answer at its first value: no / first option / minimum / none), every
profile that differs from the baseline in one answer, then in two, then seeded random profiles, and
reports how many it tried.

Profiles are evaluated by ``derive``: two-valued evaluation of the KB's steps stratum by stratum, the
same semantics as the engine on a profile without unknowns (tests cross-check the two), without the
cost of building the engine's network for every profile.
"""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Any

import networkx as nx

from expert.kbtools.logic import Domains
from expert.rules.conditions import (
    All,
    AnyOf,
    AtLeast,
    Cmp,
    Condition,
    FactIs,
    FactNot,
    Not,
    ScoreCmp,
    facts_of,
    inputs_of,
    scores_of,
)
from expert.rules.kb import KnowledgeBase

DEFAULT_BUDGET = 20_000
SEED = 20260101

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "has": lambda a, b: bool(a & b), "lacks": lambda a, b: not (a & b),
}

Pred = Callable[[dict, set, dict], bool]


def compile_condition(cond: Condition) -> Pred:
    """A condition as a closure over (values, derived facts, score totals); values must be complete."""
    if isinstance(cond, Cmp):
        fn, key, value = _OPS[cond.op], cond.input, cond.value
        # an input outside the searched space cannot affect the goals; its comparisons are simply false
        return lambda v, f, s: key in v and fn(v[key], value)
    if isinstance(cond, ScoreCmp):
        fn, key, value = _OPS[cond.op], cond.score, cond.value
        return lambda v, f, s: fn(s.get(key, 0), value)
    if isinstance(cond, FactIs):
        fact = cond.fact
        return lambda v, f, s: fact in f
    if isinstance(cond, FactNot):
        fact = cond.fact
        return lambda v, f, s: fact not in f
    if isinstance(cond, Not):
        inner = compile_condition(cond.item)
        return lambda v, f, s: not inner(v, f, s)
    if isinstance(cond, All | AnyOf):
        items = [compile_condition(c) for c in cond.items]
        if len(items) == 1:
            return items[0]
        want = isinstance(cond, AnyOf)  # the item value that decides the whole: True for any, False for all

        def junction(v: dict, f: set, s: dict) -> bool:
            for p in items:
                if p(v, f, s) is want:
                    return want
            return not want

        return junction
    if isinstance(cond, AtLeast):
        items, n = [compile_condition(c) for c in cond.items], cond.n
        return lambda v, f, s: sum(1 for p in items if p(v, f, s)) >= n
    raise TypeError(cond)


class Deriver:
    """Derives the conclusions of complete profiles; also says which rules fired."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        by_stratum: dict[int, list] = {}
        for step in sorted(kb.steps, key=lambda s: (s.stratum, s.order)):
            by_stratum.setdefault(step.stratum, []).append(step)
        # Inside a stratum, steps in dependency order need one pass; a positive cycle needs a fixpoint.
        self.strata: list[tuple[bool, list]] = []
        for k in sorted(by_stratum):
            # score totals read only terms of earlier strata, and rules of this stratum may read them
            totals = [st for st in by_stratum[k] if st.kind == "total"]
            ordered, cyclic = _dependency_order([st for st in by_stratum[k] if st.kind != "total"])
            ordered = totals + ordered
            self.strata.append((cyclic, [(st, compile_condition(st.condition) if st.condition else None)
                                         for st in ordered]))
        self.terms = {sid: [(f"{sid}#{j + 1}", t.weight) for j, t in enumerate(score.terms)]
                      for sid, score in kb.scores.items()}

    def run(self, values: dict[str, Any]) -> tuple[set[str], list[str]]:
        facts: set[str] = set()
        scores: dict[str, float] = {}
        terms: set[str] = set()
        fired: list[str] = []
        for cyclic, steps in self.strata:
            done: set[str] = set()
            changed = True
            while changed:
                changed = False
                for step, pred in steps:
                    if step.kind == "total":
                        scores[step.score] = sum(w for key, w in self.terms[step.score] if key in terms)
                    elif step.key not in done and pred(values, facts, scores):
                        changed = cyclic
                        done.add(step.key)
                        if step.kind == "term":
                            terms.add(step.key)
                        else:
                            fired.append(step.key)
                            facts.update(step.rule.then)
        return facts, fired


def _dependency_order(steps: list) -> tuple[list, bool]:
    """Steps of one stratum so that a step comes after those deriving what it reads; KB order breaks ties."""
    derivers: dict[str, list[str]] = {}
    for st in steps:
        if st.kind == "rule":
            for c in st.rule.then:
                derivers.setdefault(c, []).append(st.key)
    graph = nx.DiGraph()
    graph.add_nodes_from(st.key for st in steps)
    for st in steps:
        if st.condition is not None:
            for fact, _neg in facts_of(st.condition):
                for src in derivers.get(fact, []):
                    if src != st.key:
                        graph.add_edge(src, st.key)
    if not nx.is_directed_acyclic_graph(graph) or any(
            st.kind == "rule" and any(f in st.rule.then for f, _ in facts_of(st.condition)) for st in steps):
        return steps, True
    position = {st.key: i for i, st in enumerate(steps)}
    by_key = {st.key: st for st in steps}
    return [by_key[k] for k in nx.lexicographical_topological_sort(graph, key=position.__getitem__)], False


def relevant_inputs(kb: KnowledgeBase, goals: list[str]) -> list[str]:
    """Inputs the goals depend on through rules, facts and scores, in vocabulary order."""
    inputs: set[str] = set()
    seen_facts: set[str] = set()
    seen_scores: set[str] = set()
    todo = list(goals)
    while todo:
        fact = todo.pop()
        if fact in seen_facts:
            continue
        seen_facts.add(fact)
        conds = [r.condition for r in kb.rules_deriving(fact)]
        while conds:
            cond = conds.pop()
            inputs.update(inputs_of(cond))
            todo.extend(f for f, _neg in facts_of(cond))
            for score in scores_of(cond):
                if score not in seen_scores:
                    seen_scores.add(score)
                    conds.extend(t.condition for t in kb.scores[score].terms)
    return [i for i in kb.inputs if i in inputs]


@dataclass
class Space:
    inputs: list[str]
    values: list[list[Any]]
    budget: int = DEFAULT_BUDGET
    targeted: list[dict[str, frozenset]] = field(default_factory=list)  # constraints to try first when sampling
    how: str = ""
    tried: int = 0
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = math.prod(len(v) for v in self.values)

    @property
    def exhaustive(self) -> bool:
        return self.size <= self.budget

    def profiles(self) -> Iterator[dict[str, Any]]:
        """Complete profiles in a deterministic order; sets ``tried`` and ``how`` as it goes."""
        self.tried = 0
        if self.exhaustive:
            self.how = "exhaustive"
            for combo in product(*self.values):
                self.tried += 1
                yield dict(zip(self.inputs, combo, strict=True))
            return
        self.how = "sampled"
        seen: set[tuple] = set()
        for combo in [*self._targeted(), *self._systematic()]:
            if self.tried >= self.budget:
                return
            if combo not in seen:
                seen.add(combo)
                self.tried += 1
                yield dict(zip(self.inputs, combo, strict=True))
        rng = random.Random(SEED)
        misses = 0
        while self.tried < self.budget and misses < self.budget:
            density = rng.choice((0.05, 0.15, 0.5))
            combo = tuple(rng.choice(vals) if rng.random() < density else vals[0] for vals in self.values)
            if combo in seen:
                misses += 1
                continue
            seen.add(combo)
            self.tried += 1
            yield dict(zip(self.inputs, combo, strict=True))

    def _targeted(self) -> list[tuple]:
        """Baseline profiles changed just enough to meet each set of constraints (first allowed value)."""
        out = []
        for constraints in self.targeted:
            combo = [next((v for v in vals if v in constraints[i]), vals[0]) if i in constraints else vals[0]
                     for i, vals in zip(self.inputs, self.values, strict=True)]
            out.append(tuple(combo))
        return out

    def _systematic(self) -> Iterator[tuple]:
        base = tuple(vals[0] for vals in self.values)
        yield base
        for depth in (1, 2):
            for idx in combinations(range(len(self.values)), depth):
                for alt in product(*(self.values[i][1:] for i in idx)):
                    combo = list(base)
                    for i, v in zip(idx, alt, strict=True):
                        combo[i] = v
                    yield tuple(combo)


def space_for(kb: KnowledgeBase, goals: list[str], budget: int = DEFAULT_BUDGET) -> Space:
    domains = Domains.of(kb)
    inputs = [i for i in relevant_inputs(kb, goals) if i in domains.values]
    return Space(inputs, [domains.values[i] for i in inputs], budget)


def baseline_note(lang: str) -> str:
    return ("остальные ответы: нет / первый вариант / минимум / ничего" if lang != "en"
            else "other answers: no / first option / minimum / none")


def show_profile(space: Space, values: dict[str, Any]) -> str:
    """A complete profile, compactly: the answers that differ from the baseline (first value)."""
    parts = []
    for input_id, vals in zip(space.inputs, space.values, strict=True):
        v = values[input_id]
        if v != vals[0]:
            parts.append(f"{input_id}={show_value(v)}")
    return ", ".join(parts) if parts else "-"


def show_value(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, frozenset | set):
        return "[" + ", ".join(sorted(v)) + "]"
    return str(v)


def plain_profile(values: dict[str, Any]) -> dict[str, Any]:
    """JSON/YAML-ready answers (booleans as yes/no, sets as sorted lists)."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        out[k] = ("yes" if v else "no") if isinstance(v, bool) else sorted(v) if isinstance(v, frozenset) else v
    return out
