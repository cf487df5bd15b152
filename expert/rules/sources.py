"""How a source is shown to people: the paragraphs of the document a rule cites and the practices it names,
in the reader's language, from the catalogue in ``knowledge_base/sources.yaml``."""

from __future__ import annotations

from expert.i18n import choose
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import SourceRef

DOCUMENT_PARAGRAPHS = range(1, 35)  # the source document has §1–§34


def practice_word(lang: str) -> str:
    return choose("практика", "practice", lang)


def practice_title(kb: KnowledgeBase, practice: str, lang: str) -> str:
    known = kb.practices.get(practice)
    return known.title.get(lang) if known else practice


def cite(kb: KnowledgeBase, source: SourceRef | None, lang: str) -> str:
    """"§19, §20; практика: Показатели раннего предупреждения…" — empty when there is no source."""
    if source is None:
        return ""
    parts = [", ".join(f"§{n}" for n in source.paragraphs)] if source.paragraphs else []
    if source.practice:
        parts.append(f"{practice_word(lang)}: " + "; ".join(practice_title(kb, p, lang) for p in source.practice))
    return "; ".join(parts)


def cite_short(source: SourceRef | None, lang: str) -> str:
    """The paragraphs only, for a picture: "§19, §20 + практика"."""
    if source is None:
        return ""
    paragraphs = ", ".join(f"§{n}" for n in source.paragraphs)
    if not source.practice:
        return paragraphs
    return f"{paragraphs} + {practice_word(lang)}" if paragraphs else practice_word(lang)


def paragraph_text(kb: KnowledgeBase, n: int, lang: str) -> str | None:
    """What §n says, in the knowledge base's own words; None when sources.yaml does not have it."""
    text = kb.paragraphs.get(n)
    return text.get(lang) if text else None


def explain_source(kb: KnowledgeBase, source: SourceRef | None, lang: str) -> str:
    """The citation followed by what each cited paragraph says: a graph's tooltip, a report's note."""
    if source is None:
        return ""
    lines = [cite(kb, source, lang)]
    for n in source.paragraphs:
        text = paragraph_text(kb, n, lang)
        if text:
            lines.append(f"§{n}: {text}")
    return "\n".join(lines)
