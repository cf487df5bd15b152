"""The glossary (knowledge_base/glossary.yaml): its shape, and that the Kazakh texts use its terms — in the
knowledge base and in the code's messages, wherever the Russian text uses the term, the Kazakh one does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from expert.kbtools.coverage import documents, texts_in
from expert.locale.kk import KK
from expert.rules.yamlio import read_document

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "knowledge_base"
GLOSSARY = read_document(KB / "glossary.yaml")
TERMS = GLOSSARY.data["terms"]


def _compiled(term: dict, lang: str) -> re.Pattern[str]:
    return re.compile(term[f"{lang}_match"], re.IGNORECASE)


def test_every_term_has_its_three_languages_patterns_and_a_source():
    ids = [t["id"] for t in TERMS]
    assert len(ids) == len(set(ids))
    for term in TERMS:
        for key in ("ru", "kk", "en", "ru_match", "kk_match", "source"):
            assert isinstance(term.get(key), str) and term[key].strip(), (term["id"], key)
        # each pattern finds its own term, so a typo in a pattern cannot make the check pass vacuously
        assert _compiled(term, "ru").search(term["ru"]), term["id"]
        assert _compiled(term, "kk").search(term["kk"]), term["id"]


def _kb_texts() -> list[tuple[str, dict]]:
    return [(f"{doc.path.relative_to(KB)}:{doc.line_of(loc)}", text) for doc in documents(KB)
            for loc, text in texts_in(doc.data) if isinstance(text.get("kk"), str)]


def _inconsistent(pairs: list[tuple[str, str, str]]) -> list[str]:
    out = []
    for where, ru, kk in pairs:
        for term in TERMS:
            if _compiled(term, "ru").search(ru) and not _compiled(term, "kk").search(kk):
                out.append(f"{where}: «{term['ru']}» → «{term['kk']}» expected in: {kk!r}")
    return out


def test_kazakh_kb_texts_use_the_glossary_terms():
    pairs = [(where, text["ru"], text["kk"]) for where, text in _kb_texts()]
    bad = _inconsistent(pairs)
    assert not bad, "\n".join(bad)


def test_kazakh_messages_of_the_code_use_the_glossary_terms():
    bad = _inconsistent([("expert/locale", ru, kk) for ru, kk in KK.items()])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(("ru", "kk", "ok"), [
    ("Направление: группа риска", "Бағыт: тәуекел тобы", True),
    ("Направление: группа риска", "Бағыт: қауіп тобы", False),
    ("Девиантное поведение (§19)", "Девиантты мінез-құлқы (§19)", True),
])
def test_the_consistency_check_can_fail(ru, kk, ok):
    assert (not _inconsistent([("x", ru, kk)])) is ok
