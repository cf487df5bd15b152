"""Writing a whole file or nothing: what every output of the system (reports, sessions, graphs) goes through."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from expert.errors import UserError


def write_atomic(path: Path | str, data: str | bytes, *, private: bool = False) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over ``path``: a crash,
    Ctrl-C or a full disk leaves the previous file or the new one, never half of one.

    ``private`` keeps the file readable by its owner only (0600), for files that hold data about a student;
    otherwise it gets the mode a plain ``open()`` would give it.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError.single(str(path), f"folder {directory} does not exist / папки {directory} нет")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        if not private:  # mkstemp creates 0600
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
