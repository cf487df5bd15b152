"""``expert kb stats``: what the knowledge base holds — inputs by group, rules by level and by direction,
sources cited, reference cases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from expert.rules.conditions import FactIs, nnf, walk
from expert.rules.kb import KnowledgeBase, Rule
from expert.rules.loader import load_cases
from expert.rules.schema import CONCLUSION_KINDS, SOURCE_PATTERN

PRACTICE = re.compile(r"practice:\s*([^;]+)")


def rule_level(kb: KnowledgeBase, rule: Rule) -> str:
    """The most prominent kind among the conclusions a rule derives (flag before direction before ...)."""
    return min((kb.kind_of(c) for c in rule.then), key=CONCLUSION_KINDS.index)


def downstream(kb: KnowledgeBase, fact: str) -> list[str]:
    """Rules that fire only after a fact: they read it (positively), or read what such rules derive."""
    found: dict[str, None] = {}
    todo, seen = [fact], {fact}
    while todo:
        current = todo.pop()
        for rule in kb.rules:
            if rule.id in found or FactIs(current) not in walk(nnf(rule.condition)):
                continue
            found[rule.id] = None
            for c in rule.then:
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
    return [r.id for r in kb.rules if r.id in found]


def kb_stats(kb: KnowledgeBase, cases_dir: Path | None) -> dict[str, Any]:
    inputs_by_group = {g: {"title": kb.groups[g].title.model_dump(), "inputs": 0, "types": {}} for g in kb.groups}
    for inp in kb.inputs.values():
        entry = inputs_by_group[inp.group]
        entry["inputs"] += 1
        entry["types"][inp.type] = entry["types"].get(inp.type, 0) + 1
    levels: dict[str, int] = {}
    for rule in kb.rules:
        level = rule_level(kb, rule)
        levels[level] = levels.get(level, 0) + 1
    directions = {c: {"derive": [r.id for r in kb.rules_deriving(c)], "follow": downstream(kb, c)}
                  for c, d in kb.conclusions.items() if d.kind == "direction"}
    paragraphs: dict[int, int] = {}
    practices: dict[str, int] = {}
    only_practice = 0
    for rule in kb.rules:
        source = rule.definition.source
        cited = sorted({int(n) for n in SOURCE_PATTERN.findall(source)})
        for n in cited:
            paragraphs[n] = paragraphs.get(n, 0) + 1
        for p in PRACTICE.findall(source):
            practices[p.strip()] = practices.get(p.strip(), 0) + 1
        only_practice += not cited
    cases: dict[str, Any] = {"folder": str(cases_dir) if cases_dir else None, "count": 0, "by_direction": {}}
    if cases_dir is not None and cases_dir.is_dir():
        for case, _doc in load_cases(cases_dir):
            cases["count"] += 1
            key = case.expect.direction or "none"
            cases["by_direction"][key] = cases["by_direction"].get(key, 0) + 1
    return {
        "totals": {"inputs": len(kb.inputs), "conclusions": len(kb.conclusions), "rules": len(kb.rules),
                   "parameters": len(kb.parameters), "scores": len(kb.scores)},
        "inputs_by_group": inputs_by_group,
        "rules_by_level": {k: levels[k] for k in CONCLUSION_KINDS if k in levels},
        "rules_by_direction": directions,
        "sources": {"paragraphs": {f"§{n}": paragraphs[n] for n in sorted(paragraphs)},
                    "practices": dict(sorted(practices.items(), key=lambda kv: (-kv[1], kv[0]))),
                    "rules_citing_only_practice": only_practice},
        "cases": cases,
    }


def stats_json(stats: dict[str, Any]) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2)


def render_stats(kb: KnowledgeBase, stats: dict[str, Any], lang: str) -> str:
    en = lang == "en"
    t = stats["totals"]
    lines = [(f"Inputs: {t['inputs']}, conclusions: {t['conclusions']}, rules: {t['rules']}, "
              f"parameters: {t['parameters']}, scores: {t['scores']}") if en else
             (f"Входных признаков: {t['inputs']}, выводов: {t['conclusions']}, правил: {t['rules']}, "
              f"параметров: {t['parameters']}, шкал: {t['scores']}")]
    lines.append("Inputs by group:" if en else "Входные признаки по группам:")
    for g, entry in stats["inputs_by_group"].items():
        types = ", ".join(f"{k} {v}" for k, v in sorted(entry["types"].items()))
        title = entry["title"]["en" if en else "ru"]
        lines.append(f"  {g} ({title}): {entry['inputs']}" + (f" [{types}]" if types else ""))
    lines.append("Rules by level (the kind of what they derive):" if en else "Правила по уровням (вид выводов):")
    lines.extend(f"  {k}: {v}" for k, v in stats["rules_by_level"].items())
    lines.append("Rules by direction:" if en else "Правила по направлениям:")
    for d, entry in stats["rules_by_direction"].items():
        lines.append(f"  {d}: " + (f"{len(entry['derive'])} derive it, {len(entry['follow'])} follow from it" if en
                                   else f"выводят — {len(entry['derive'])}, следуют из него — {len(entry['follow'])}"))
    src = stats["sources"]
    lines.append("Sources cited by rules:" if en else "Источники, на которые ссылаются правила:")
    lines.append("  " + ", ".join(f"{k}: {v}" for k, v in src["paragraphs"].items()))
    lines.append((f"  practices: {len(src['practices'])} distinct; rules citing only practice: "
                  f"{src['rules_citing_only_practice']}") if en else
                 (f"  практики: {len(src['practices'])} различных; правил только со ссылкой на практику: "
                  f"{src['rules_citing_only_practice']}"))
    cases = stats["cases"]
    by = ", ".join(f"{k}: {v}" for k, v in sorted(cases["by_direction"].items()))
    lines.append((f"Reference cases: {cases['count']}" if en else f"Эталонных случаев: {cases['count']}")
                 + (f" ({by})" if by else ""))
    return "\n".join(lines)
