"""The README states the input guard's limits as the code has them."""

from __future__ import annotations

from pathlib import Path

from expert import guard

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_states_every_guard_limit():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Пределы входных данных · Input limits", 1)[1].split("\n## ", 1)[0]
    stated = {
        "MAX_DOCUMENT_BYTES": guard.human_size(guard.MAX_DOCUMENT_BYTES),
        "MAX_KB_FILE_BYTES": guard.human_size(guard.MAX_KB_FILE_BYTES),
        "MAX_RULES": f"{guard.MAX_RULES:,} rules",
        "MAX_LINE_CHARS": f"{guard.MAX_LINE_CHARS:,} characters",
        "MAX_DEPTH": f"{guard.MAX_DEPTH} levels",
        "MAX_NUMBER_CHARS": f"{guard.MAX_NUMBER_CHARS} characters",
        "MAX_MAGNITUDE": {1e9: "10⁹", 1e12: "10¹²", 1e15: "10¹⁵"}.get(guard.MAX_MAGNITUDE, repr(guard.MAX_MAGNITUDE)),
        "MAX_NODES": f"{guard.MAX_NODES:,} values",
        "MAX_CELL_CHARS": f"{guard.MAX_CELL_CHARS:,} characters",
        "MAX_LINE_BYTES": guard.human_size(guard.MAX_LINE_BYTES),
        "MAX_XLSX_EXPANDED": f"{guard.human_size(guard.MAX_XLSX_EXPANDED)} unpacked",
        "MAX_XLSX_SHARED_STRINGS": f"{guard.human_size(guard.MAX_XLSX_SHARED_STRINGS)} shared strings",
        "MAX_XLSX_MEMBERS": f"{guard.MAX_XLSX_MEMBERS:,} parts",
    }
    missing = {name: words for name, words in stated.items() if words not in section}
    assert not missing, missing
