"""Regenerate what the README shows from the current code and knowledge base: the example outputs between
``<!-- generated: NAME -->`` and ``<!-- /generated -->`` markers, and the pictures in docs/img/.

    .venv/bin/python docs/make_docs.py            # rewrite README.md blocks and docs/img/*.png
    .venv/bin/python docs/make_docs.py --check    # exit 1 and name the stale blocks, change nothing

``tests/test_readme_outputs.py`` fails when a block no longer matches what its command prints. The knowledge
base's version hash is shown as «…» (it changes with every edit of the KB and says nothing to a reader).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
IMAGES = ROOT / "docs" / "img"
COMMAND = ".venv/bin/python docs/make_docs.py"
VERSION = re.compile(r"(База знаний|Knowledge base|Білім қоры)(:? )[0-9a-f]{12}\b")
# A profile with two mistakes, written where the error example runs (examples/ keeps valid profiles only).
BAD_PROFILE = "id: S-0001\nanswers:\n  truancy_share: 300\n  ghost: yes\n"


@dataclass(frozen=True)
class Block:
    """One example output: the ``expert`` arguments, typed input, and which lines of the output to show."""

    name: str
    args: tuple[str, ...]
    typed: tuple[str, ...] = ()
    shown_command: str | None = None  # printed as «$ command» above an error example
    start: str | None = None  # show from the first line starting with this…
    stop: str | None = None  # …up to (not including) the first later line starting with this
    env: dict[str, str] = field(default_factory=dict)


BLOCKS = (
    Block("classify-risk-group", ("classify", "examples/risk_group.yaml")),
    Block("classify-errors", ("classify", "bad.yaml"), shown_command="expert classify bad.yaml"),
    Block("consult-why", ("consult", "--student", "S-0042", "--today", "2026-01-10", "--session", "{tmp}/s.json"),
          typed=("нет", "нет", "почему", "почему", "почему", "нет", "сохранить"),
          start="Вопрос 3", stop="Вопрос 4"),
    Block("explain-how", ("explain", "examples/risk_group.yaml", "--how", "direction_risk_group")),
    Block("explain-why-not", ("explain", "examples/risk_group.yaml", "--why-not", "well_off", "--lang", "en")),
    Block("explain-what-if", ("explain", "examples/risk_group.yaml", "--what-if", "--max-changes", "4")),
)
PICTURES = {f"explain_{name}.png": f"examples/{name}.yaml" for name in ("deviant", "risk_group", "well_off")}


@contextmanager
def _workspace() -> Iterator[Path]:
    """Run from the repository root (the commands name examples/… relative to it), with a scratch folder."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bad.yaml").write_text(BAD_PROFILE, encoding="utf-8")
        os.chdir(ROOT)
        try:
            yield Path(tmp)
        finally:
            os.chdir(before)


def _cut(text: str, block: Block) -> str:
    lines = text.splitlines()
    if block.start is not None:
        lines = lines[next(i for i, line in enumerate(lines) if line.startswith(block.start)):]
    if block.stop is not None:
        lines = lines[:next((i for i, line in enumerate(lines) if line.startswith(block.stop)), len(lines))]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def output_of(block: Block) -> str:
    """What the block's command prints today (the text the README must show)."""
    from click.testing import CliRunner

    from expert.cli import main

    with _workspace() as tmp:
        args = [a.replace("{tmp}", str(tmp)) for a in block.args]
        if block.name == "classify-errors":
            args = [str(tmp / "bad.yaml") if a == "bad.yaml" else a for a in args]
        env = {"EXPERT_LANG": "ru", **block.env}
        result = CliRunner().invoke(main, args, input="".join(f"{line}\n" for line in block.typed), env=env,
                                    prog_name="expert")
    text = result.stderr if block.shown_command else result.stdout
    text = text.replace(f"{tmp}/", "")
    text = VERSION.sub(lambda m: f"{m.group(1)}{m.group(2)}…", text)
    if block.shown_command:
        text = f"$ {block.shown_command}\n{text}"
    return _cut(text, block)


def fenced(block: Block) -> str:
    return f"```text\n{output_of(block)}```\n"


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {re.escape(name)} -->\n)(.*?)(<!-- /generated -->)", re.S)


def shown(readme: str, name: str) -> str | None:
    """The text the README shows in block ``name``; None when the README has no such block."""
    found = _pattern(name).search(readme)
    return found.group(2) if found else None


def regenerate(readme: str) -> str:
    for block in BLOCKS:
        text = fenced(block)
        readme = _pattern(block.name).sub(lambda m, text=text: m.group(1) + text + m.group(3), readme)
    return readme


def draw_pictures() -> list[Path]:
    """docs/img/explain_*.png from the examples (needs Graphviz's dot)."""
    from click.testing import CliRunner

    from expert.cli import main

    if shutil.which("dot") is None:
        sys.exit("Graphviz (dot) is needed for the pictures: apt-get install graphviz")
    written = []
    with _workspace():
        for picture, profile in PICTURES.items():
            result = CliRunner().invoke(main, ["explain", profile, "-o", str(IMAGES / picture)],
                                        env={"EXPERT_LANG": "ru"})
            if result.exit_code != 0:
                sys.exit(f"{picture}: {result.output}")
            written.append(IMAGES / picture)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say which blocks are stale")
    args = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    missing = [b.name for b in BLOCKS if shown(readme, b.name) is None]
    if missing:
        print(f"README.md has no marker for: {', '.join(missing)}")
        return 1
    fresh = regenerate(readme)
    if args.check:
        stale = [b.name for b in BLOCKS if shown(readme, b.name) != shown(fresh, b.name)]
        print(f"stale: {', '.join(stale)}; run {COMMAND}" if stale else "README.md is up to date")
        return 1 if stale else 0
    README.write_text(fresh, encoding="utf-8")
    for path in draw_pictures():
        print(f"written {path.relative_to(ROOT)}")
    print("README.md regenerated")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
