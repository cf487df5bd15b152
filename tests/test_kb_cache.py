"""The KB cache: a second start reads the validated KB from the user's cache; a stale, corrupt or foreign
cache file is ignored, never trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from expert.rules import cache
from expert.rules.cache import load_kb_cached


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("EXPERT_CACHE_DIR", str(home))
    monkeypatch.delenv("EXPERT_CACHE", raising=False)
    return home


def cached_files(home: Path) -> list[Path]:
    return sorted(home.glob("kb-*.pickle"))


def test_second_load_comes_from_the_cache(kb_copy: Path, cache_home: Path, monkeypatch) -> None:
    first = load_kb_cached(kb_copy)
    [path] = cached_files(cache_home)
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(cache, "load_kb", lambda root: pytest.fail("the YAML was loaded again"))
    again = load_kb_cached(kb_copy)
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    assert again.plan.strata and len(again.plan.nodes) == len(first.plan.nodes)


def test_an_edited_kb_is_loaded_afresh(kb_copy: Path, cache_home: Path) -> None:
    load_kb_cached(kb_copy)
    rules = next((kb_copy / "rules").glob("*.yaml"))
    text = rules.read_text(encoding="utf-8")
    data = json.loads(text) if text.lstrip().startswith("{") else None
    if data is None:
        rules.write_text(text + "\n# edited\n", encoding="utf-8")
    else:
        rules.write_text(json.dumps(data) + "\n", encoding="utf-8")
    before = cached_files(cache_home)[0].read_bytes()
    load_kb_cached(kb_copy)
    assert cached_files(cache_home)[0].read_bytes() != before  # the new key was written


@pytest.mark.parametrize("damage", ["garbage", "truncated", "open_to_others"])
def test_a_damaged_or_foreign_cache_file_is_ignored(kb_copy: Path, cache_home: Path, monkeypatch, damage) -> None:
    expected = [r.id for r in load_kb_cached(kb_copy).rules]
    [path] = cached_files(cache_home)
    if damage == "garbage":
        path.write_bytes(b"not a cache\n")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    else:
        os.chmod(path, 0o644)
    loaded = []
    real = cache.load_kb
    monkeypatch.setattr(cache, "load_kb", lambda root: loaded.append(root) or real(root))
    assert [r.id for r in load_kb_cached(kb_copy).rules] == expected
    assert loaded == [kb_copy]
