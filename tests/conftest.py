from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from expert.engine import Classifier

ROOT = Path(__file__).resolve().parent.parent
SMALL_KB = ROOT / "tests" / "fixtures" / "kb_small"


@pytest.fixture(scope="session")
def small() -> Classifier:
    return Classifier.from_dir(SMALL_KB)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the small KB, for tests that break it."""
    target = tmp_path / "kb"
    shutil.copytree(SMALL_KB, target)
    return target
