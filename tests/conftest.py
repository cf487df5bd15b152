from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from expert.engine import Classifier

# A Kazakh text that is missing fails the test that asks for it (expert.i18n's fallback rule), here and in
# the commands tests run as subprocesses; the default language is Russian whatever the machine's locale.
os.environ["EXPERT_I18N_STRICT"] = "1"
os.environ["EXPERT_LANG"] = "ru"
# The KB cache of the commands tests run goes to a folder of this test run, not the user's cache.
os.environ.setdefault("EXPERT_CACHE_DIR", tempfile.mkdtemp(prefix="expert-test-cache-"))

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
