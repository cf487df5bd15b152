"""Ordering rules in strata so that negation (and score totals) see every fact they depend on."""

from __future__ import annotations

import networkx as nx

from expert.errors import Problem
from expert.rules.conditions import facts_of, scores_of
from expert.rules.kb import EngineStep, KnowledgeBase


def dependency_graph(kb: KnowledgeBase, steps: list[EngineStep]) -> nx.DiGraph:
    """Edges step -> step that must not fire before it; ``strict`` edges need a strictly later stratum."""
    derivers: dict[str, list[str]] = {}
    for step in steps:
        if step.kind == "rule":
            for c in step.rule.then:  # type: ignore[union-attr]
                derivers.setdefault(c, []).append(step.key)
        elif step.kind == "total":
            derivers.setdefault(f"score:{step.score}", []).append(step.key)
    graph = nx.DiGraph()
    for step in steps:
        graph.add_node(step.key)
    for step in steps:
        if step.condition is not None:
            for fact, negated in facts_of(step.condition):
                for src in derivers.get(fact, []):
                    _add(graph, src, step.key, negated)
            for score in scores_of(step.condition):
                for src in derivers.get(f"score:{score}", []):
                    _add(graph, src, step.key, False)
        if step.kind == "term":
            _add(graph, step.key, step.score, True)  # a total waits for all its terms
    return graph


def _add(graph: nx.DiGraph, src: str, dst: str, strict: bool) -> None:
    if graph.has_edge(src, dst):
        graph[src][dst]["strict"] = graph[src][dst]["strict"] or strict
    else:
        graph.add_edge(src, dst, strict=strict)


def assign_strata(kb: KnowledgeBase, steps: list[EngineStep]) -> tuple[dict[str, int], list[Problem]]:
    """Longest-path layering over the condensation; a cycle through a strict edge is a problem."""
    graph = dependency_graph(kb, steps)
    problems: list[Problem] = []
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    for scc in condensed.nodes:
        nodes = condensed.nodes[scc]["members"]
        if len(nodes) < 2 and not any(graph.has_edge(n, n) for n in nodes):
            continue
        sub = graph.subgraph(nodes)
        strict = [(u, v) for u, v, d in sub.edges(data=True) if d["strict"]]
        if strict:
            u, v = min(strict)
            path = nx.shortest_path(sub, v, u)
            cycle = " -> ".join([u, *path])
            where = kb.where.get(("rule", u))
            problems.append(Problem(where.path if where else str(kb.root), where.line if where else None,
                                    f"rule {u}", f"cycle through negation or a score: {cycle}"))
    if problems:
        return {}, problems
    level: dict[int, int] = {}
    for scc in nx.topological_sort(condensed):
        best = 0
        for pred in condensed.predecessors(scc):
            bump = any(graph[u][v]["strict"] for u in condensed.nodes[pred]["members"]
                       for v in condensed.nodes[scc]["members"] if graph.has_edge(u, v))
            best = max(best, level[pred] + (1 if bump else 0))
        level[scc] = best
    return {node: level[members[node]] for node in graph.nodes}, []
