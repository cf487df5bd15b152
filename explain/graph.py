"""The explanation graph of one result: answers → rules → conclusions, built from the trace.

Nodes carry ``kind`` (input, rule, score, absent, or a conclusion kind), ``label`` (full text in the
chosen language) and, for rules and scores, ``source``. Edges carry ``role``: ``premise`` (a fact the
rule matched), ``absent`` (a conclusion the rule required NOT to hold), ``term`` (a fact that added a
weight to a score; ``weight``), ``conclusion`` (what the rule concluded; a fact several rules concluded
has an edge from each, since each is a reason on its own).
"""

from __future__ import annotations

import networkx as nx

from expert.describe import conclusion_title, format_value, input_label, source_attrs, step_source
from expert.result import FactRef, Firing, Result
from expert.rules.kb import KnowledgeBase
from expert.support import supporting_firings


def node_id(ref: FactRef) -> str:
    prefix = {"input": "input", "derived": "fact", "score": "score", "term": "score"}[ref.kind]
    ident = ref.id.split("#", 1)[0] if ref.kind == "term" else ref.id
    return f"{prefix}:{ident}"


class _Builder:
    def __init__(self, kb: KnowledgeBase, result: Result, lang: str):
        self.kb, self.result, self.lang = kb, result, lang
        self.graph = nx.DiGraph()

    def fact_node(self, ref: FactRef) -> str:
        nid = node_id(ref)
        if nid in self.graph:
            return nid
        if ref.kind == "input":
            label = f"{input_label(self.kb, ref.id, self.lang)}: {format_value(self.kb, ref.id, ref.value, self.lang)}"
            self.graph.add_node(nid, kind="input", label=label, ref=ref.id)
        elif ref.kind == "derived":
            self.graph.add_node(nid, kind=self.kb.kind_of(ref.id), label=conclusion_title(self.kb, ref.id, self.lang),
                                ref=ref.id, **source_attrs(self.kb, self.kb.conclusions[ref.id].source, self.lang))
        else:
            self.score_node(ref.id.split("#", 1)[0])
        return nid

    def score_node(self, score_id: str) -> str:
        nid = f"score:{score_id}"
        if nid not in self.graph:
            definition = self.kb.scores[score_id].definition
            value = self.result.scores.get(score_id)
            label = definition.title.get(self.lang) + (f" = {value}" if value is not None else "")
            self.graph.add_node(nid, kind="score", label=label, ref=score_id,
                                **source_attrs(self.kb, definition.source, self.lang))
        return nid

    def absent_node(self, conclusion_id: str) -> str:
        nid = f"absent:{conclusion_id}"
        if nid not in self.graph:
            self.graph.add_node(nid, kind="absent", label=conclusion_title(self.kb, conclusion_id, self.lang),
                                ref=conclusion_id)
        return nid

    def add(self, firing: Firing) -> None:
        if firing.kind == "term":
            score_id, number = firing.rule.split("#", 1)
            target = self.score_node(score_id)
            weight = self.kb.scores[score_id].terms[int(number) - 1].weight
            for ref in firing.premises:
                self.graph.add_edge(self.fact_node(ref), target, role="term", weight=weight)
            for c in firing.absent:
                self.graph.add_edge(self.absent_node(c), target, role="absent", weight=weight)
            return
        if firing.kind == "total":
            self.score_node(firing.rule)
            return
        # one node per firing: a rule that fired twice (on different facts) gave two separate reasons,
        # and one node with both premises would read as "both were needed"
        rid = f"rule:{firing.rule}"
        if rid in self.graph:
            rid = f"rule:{firing.rule}@{firing.index}"
        rule = self.kb.rule(firing.rule)
        self.graph.add_node(rid, kind="rule", label=rule.definition.title.get(self.lang), ref=firing.rule,
                            **source_attrs(self.kb, step_source(self.kb, firing.rule, firing.kind), self.lang))
        for ref in firing.premises:
            self.graph.add_edge(self.fact_node(ref), rid, role="premise")
        for c in firing.absent:
            self.graph.add_edge(self.absent_node(c), rid, role="absent")
        for c in rule.then:
            self.graph.add_edge(rid, self.fact_node(FactRef("derived", c)), role="conclusion")


def explanation_graph(kb: KnowledgeBase, result: Result, lang: str = "ru", all_firings: bool = False,
                      goals: list[str] | None = None) -> nx.DiGraph:
    """The graph of the chain that supports the final conclusions (or ``goals``), or of every firing."""
    builder = _Builder(kb, result, lang)
    firings = result.trace if all_firings else supporting_firings(kb, result, goals)
    for firing in firings:
        builder.add(firing)
    graph = builder.graph
    graph.graph.update(student=result.student_id, direction=result.direction, provisional=result.provisional,
                       kb_version=result.kb_version, lang=lang)
    return graph
