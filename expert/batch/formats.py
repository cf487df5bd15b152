"""Which files are rosters: the file-name endings and the format each means. Apart from the readers so that
``expert classify one.yaml`` can tell a profile from a roster without importing them."""

from __future__ import annotations

from pathlib import Path

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl",
           ".ndjson": "jsonl"}


def roster_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())
