"""Write small knowledge bases for tests (JSON is YAML 1.2, so plain dicts are enough)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def text(s: str) -> dict[str, str]:
    return {"ru": s, "en": s}


INPUTS: list[dict[str, Any]] = [
    {"id": "flag", "type": "boolean"},
    {"id": "num", "type": "integer", "min": 0, "max": 20},
    {"id": "pick", "type": "choice", "options": [{"id": o, "title": text(o)} for o in ("a", "b", "c")]},
    {"id": "many", "type": "multi", "options": [{"id": o, "title": text(o)} for o in ("x", "y", "z")]},
]


def _kind(conclusion: str) -> str:
    if conclusion.startswith("direction"):
        return "direction"
    return "flag" if conclusion.startswith("flag_") else "finding"


def write_kb(root: Path, rules: list[dict[str, Any]], conclusions: list[str] | None = None,
             parameters: dict[str, float] | None = None, scores: list[dict[str, Any]] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rules").mkdir(exist_ok=True)
    inputs = [{**i, "group": "g", "label": text(i["id"]), "question": text(i["id"] + "?"), "help": text("-")}
              for i in INPUTS]
    names = conclusions or sorted({c for r in rules for c in r["then"]})
    files = {
        "inputs.yaml": {"groups": [{"id": "g", "title": text("g")}], "inputs": inputs},
        "conclusions.yaml": {"conclusions": [{"id": c, "kind": _kind(c),
                                              "title": text(c)} for c in names]},
        "parameters.yaml": {"parameters": [{"id": k, "value": v, "title": text(k),
                                            "convention": text("test")}
                                           for k, v in (parameters or {}).items()]},
        "scores.yaml": {"scores": scores or []},
        "rules/rules.yaml": {"rules": [{"title": text(r["id"]), "source": {"paragraphs": [20]}, **r} for r in rules]},
    }
    for name, data in files.items():
        (root / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return root
