"""The whole knowledge base as a dependency graph: inputs → rules → conclusions (scores in between),
or only the part that can lead to one conclusion."""

from __future__ import annotations

import networkx as nx

from expert.describe import conclusion_title, input_label, source_attrs
from expert.rules.conditions import Cmp, FactIs, FactNot, ScoreCmp, nnf, walk
from expert.rules.kb import KnowledgeBase


def _reads(graph: nx.DiGraph, kb: KnowledgeBase, cond, target: str, lang: str) -> None:
    for c in walk(nnf(cond)):
        if isinstance(c, Cmp):
            nid = f"input:{c.input}"
            graph.add_node(nid, kind="input", label=input_label(kb, c.input, lang), ref=c.input)
            graph.add_edge(nid, target, role="reads")
        elif isinstance(c, FactIs | FactNot):
            nid = f"fact:{c.fact}"
            graph.add_node(nid, kind=kb.kind_of(c.fact), label=conclusion_title(kb, c.fact, lang), ref=c.fact,
                           **source_attrs(kb, kb.conclusions[c.fact].source, lang))
            negated = isinstance(c, FactNot)
            # a fact read both ways keeps its plain edge
            if not (negated and graph.has_edge(nid, target)):
                graph.add_edge(nid, target, role="negated" if negated else "reads")
        elif isinstance(c, ScoreCmp):
            graph.add_edge(f"score:{c.score}", target, role="reads")


def restrict(graph: nx.DiGraph, keep: set[str]) -> nx.DiGraph:
    """The subgraph on ``keep``, in the original insertion order (networkx's subgraph views may iterate
    in set order, which would make the DOT depend on PYTHONHASHSEED)."""
    out = nx.DiGraph()
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in keep)
    out.add_edges_from((s, t, d) for s, t, d in graph.edges(data=True) if s in keep and t in keep)
    return out


def kb_graph(kb: KnowledgeBase, lang: str = "ru", conclusion: str | None = None) -> nx.DiGraph:
    graph = nx.DiGraph()
    for score in kb.scores.values():
        sid = f"score:{score.id}"
        graph.add_node(sid, kind="score", label=score.definition.title.get(lang), ref=score.id,
                       **source_attrs(kb, score.definition.source, lang))
        for term in score.terms:
            _reads(graph, kb, term.condition, sid, lang)
    for rule in kb.rules:
        rid = f"rule:{rule.id}"
        graph.add_node(rid, kind="rule", label=rule.definition.title.get(lang), ref=rule.id,
                       **source_attrs(kb, rule.definition.source, lang))
        _reads(graph, kb, rule.condition, rid, lang)
        for c in rule.then:
            nid = f"fact:{c}"
            graph.add_node(nid, kind=kb.kind_of(c), label=conclusion_title(kb, c, lang), ref=c,
                           **source_attrs(kb, kb.conclusions[c].source, lang))
            graph.add_edge(rid, nid, role="conclusion")
    if conclusion is not None:
        target = f"fact:{conclusion}"
        keep = nx.ancestors(graph, target) | {target} if target in graph else set()
        graph = restrict(graph, keep)
    graph.graph.update(lang=lang, conclusion=conclusion)
    return graph
