"""A cache of loaded knowledge bases, so a command on one student does not re-validate the YAML every time.

The validated KB (with its evaluation plan) is kept under the user's cache directory, one file per KB
folder, keyed by a fingerprint of the KB files' content, the folder and the loader's own code. A cache
file that is stale, unreadable, not the user's own or open to others is ignored (and replaced); the
cache is only ever a shortcut to what ``load_kb`` returns. ``EXPERT_CACHE_DIR`` moves it; ``EXPERT_CACHE=0``
turns it off.

The loader (YAML, validation, networkx for the strata) is imported only when the cache cannot answer: a
command on one student with a warm cache does not pay for it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from expert.rules.kb import KnowledgeBase

FORMAT = b"expert-kb-cache/1"
CODE = Path(__file__).resolve().parent  # the loader, schema and condition language: what a cached KB is made of
GUARD = CODE.parent / "guard.py"  # the input limits the loader applies


def cache_dir() -> Path:
    configured = os.environ.get("EXPERT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("expert-socped"))


def kb_key(root: Path) -> str:
    """Fingerprint of the KB files, the folder they are in and the code that loads them."""
    digest = hashlib.sha256(FORMAT)
    digest.update(str(root.resolve()).encode())
    files = sorted(root.glob("*.yaml")) + sorted((root / "rules").glob("*.yaml")) + sorted(CODE.glob("*.py"))
    files += [GUARD] if GUARD.is_file() else []
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _read(path: Path, key: str) -> KnowledgeBase | None:
    try:
        info = path.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None  # only a file of the user's own, closed to others, is trusted
        with path.open("rb") as handle:
            if handle.readline().rstrip(b"\n") != FORMAT + b" " + key.encode():
                return None
            kb = pickle.load(handle)
    except Exception:  # unreadable, truncated or from another version: load afresh
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _write(path: Path, key: str, kb: KnowledgeBase) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(FORMAT + b" " + key.encode() + b"\n")
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # a read-only or full disk only costs the next start its speed
        tmp.unlink(missing_ok=True)


def load_kb(root: Path) -> KnowledgeBase:
    from expert.rules import loader

    return loader.load_kb(root)


def load_kb_cached(root: Path | str) -> KnowledgeBase:
    """``load_kb(root)``, from the cache when it holds this very KB; problems are reported as by load_kb."""
    root = Path(root)
    if os.environ.get("EXPERT_CACHE") == "0" or not root.is_dir():
        return load_kb(root)
    try:
        key = kb_key(root)
    except OSError:
        return load_kb(root)
    path = cache_dir() / f"kb-{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]}.pickle"
    kb = _read(path, key)
    if kb is None:
        kb = load_kb(root)
        kb.plan  # noqa: B018  (built now, so the cached copy carries it)
        _write(path, key, kb)
    return kb
