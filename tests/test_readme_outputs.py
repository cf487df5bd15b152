"""The README shows what the commands print today: every generated block matches its command's output."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("make_docs", ROOT / "docs" / "make_docs.py")
make_docs = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["make_docs"] = make_docs  # dataclasses look their module up there
_spec.loader.exec_module(make_docs)  # type: ignore[union-attr]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("block", make_docs.BLOCKS, ids=lambda b: b.name)
def test_readme_shows_what_the_command_prints(block):
    shown = make_docs.shown(README, block.name)
    assert shown is not None, f"README.md lost the marker <!-- generated: {block.name} -->"
    assert shown == make_docs.fenced(block), (
        f"README.md block {block.name!r} no longer matches what `expert {' '.join(block.args)}` prints; "
        f"regenerate it with: {make_docs.COMMAND}")


def test_readme_names_the_pictures_the_script_draws():
    for picture in make_docs.PICTURES:
        assert f"docs/img/{picture}" in README and (ROOT / "docs" / "img" / picture).exists()
