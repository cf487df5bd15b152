"""Writing a whole file or nothing: what every output of the system (reports, sessions, graphs) goes through."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from expert.errors import UserError


def write_atomic(path: Path | str, data: str | bytes, *, private: bool = False) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over ``path``: a crash,
    Ctrl-C or a full disk leaves the previous file or the new one, never half of one.

    ``private`` keeps the file readable by its owner only (0600), for files that hold data about a student;
    otherwise it gets the mode a plain ``open()`` would give it.
    """
    path = Path(path)
    directory = require_folder(path)
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


def require_folder(path: Path) -> Path:
    """The folder ``path`` will be written in; one line (exit 2) when it does not exist, before any work."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError.single(str(path), f"folder {directory} does not exist / папки {directory} нет")
    return directory


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM_BYTES = 100


def student_file_stem(student_id: str) -> str:
    """The part of a file name that says whose file it is: the student id as typed (NFC), letters of any
    alphabet kept («7А-06» stays «7А-06»), only characters a path cannot hold replaced by «_», bounded length.

    Whenever the id had to be changed to fit (a character replaced, too long, a reserved Windows name), a
    short digest of the exact id is appended, so two different ids never share a file name: «7/А» and «7_А»
    get different files.
    """
    nfc = unicodedata.normalize("NFC", student_id)
    stem = _UNSAFE.sub("_", nfc).strip(" ._")
    fitted = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(" ._")
    if fitted == nfc and fitted.upper().split(".")[0] not in _WINDOWS_RESERVED:
        return fitted
    digest = hashlib.sha256(student_id.encode("utf-8")).hexdigest()[:8]
    return f"{fitted}-{digest}" if fitted else f"student-{digest}"
