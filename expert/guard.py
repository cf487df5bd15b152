"""The input guard: limits every reader applies to what it is given, before and while parsing.

Profiles, answers files, consultation sessions, column maps, rosters and knowledge-base files come from
people and other programs. Whatever they hold, reading them must end in a result or in one located line
(exit 2) — never a traceback, a hang or a memory blow-up. The limits are far above anything real (the
bundled knowledge base's largest file is 64 kB, 8 levels deep) and are stated in the README.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any

from expert.errors import UserError, escape_controls
from expert.i18n import pick

MAX_DOCUMENT_BYTES = 256 << 10  # a profile, answers file, column map or session
MAX_KB_FILE_BYTES = 512 << 10  # one knowledge-base file or reference case (the YAML parser reads ~100 kB/s)
MAX_LINE_CHARS = 100_000  # one line of a YAML file (the YAML parser is quadratic in a line's length: ~0.1 s)
MAX_DEPTH = 64  # nesting of maps and lists in any document or JSONL line
MAX_NUMBER_CHARS = 30  # characters of one number (digits, sign, point, exponent)
MAX_NODES = 100_000  # values in one document, aliases expanded (knowledge bases only may use them)
MAX_RULES = 2_000  # rules in one knowledge base (all rule files together)
MAX_MAGNITUDE = 1e12  # |a number| in a knowledge base (weights, parameters, thresholds)
MAX_LINE_BYTES = 1 << 20  # one JSONL line
MAX_CELL_CHARS = 131_072  # one CSV cell (Python's csv field limit; Excel's own is 32,767)
MAX_XLSX_EXPANDED = 512 << 20  # all members of an .xlsx archive, uncompressed
MAX_XLSX_SHARED_STRINGS = 64 << 20  # its shared strings, which a reader holds in memory
MAX_XLSX_MEMBERS = 10_000

MESSAGES: dict[str, tuple[str, str]] = {
    "too_big": ("файл больше {limit}: {size}", "the file is larger than {limit}: {size}"),
    "too_deep": ("вложенность глубже {limit} уровней", "nested deeper than {limit} levels"),
    "alias": ("якоря и ссылки YAML (&, *) здесь не допускаются",
              "YAML anchors and aliases (&, *) are not allowed here"),
    "self_alias": ("ссылка YAML *{name} указывает на узел, внутри которого стоит",
                   "YAML alias *{name} refers to the node it is inside"),
    "too_many_nodes": ("больше {limit} значений (с раскрытыми ссылками YAML)",
                       "more than {limit} values (YAML aliases expanded)"),
    "long_number": ("число длиннее {limit} знаков", "a number longer than {limit} characters"),
    "bad_number": ("число {value} недопустимо (бесконечность или не число)", "the number {value} is not finite"),
    "big_number": ("число по модулю больше {limit:g}", "the number exceeds {limit:g} in magnitude"),
    "surrogate": ("строка содержит одиночный суррогат UTF-16 ({value}): это не текст Unicode",
                  "a string holds a lone UTF-16 surrogate ({value}): not valid Unicode"),
    "duplicate_key": ("ключ {name} повторяется", "duplicate key {name}"),
    "long_line": ("строка длиннее {limit} байт", "a line longer than {limit} bytes"),
    "long_text_line": ("строка длиннее {limit} знаков", "a line longer than {limit} characters"),
    "too_many_rules": ("правил больше {limit}", "more than {limit} rules"),
    "long_cell": ("ячейка длиннее {limit} знаков", "a cell longer than {limit} characters"),
    "xlsx_bomb": ("книга Excel распаковывается в {size} (предел {limit}): не читается",
                  "the workbook unpacks to {size} (limit {limit}): not read"),
    "xlsx_members": ("в книге Excel больше {limit} частей", "the workbook has more than {limit} parts"),
}

_NUMBER_LIKE = re.compile(r"[-+]?[0-9._]*[0-9][0-9._]*([eE][-+]?[0-9_]*)?|[-+]?0[xXoObB][0-9a-fA-F_]+")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# YAML flow brackets outside quoted scalars and comments (a rough reading; it only has to see deep nesting)
_YAML_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|(?<=\s))#[^\n]*|[\[\]{}]', re.M)
_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")


class GuardError(ValueError):
    """A refusal: the key of its message and where it happened (line, location) when known."""

    def __init__(self, kind: str, line: int | None = None, location: str = "", **kwargs: Any):
        self.kind, self.line, self.location, self.kwargs = kind, line, location, kwargs
        super().__init__(message(kind, "en", **kwargs))

    def text(self, lang: str | None = None) -> str:
        return message(self.kind, lang, **self.kwargs)

    def user_error(self, path: Path | str) -> UserError:
        return UserError.single(str(path), self.text(), self.line, self.location)


def message(kind: str, lang: str | None = None, **kwargs: Any) -> str:
    """One language's text, or both (English / Russian, as the file readers write them) without ``lang``."""
    if lang is not None:
        return pick(MESSAGES, kind, lang, **kwargs)
    return f"{pick(MESSAGES, kind, 'en', **kwargs)} / {pick(MESSAGES, kind, 'ru', **kwargs)}"


def human_size(size: int) -> str:
    if size >= 1 << 20:
        mib = size / (1 << 20)
        return f"{mib:.0f} MiB" if mib >= 100 or mib.is_integer() else f"{mib:.1f} MiB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} B"


def check_size(path: Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` before reading it (a missing file is the caller's to report)."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > limit:
        raise GuardError("too_big", limit=human_size(limit), size=human_size(size)).user_error(path)


def check_flow_depth(text: str) -> None:
    if "[" in text or "{" in text:
        check_json_depth(text, _YAML_TOKEN)


def check_line_lengths(text: str) -> None:
    """Refuse a YAML text with a line longer than ``MAX_LINE_CHARS`` (before the parser sees it)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise GuardError("long_text_line", number, limit=MAX_LINE_CHARS)


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_number_text(text: str, line: int | None = None) -> None:
    if len(text) > MAX_NUMBER_CHARS:
        raise GuardError("long_number", line, limit=MAX_NUMBER_CHARS)


def looks_numeric(text: str) -> bool:
    return _NUMBER_LIKE.fullmatch(text) is not None


def check_json_depth(text: str, tokens: re.Pattern = _JSON_TOKEN) -> None:
    """Nesting of a JSON text (or of a YAML text's flow collections), measured before parsing: ``json``
    recurses once per level, and ruamel's scanner reads a whole flow collection ahead, quadratically in its
    depth, before its composer sees the first level."""
    depth = 0
    for token in tokens.finditer(text):
        char = token[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise GuardError("too_deep", line_at(text, token.start()), limit=MAX_DEPTH)
        elif char in "]}":
            depth -= 1


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _int(text: str) -> int:
    check_number_text(text)
    return int(text)


def _float(text: str) -> float:
    check_number_text(text)
    value = float(text)
    if not math.isfinite(value):
        raise GuardError("bad_number", value=text)
    return value


def _constant(text: str) -> Any:
    raise GuardError("bad_number", value=text)


def load_json(text: str) -> Any:
    """``json.loads`` with the guard: depth, number length, finite numbers, no duplicate keys, valid Unicode.

    Raises ``GuardError`` (with the line where it can tell) or ``json.JSONDecodeError``.
    """
    check_json_depth(text)
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except _Duplicate as exc:
        literal = json.dumps(exc.key, ensure_ascii=False)
        first = text.find(literal)
        second = text.find(literal, first + 1) if first >= 0 else -1
        raise GuardError("duplicate_key", line_at(text, second) if second >= 0 else None,
                         name=escape_controls(repr(exc.key))) from None
    except GuardError as exc:
        if exc.kind == "long_number" and exc.line is None:
            found = re.search(rf"[-+0-9.eE]{{{MAX_NUMBER_CHARS + 1},}}", text)
            exc.line = line_at(text, found.start()) if found else None
        raise
    if _SURROGATE_ESCAPE.search(text):
        where = find_surrogate(data)
        if where is not None:
            raise GuardError("surrogate", None, where[0], value=where[1])
    return data


def find_surrogate(data: Any, loc: str = "") -> tuple[str, str] | None:
    """(location, escaped text) of the first string (key or value) holding a lone surrogate, or None."""
    stack: list[tuple[str, Any]] = [(loc, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if not _encodable(node):
                return where, escape_controls(node[:40])
        elif isinstance(node, dict):
            for key, value in node.items():
                sub = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and not _encodable(key):
                    return escape_controls(sub), escape_controls(key[:40])
                stack.append((sub, value))
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(node))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_number_value(value: float | int) -> float | int:
    """A number a knowledge base computes with: finite and at most ``MAX_MAGNITUDE`` in magnitude."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(message("bad_number", value=value))
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(message("big_number", limit=MAX_MAGNITUDE))
    return value


def check_xlsx_archive(path: Path) -> None:
    """Bound what an .xlsx may expand to before any XML of it is parsed (zip bombs). The sizes in the
    archive's directory bound what ``zipfile`` will ever inflate, so checking them is enough."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip: the workbook reader says so in its own words
    if len(members) > MAX_XLSX_MEMBERS:
        raise GuardError("xlsx_members", limit=MAX_XLSX_MEMBERS).user_error(path)
    total = sum(m.file_size for m in members)
    shared = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_XLSX_SHARED_STRINGS:
        raise GuardError("xlsx_bomb", size=human_size(shared), limit=human_size(MAX_XLSX_SHARED_STRINGS)
                         ).user_error(path)
    if total > MAX_XLSX_EXPANDED:
        raise GuardError("xlsx_bomb", size=human_size(total), limit=human_size(MAX_XLSX_EXPANDED)).user_error(path)
