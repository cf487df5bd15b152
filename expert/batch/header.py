"""Finding a roster's header row and deciding whether it was found at all.

School exports put a title («Список учащихся 5А класса»), a date or blank rows above the header; a
wrong delimiter or sheet gives a "header" in which nothing is recognised. The header is the first of
the leading rows with the most recognised columns; when too few are recognised the run stops with a
message saying what was expected and what was found, instead of classifying every row as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from expert.batch.columns import Column, Resolver, check_headers, header_key
from expert.batch.messages import m
from expert.errors import UserError
from expert.rules.kb import KnowledgeBase

MIN_SHARE = 0.5  # at least half of the named columns recognised (an answer, id, context, personal, --columns)
SHOWN = 6  # headers quoted in the message
NAME_LIKE = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’-]+(\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі.'’-]*){1,3}$")


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def recognised(columns: list[Column], keep: set[str]) -> int:
    return sum(1 for c in columns if c.header and (c.role != "unknown" or header_key(c.header) in keep))


def find_header(resolver: Resolver, candidates: list[list[Any]], keep: list[str]) -> int:
    """Index of the header among the leading non-blank rows: the first with the most recognised columns."""
    keys = {header_key(k) for k in keep}
    best, best_score = 0, 0
    for i, cells in enumerate(candidates):
        score = recognised([resolver.resolve(_text(c)) for c in cells], keys)
        if score > best_score:
            best, best_score = i, score
    return best


def check_recognised(columns: list[Column], keep: list[str], path: str, row: int, lang: str) -> None:
    """Stop (exit 2) when no answer column, or fewer than MIN_SHARE of the named columns, is recognised."""
    named = [c for c in columns if c.header]
    known = recognised(columns, {header_key(k) for k in keep})
    answers = sum(c.role == "input" for c in columns)
    if answers and known >= MIN_SHARE * len(named):
        return
    shown = ", ".join(f"«{c.header}»" for c in named[:SHOWN]) + (" …" if len(named) > SHOWN else "")
    raise UserError.single(path, m("header_not_found", lang, found=shown or "—", count=len(named), known=known,
                                   answers=answers, share=f"{MIN_SHARE:.0%}"), row)


def looks_like_names(values: list[Any]) -> bool:
    """Most of the (non-empty) ids look like «Фамилия Имя»: the id column probably holds names."""
    texts = [_text(v) for v in values if _text(v)]
    return bool(texts) and sum(bool(NAME_LIKE.match(t)) for t in texts) * 2 > len(texts)


def _quoted(headers: list[str]) -> str:
    return ", ".join(f"«{h}»" for h in headers)


def settle_header(roster: Any, resolver: Resolver, keep: list[str], path: str, lang: str,
                  warn: Callable[[str], None]) -> list[Column]:
    """Pick the header among the roster's leading rows, refuse one that matches too little, and say once
    what is done with each kind of column. Returns the columns of the chosen header."""
    index = find_header(resolver, roster.candidates(), keep)
    roster.use_header(index)
    if index:
        warn(m("header_found", lang, row=roster.header_row))
    columns = check_headers(resolver, roster.headers, keep, path, roster.header_row)
    check_recognised(columns, keep, path, roster.header_row, lang)
    ids = [i for i, c in enumerate(columns) if c.role == "id"]
    if resolver.id_column is not None and not ids:
        raise UserError.single(path, m("id_column_missing", lang, column=resolver.id_column), roster.header_row)
    keys = {header_key(k) for k in keep}
    unknown = [m("did_you_mean", lang, header=c.header, label=label) if (label := resolver.suggest(c.header, lang))
               else f"«{c.header}»" if c.header else f"#{i + 1}"
               for i, c in enumerate(columns) if c.role == "unknown" and header_key(c.header) not in keys]
    if unknown:
        warn(m("unknown_columns", lang, columns=", ".join(unknown)))
    personal = [c.header for c in columns if c.role == "personal" and header_key(c.header) not in keys]
    if personal:
        warn(m("personal_columns", lang, columns=_quoted(personal)))
    if not ids:
        warn(m("no_id_column", lang))
    elif looks_like_names([r.cells[ids[0]] if r.cells and len(r.cells) > ids[0] else None
                           for r in roster.head[index + 1:] if r.error is None]):
        warn(m("id_like_names", lang, column=columns[ids[0]].header))
    missing = missing_inputs(resolver.kb, columns, lang)
    if missing:
        warn(missing)
    return columns


def missing_inputs(kb: KnowledgeBase, columns: list[Column], lang: str) -> str:
    """The notice about questions without a column: their labels, grouped as the interview groups them."""
    present = {c.input for c in columns if c.role == "input"}
    missing = [inp for inp in kb.inputs.values() if inp.id not in present]
    if not missing:
        return ""
    groups = [m("missing_group", lang, group=g.title.get(lang),
                labels=_quoted([i.label.get(lang) for i in missing if i.group == gid]))
              for gid, g in kb.groups.items() if any(i.group == gid for i in missing)]
    return m("missing_inputs", lang, count=len(missing), total=len(kb.inputs), inputs="; ".join(groups))
