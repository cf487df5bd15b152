"""Reading YAML 1.2 and JSON safely, keeping the line of every node for error messages."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode

from expert import guard
from expert.errors import UserError

Loc = tuple[str | int, ...]


class Document:
    """Plain Python data from one file plus the line where each node starts (1-based)."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest node of ``loc`` that is known (pydantic locations may go deeper)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class GuardedComposer(Composer):
    """ruamel's composer with the input guard applied while the document is built, before anything recurses:
    nesting depth, number length, and anchors/aliases (refused, or — in a knowledge base — bounded by the
    number of values they expand to, a self-reference refused)."""

    def __init__(self, loader: Any = None):
        super().__init__(loader)
        self.allow_aliases = bool(getattr(loader, "guard_allow_aliases", False))
        self.guard_depth = 0
        self.sizes: dict[int, int] = {}  # id(node) -> values under it, aliases expanded

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            if not self.allow_aliases:
                raise guard.GuardError("alias", line)
            if isinstance(event, AliasEvent):
                target = self.anchors.get(event.anchor)
                if target is not None and id(target) not in self.sizes:
                    raise guard.GuardError("self_alias", line, name=guard.escape_controls(str(event.anchor)))
        if isinstance(event, ScalarEvent) and (event.style is None or event.tag is not None) \
                and len(event.value) > guard.MAX_NUMBER_CHARS and guard.looks_numeric(event.value):
            raise guard.GuardError("long_number", line, limit=guard.MAX_NUMBER_CHARS)
        self.guard_depth += 1
        if self.guard_depth > guard.MAX_DEPTH:
            raise guard.GuardError("too_deep", line, limit=guard.MAX_DEPTH)
        node = super().compose_node(parent, index)
        self.guard_depth -= 1
        if id(node) not in self.sizes:
            children = node.value if isinstance(node, SequenceNode) else (
                [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else [])
            size = 1 + sum(self.sizes.get(id(child), 1) for child in children)
            if size > guard.MAX_NODES:
                raise guard.GuardError("too_many_nodes", line, limit=guard.MAX_NODES)
            self.sizes[id(node)] = size
        return node


def _reader(allow_aliases: bool = False) -> YAML:
    # The round-trip loader builds only maps, lists and scalars (no Python objects) and remembers lines.
    reader = YAML(typ="rt", pure=True)
    reader.version = (1, 2)
    reader.allow_duplicate_keys = False
    reader.Composer = GuardedComposer
    reader.guard_allow_aliases = allow_aliases  # type: ignore[attr-defined]
    return reader


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                line, _col = node.lc.key(key)
                lines[(*loc, key)] = line + 1
            except (KeyError, TypeError, AttributeError):
                pass
            out[key] = _plain(value, (*loc, key), lines)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            try:
                line, _col = node.lc.item(i)
                lines[(*loc, i)] = line + 1
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
            out_list.append(_plain(value, (*loc, i), lines))
        return out_list
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node if isinstance(node, str | int | float) else str(node)


def read_document(path: Path, max_bytes: int = guard.MAX_DOCUMENT_BYTES, allow_aliases: bool = False) -> Document:
    """Read a .yaml/.yml/.json file; any problem becomes a one-line UserError with the line.

    The input guard applies throughout: at most ``max_bytes``, nesting, number length, valid Unicode, no
    duplicate keys; YAML anchors and aliases only with ``allow_aliases`` (knowledge bases), and bounded.
    """
    path = Path(path)
    guard.check_size(path, max_bytes)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError.single(str(path), "file not found / файл не найден") from None
    except IsADirectoryError:
        raise UserError.single(str(path), "is a directory, expected a file / это папка, а не файл") from None
    except UnicodeDecodeError as exc:
        raise UserError.single(str(path), f"not UTF-8 text (byte {exc.start}) / файл не в кодировке UTF-8 "
                                          f"(байт {exc.start})") from None
    except OSError as exc:
        raise UserError.single(str(path), f"cannot read: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            return _json_document(path, text)
        return _yaml_document(path, text, allow_aliases)
    except guard.GuardError as exc:
        raise exc.user_error(path) from None


def _json_document(path: Path, text: str) -> Document:
    lines: dict[Loc, int] = {(): 1}
    try:
        data = guard.load_json(text)
    except json.JSONDecodeError as exc:
        raise UserError.single(str(path), f"malformed JSON: {exc.msg}", exc.lineno, f"column {exc.colno}") from None
    except guard.GuardError as exc:
        if exc.kind == "surrogate":
            _json_lines(text, lines)
            exc.line = Document(path, None, lines).line_of(_loc_of(lines, exc.location))
        raise
    _json_lines(text, lines)
    return Document(path, data, lines)


def _json_lines(text: str, lines: dict[Loc, int]) -> None:
    # JSON is YAML 1.2 flow style: re-read for the lines only (not when a line is too long to re-read fast).
    with contextlib.suppress(YAMLError, ValueError, TypeError):
        guard.check_line_lengths(text)
        _plain(_reader().load(text), (), lines)


def _yaml_document(path: Path, text: str, allow_aliases: bool) -> Document:
    guard.check_line_lengths(text)
    guard.check_flow_depth(text)
    lines: dict[Loc, int] = {(): 1}
    try:
        node = _reader(allow_aliases).load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        key = (exc.problem or "").split('"')[1] if '"' in (exc.problem or "") else ""
        raise UserError.single(str(path), f"duplicate key {key!r}".replace(" ''", ""), line) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        raise UserError.single(str(path), f"malformed YAML: {what}", line) from None
    except (YAMLError, ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a tagged value
        if isinstance(exc, guard.GuardError):
            raise
        raise UserError.single(str(path), f"malformed YAML: {str(exc).splitlines()[0] if str(exc) else exc!r}"
                               ) from None
    doc = Document(path, _plain(node, (), lines), lines)
    if "\\" in text:  # only an escape in a double-quoted scalar can make a lone surrogate
        where = guard.find_surrogate(doc.data)
        if where is not None:
            raise guard.GuardError("surrogate", doc.line_of(_loc_of(lines, where[0])), where[0], value=where[1])
    return doc


def _loc_of(lines: dict[Loc, int], where: str) -> Loc:
    """The ``lines`` key whose dotted form is ``where`` (the location find_surrogate reports)."""
    def dotted(loc: Loc) -> str:
        return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))

    return next((loc for loc in lines if dotted(loc) == where), ())


def read_kb_document(path: Path) -> Document:
    """A knowledge-base file or reference case: larger files, and YAML aliases allowed but bounded."""
    return read_document(path, guard.MAX_KB_FILE_BYTES, allow_aliases=True)
