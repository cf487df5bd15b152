"""Every output file is written whole or not at all, with the mode its content calls for."""

from __future__ import annotations

from pathlib import Path

import pytest

from expert import files
from expert.errors import UserError


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    files.write_atomic(tmp_path / "x.dot", b"digraph {}")
    (tmp_path / "plain").write_bytes(b"")
    assert (tmp_path / "x.dot").stat().st_mode == (tmp_path / "plain").stat().st_mode
    assert (tmp_path / "x.dot").read_bytes() == b"digraph {}"


def test_private_files_are_for_their_owner_only(tmp_path: Path) -> None:
    files.write_atomic(tmp_path / "s.json", "{«ответы»}", private=True)
    assert (tmp_path / "s.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == "{«ответы»}"


def test_write_atomic_cleans_up_on_error_and_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "x.dot").write_text("previous", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError):
        files.write_atomic(tmp_path / "x.dot", b"digraph {}")
    assert [p.name for p in tmp_path.iterdir()] == ["x.dot"]
    assert (tmp_path / "x.dot").read_text(encoding="utf-8") == "previous"


def test_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        files.write_atomic(tmp_path / "nowhere" / "x.svg", b"")
