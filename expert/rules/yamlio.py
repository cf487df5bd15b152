"""Reading YAML 1.2 and JSON safely, keeping the line of every node for error messages."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

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


def _reader() -> YAML:
    # The round-trip loader builds only maps, lists and scalars (no Python objects) and remembers lines.
    reader = YAML(typ="rt", pure=True)
    reader.version = (1, 2)
    reader.allow_duplicate_keys = False
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


def read_document(path: Path) -> Document:
    """Read a .yaml/.yml/.json file; any problem becomes a one-line UserError with the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError.single(str(path), "file not found / файл не найден") from None
    except IsADirectoryError:
        raise UserError.single(str(path), "is a directory, expected a file / это папка, а не файл") from None
    except UnicodeDecodeError as exc:
        raise UserError.single(str(path), f"not UTF-8 text (byte {exc.start}) / файл не в кодировке UTF-8") from None
    except OSError as exc:
        raise UserError.single(str(path), f"cannot read: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError.single(str(path), f"malformed JSON: {exc.msg}", exc.lineno, f"column {exc.colno}") from None
        lines: dict[Loc, int] = {(): 1}
        with contextlib.suppress(YAMLError):  # JSON is YAML 1.2 flow style: re-read it for the lines only
            _plain(_reader().load(text), (), lines)
        return Document(path, data, lines)
    lines = {(): 1}
    try:
        node = _reader().load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        key = (exc.problem or "").split('"')[1] if '"' in (exc.problem or "") else ""
        raise UserError.single(str(path), f"duplicate key {key!r}".replace(" ''", ""), line) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        raise UserError.single(str(path), f"malformed YAML: {what}", line) from None
    except YAMLError as exc:
        raise UserError.single(str(path), f"malformed YAML: {str(exc).splitlines()[0]}") from None
    return Document(path, _plain(node, (), lines), lines)
