"""How much of a knowledge base's text is written in each language (``kb stats``), and which texts lack
one (``kb check``, KB011). A text is any mapping with ``ru`` and ``en`` keys, in any file of the KB."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from expert.errors import UserError
from expert.rules.yamlio import Document, read_document

LANGS = ("ru", "en", "kk")
NOT_TEXTS = ("glossary.yaml",)  # the glossary pairs terms; it is not text shown to users


def is_text(value: Any) -> bool:
    """A mapping of ru and en strings (lists of synonyms per language are not texts)."""
    return (isinstance(value, dict) and "ru" in value and "en" in value
            and not isinstance(value["ru"], list) and not isinstance(value["en"], list))


def written(value: dict, lang: str) -> bool:
    return isinstance(value.get(lang), str) and bool(value[lang].strip())


def texts_in(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """(location, text mapping) of every text in a YAML document's data."""
    if is_text(data):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from texts_in(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from texts_in(v, (*loc, i))


def documents(root: Path) -> list[Document]:
    docs = []
    for path in sorted(root.rglob("*.yaml")):
        if path.name not in NOT_TEXTS:
            with contextlib.suppress(UserError):  # kb check reports unreadable files
                docs.append(read_document(path))
    return docs


def coverage(root: Path) -> dict[str, Any]:
    """Texts in the KB and how many are written in each language, in all and per file (cases: per folder)."""
    total = {"texts": 0, **{lang: 0 for lang in LANGS}}
    by_file: dict[str, dict[str, int]] = {}
    for doc in documents(root):
        counts = {"texts": 0, **{lang: 0 for lang in LANGS}}
        for _, text in texts_in(doc.data):
            counts["texts"] += 1
            for lang in LANGS:
                counts[lang] += written(text, lang)
        if counts["texts"]:
            name = doc.path.relative_to(root).as_posix()
            if name.startswith("cases/"):  # one reference case per file: counted as one folder
                name = "cases/"
            entry = by_file.setdefault(name, {key: 0 for key in counts})
            for key, n in counts.items():
                entry[key] += n
                total[key] += n
    return {**total, "by_file": by_file}


def carries_kazakh(docs: list[Document]) -> bool:
    """A KB with any Kazakh text must carry Kazakh everywhere (KB011); one without is Russian/English only."""
    return any("kk" in text for doc in docs for _, text in texts_in(doc.data))
