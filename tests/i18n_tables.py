"""Every message table of the code: module-level dicts of (ru, en) pairs used through ``expert.i18n.pick``.

Found by walking the ``expert`` and ``explain`` packages, so a table another module adds is covered
without being registered anywhere.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

PACKAGES = ("expert", "explain")


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _pairs(value: Any) -> list[tuple[str, str]] | None:
    """The (ru, en) pairs of a message table, or None when ``value`` is not one."""
    if not isinstance(value, dict) or not value:
        return None
    pairs = []
    for item in value.values():
        if _is_pair(item):
            pairs.append(item)
        elif _is_pair(getattr(item, "message", None)):  # catalogues of checks: CheckInfo(..., message=(ru, en))
            pairs.append(item.message)
        else:
            return None
    return pairs


def modules() -> Iterator[Any]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".locale." in info.name or info.name.endswith(".__main__"):
                continue
            yield importlib.import_module(info.name)


def message_tables() -> dict[str, list[tuple[str, str]]]:
    """``module.TABLE`` → its (ru, en) pairs, for every message table in the code."""
    found, seen = {}, set()
    for module in modules():
        for attr, value in vars(module).items():
            pairs = _pairs(value)
            if pairs is not None and id(value) not in seen:  # a table imported elsewhere is counted once
                seen.add(id(value))
                found[f"{module.__name__}.{attr}"] = pairs
    return dict(sorted(found.items()))


def inline_pairs() -> list[tuple[str, str, str]]:
    """(where, ru, en) of every ``choose("ru", "en", lang)`` call written in the code."""
    found = []
    for module in modules():
        source = inspect.getsource(module)
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "choose"
                    and len(node.args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                    for a in node.args[:2])):
                found.append((f"{module.__name__}:{node.lineno}", node.args[0].value, node.args[1].value))
    return found


def all_pairs() -> list[tuple[str, str, str]]:
    """(where, ru, en) of every message the code shows: the tables and the inline ``choose`` calls."""
    pairs = [(table, ru, en) for table, entries in message_tables().items() for ru, en in entries]
    return pairs + inline_pairs()
