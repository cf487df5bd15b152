"""``expert kb source N``: what §N of the source document says (in the knowledge base's own words) and
which rules, conclusions and scores cite it."""

from __future__ import annotations

import re
import textwrap

from expert.errors import UserError
from expert.i18n import pick
from expert.rules.kb import KnowledgeBase
from expert.rules.sources import DOCUMENT_PARAGRAPHS, paragraph_text

WIDTH = 100

TEXTS: dict[str, tuple[str, str]] = {
    "bad": ("укажите номер параграфа документа, §1–§34 (например, 20 или §20)",
            "give a paragraph number of the document, §1–§34 (e.g. 20 or §20)"),
    "missing": ("в sources.yaml нет пересказа §{n}", "sources.yaml has no summary of §{n}"),
    "rules": ("Правила, которые ссылаются на §{n} ({count}):", "Rules citing §{n} ({count}):"),
    "none": ("Ни одно правило не ссылается на §{n}.", "No rule cites §{n}."),
    "others": ("Ссылаются также: {items}", "Also cited by: {items}"),
    "note": ("Пересказ базы знаний, не цитата документа.", "The knowledge base's summary, not a quotation."),
}


def paragraph_number(value: str, lang: str) -> int:
    """20 from "20", "§20" or "§ 20"; a UserError in the user's language for anything else."""
    match = re.fullmatch(r"\s*§?\s*(\d+)\s*", value)
    if not match or int(match.group(1)) not in DOCUMENT_PARAGRAPHS:
        raise UserError.single(value, pick(TEXTS, "bad", lang))
    return int(match.group(1))


def paragraph_report(kb: KnowledgeBase, n: int, lang: str) -> str:
    """§N in our words, then the rules (title and id) and other items that cite it."""
    text = paragraph_text(kb, n, lang)
    if text is None:
        raise UserError.single(str(kb.root / "sources.yaml"), pick(TEXTS, "missing", lang, n=n))
    lines = [*textwrap.wrap(f"§{n}. {text}", WIDTH), f"({pick(TEXTS, 'note', lang)})", ""]
    rules = [r for r in kb.rules if n in r.definition.source.paragraphs]
    if rules:
        lines.append(pick(TEXTS, "rules", lang, n=n, count=len(rules)))
        lines += [f"  - {r.definition.title.get(lang)} [{r.id}]" for r in rules]
    else:
        lines.append(pick(TEXTS, "none", lang, n=n))
    others = [c for c, d in kb.conclusions.items() if d.source and n in d.source.paragraphs]
    others += [s for s, score in kb.scores.items() if n in score.definition.source.paragraphs]
    if others:
        lines.append(pick(TEXTS, "others", lang, items=", ".join(others)))
    return "\n".join(lines)
