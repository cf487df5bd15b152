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
        data["trace"] = result.to_dict()["trace"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
