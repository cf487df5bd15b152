"""``expert kb stats``: what the knowledge base holds — inputs by group, rules by level and by direction,
sources cited, reference cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expert.i18n import pick
from expert.kbtools.coverage import LANGS, coverage
from expert.rules.conditions import FactIs, nnf, walk
from expert.rules.kb import KnowledgeBase, Rule
from expert.rules.loader import load_cases
from expert.rules.schema import CONCLUSION_KINDS


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
        for n in sorted(set(source.paragraphs)):
            paragraphs[n] = paragraphs.get(n, 0) + 1
        for p in source.practice:
            practices[p] = practices.get(p, 0) + 1
        only_practice += not source.paragraphs
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
        "languages": coverage(kb.root),
    }


def stats_json(stats: dict[str, Any]) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2)


STATS_TEXTS = {
    "totals": ("Входных признаков: {inputs}, выводов: {conclusions}, правил: {rules}, параметров: {parameters}, "
               "шкал: {scores}",
               "Inputs: {inputs}, conclusions: {conclusions}, rules: {rules}, parameters: {parameters}, "
               "scores: {scores}"),
    "by_group": ("Входные признаки по группам:", "Inputs by group:"),
    "by_level": ("Правила по уровням (вид выводов):", "Rules by level (the kind of what they derive):"),
    "by_direction": ("Правила по направлениям:", "Rules by direction:"),
    "direction": ("выводят — {derive}, следуют из него — {follow}", "{derive} derive it, {follow} follow from it"),
    "sources": ("Источники, на которые ссылаются правила:", "Sources cited by rules:"),
    "practices": ("  практики: {n} различных; правил только со ссылкой на практику: {only}",
                  "  practices: {n} distinct; rules citing only practice: {only}"),
    "cases": ("Эталонных случаев: {n}", "Reference cases: {n}"),
    "languages": ("Тексты по языкам (из {texts}): {langs}", "Texts by language (of {texts}): {langs}"),
    "incomplete": ("  не полностью: {files}", "  incomplete: {files}"),
}


def _s(key: str, lang: str, **kwargs: object) -> str:
    return pick(STATS_TEXTS, key, lang, **kwargs)


def render_stats(kb: KnowledgeBase, stats: dict[str, Any], lang: str) -> str:
    lines = [_s("totals", lang, **stats["totals"]), _s("by_group", lang)]
    for g, entry in stats["inputs_by_group"].items():
        types = ", ".join(f"{k} {v}" for k, v in sorted(entry["types"].items()))
        title = entry["title"].get(lang) or entry["title"]["ru"]
        lines.append(f"  {g} ({title}): {entry['inputs']}" + (f" [{types}]" if types else ""))
    lines.append(_s("by_level", lang))
    lines.extend(f"  {k}: {v}" for k, v in stats["rules_by_level"].items())
    lines.append(_s("by_direction", lang))
    for d, entry in stats["rules_by_direction"].items():
        lines.append(f"  {d}: " + _s("direction", lang, derive=len(entry["derive"]), follow=len(entry["follow"])))
    src = stats["sources"]
    lines.append(_s("sources", lang))
    lines.append("  " + ", ".join(f"{k}: {v}" for k, v in src["paragraphs"].items()))
    lines.append(_s("practices", lang, n=len(src["practices"]), only=src["rules_citing_only_practice"]))
    cases = stats["cases"]
    by = ", ".join(f"{k}: {v}" for k, v in sorted(cases["by_direction"].items()))
    lines.append(_s("cases", lang, n=cases["count"]) + (f" ({by})" if by else ""))
    lines.extend(render_languages(stats["languages"], lang))
    return "\n".join(lines)


def render_languages(cov: dict[str, Any], lang: str) -> list[str]:
    """Coverage per language: ``ru 612 (100%), en 612 (100%), kk 0 (0%)`` and the files that are not complete."""
    total = cov["texts"]
    langs = ", ".join(f"{x} {cov[x]} ({100 * cov[x] // total if total else 100}%)" for x in LANGS)
    lines = [_s("languages", lang, texts=total, langs=langs)]
    incomplete = []
    for name, c in cov["by_file"].items():
        short = [f"{x} {c[x]}/{c['texts']}" for x in LANGS if c[x] < c["texts"]]
        if short:
            incomplete.append(f"{name} ({', '.join(short)})")
    if incomplete:
        lines.append(_s("incomplete", lang, files="; ".join(incomplete)))
    return lines
