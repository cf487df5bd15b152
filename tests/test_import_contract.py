"""Which code may import which: the core never reaches up into the applications built on it.

The core is everything in ``expert/`` but the command line (``expert/cli``), the web application
(``expert/web``) and the applications on top of the engine (``expert/consult``, ``expert/batch``,
``expert/kbtools``). The core never imports those, nor ``explain``; ``expert/rules`` is the pure model
of a knowledge base and imports neither the engine, its facts and compiler, nor the evaluator.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPLICATIONS = ("cli", "web", "consult", "batch", "kbtools")
UPWARD = ("explain", *(f"expert.{a}" for a in APPLICATIONS))
NOT_IN_RULES = ("experta", "expert.experta_compat", "expert.facts", "expert.engine", "expert.compiler",
                "expert.evaluator", "expert.outcome")


def imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
    return out


def reaches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def core_files() -> list[Path]:
    files = []
    for path in sorted((ROOT / "expert").rglob("*.py")):
        part = path.relative_to(ROOT / "expert").parts
        if part[0] not in APPLICATIONS and path.name != "__main__.py":  # __main__ is `python -m expert`: the CLI
            files.append(path)
    return files


def test_the_core_never_imports_the_applications_or_explain() -> None:
    files = core_files()
    assert len(files) > 20
    wrong = [f"{p.relative_to(ROOT)}: {n}" for p in files for n in imports(p) if reaches(n, UPWARD)]
    assert not wrong, wrong


def test_the_rules_package_is_the_pure_model() -> None:
    files = sorted((ROOT / "expert" / "rules").glob("*.py"))
    wrong = [f"{p.relative_to(ROOT)}: {n}" for p in files for n in imports(p) if reaches(n, NOT_IN_RULES)]
    assert not wrong, wrong


def test_the_contract_test_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from explain.graph import explanation_graph\n", encoding="utf-8")
    assert any(reaches(n, UPWARD) for n in imports(module))
