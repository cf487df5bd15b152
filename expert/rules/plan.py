"""The evaluation plan of a knowledge base: what to compute, in which order, built once per KB.

Every condition of every rule and score term is broken into nodes (one node per distinct sub-condition,
children before parents). The steps run stratum by stratum; inside a stratum the score totals come
first (they read only terms of earlier strata, and rules of the same stratum may read them), then rules
and terms in dependency order (the one dependency graph of ``strata.dependency_graph``), KB order
breaking ties. A stratum whose rules derive each other's premises in a circle is marked ``cyclic``: it
is repeated until nothing changes. ``expert.evaluator`` runs this plan over many profiles at once.

networkx is imported only to build a plan: a plan read from the KB cache does not need it (start-up time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, Not, ScoreCmp
from expert.rules.kb import EngineStep, KnowledgeBase

if TYPE_CHECKING:
    import networkx as nx

ROUND_DIGITS = 6  # a score total is rounded to this many decimals, by the engine and by the evaluator


@dataclass(frozen=True)
class Node:
    """One distinct sub-condition; ``children`` are node indices (always smaller than this node's)."""

    cond: Condition
    children: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlanStep:
    step: EngineStep
    root: int  # node index of the step's condition


@dataclass(frozen=True)
class Stratum:
    level: int
    totals: tuple[str, ...]     # score ids whose totals are computed first
    steps: tuple[PlanStep, ...]  # rules and terms in dependency order
    cyclic: bool


@dataclass
class Plan:
    nodes: list[Node] = field(default_factory=list)
    index: dict[Condition, int] = field(default_factory=dict)
    strata: list[Stratum] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)      # conclusion ids, KB order
    inputs: list[str] = field(default_factory=list)     # input ids, KB order
    scores: list[str] = field(default_factory=list)     # score ids, KB order
    steps: list[EngineStep] = field(default_factory=list)  # rules and terms (not totals), KB order

    def node(self, cond: Condition) -> int:
        """The index of a condition's node, adding it (and its parts) when it is new."""
        found = self.index.get(cond)
        if found is not None:
            return found
        if isinstance(cond, All | AnyOf | AtLeast):
            children = tuple(self.node(c) for c in cond.items)
        elif isinstance(cond, Not):
            children = (self.node(cond.item),)
        elif isinstance(cond, Cmp | ScoreCmp | FactIs | FactNot):
            children = ()
        else:
            raise TypeError(cond)
        self.nodes.append(Node(cond, children))
        self.index[cond] = len(self.nodes) - 1
        return len(self.nodes) - 1


def _stratum_order(graph: nx.DiGraph, steps: list[EngineStep]) -> tuple[list[EngineStep], bool]:
    """Steps of one stratum so that each comes after the steps it reads from; KB order breaks ties."""
    import networkx as nx

    keys = {s.key for s in steps}
    sub = graph.subgraph(keys)
    cyclic = not nx.is_directed_acyclic_graph(sub) or any(sub.has_edge(k, k) for k in keys)
    if cyclic:
        return sorted(steps, key=lambda s: s.order), True
    position = {s.key: s.order for s in steps}
    by_key = {s.key: s for s in steps}
    return [by_key[k] for k in nx.lexicographical_topological_sort(sub, key=position.__getitem__)], False


def build_plan(kb: KnowledgeBase) -> Plan:
    from expert.rules.strata import dependency_graph

    plan = Plan(facts=list(kb.conclusions), inputs=list(kb.inputs), scores=list(kb.scores))
    graph = dependency_graph(kb, kb.steps)
    levels = sorted({s.stratum for s in kb.steps})
    for level in levels:
        here = [s for s in kb.steps if s.stratum == level]
        totals = tuple(s.score for s in sorted(here, key=lambda s: s.order) if s.kind == "total")
        ordered, cyclic = _stratum_order(graph, [s for s in here if s.kind != "total"])
        steps = tuple(PlanStep(s, plan.node(s.condition)) for s in ordered)  # type: ignore[arg-type]
        plan.strata.append(Stratum(level, totals, steps, cyclic))  # type: ignore[arg-type]
    plan.steps = sorted((s for s in kb.steps if s.kind != "total"), key=lambda s: s.order)
    return plan


def round_total(total: float) -> float | int:
    """A score total as the engine keeps it: a whole number as int, otherwise rounded to ROUND_DIGITS."""
    total = float(np.round(float(total), ROUND_DIGITS))  # numpy's rounding: the evaluator rounds columns so
    return int(total) if total.is_integer() else total
