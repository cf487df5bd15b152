"""The explanation graph and trace as JSON, for other tools (stable key and list order)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from expert.result import Result


def graph_data(graph: nx.DiGraph) -> dict[str, Any]:
    return {
        "nodes": [{"id": n, **data} for n, data in graph.nodes(data=True)],
        "edges": [{"source": s, "target": t, **data} for s, t, data in graph.edges(data=True)],
    }


def explanation_json(graph: nx.DiGraph, result: Result | None = None) -> str:
    data: dict[str, Any] = {"graph": {**graph.graph}, **graph_data(graph)}
    if result is not None:
        full = result.to_dict()
        data["urgent_state"] = full["urgent_state"]  # a graph without a flag node is not "no danger"
        data["urgent"] = full["urgent"]
        data["trace"] = full["trace"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
