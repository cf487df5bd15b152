"""Writing explanation outputs: DOT/JSON text as is, SVG/PNG/PDF through Graphviz's ``dot``.

Every file is written to a temporary file next to the target and renamed into place, so an error never
leaves a half-written file. Without Graphviz the DOT file is still written and the caller gets a
one-line message saying how to install it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from expert.errors import UserError
from expert.files import write_atomic
from explain.messages import m

TEXT_FORMATS = ("dot", "json")
IMAGE_FORMATS = ("svg", "png", "pdf")
FORMATS = TEXT_FORMATS + IMAGE_FORMATS
RENDER_TIMEOUT = 120


def format_for(path: Path | None, fmt: str | None, lang: str = "ru") -> str:
    """The output format: ``fmt`` if given, else the file's suffix; a UserError if neither tells."""
    if fmt:
        return fmt
    if path is not None:
        suffix = path.suffix.lower().lstrip(".")
        if suffix == "gv":
            return "dot"
        if suffix in FORMATS:
            return suffix
        raise UserError.single(str(path), m("unknown_format", lang, suffix=path.suffix or path.name,
                                            formats="|".join(FORMATS)))
    return "dot"


def dot_program() -> str | None:
    return shutil.which("dot")


def render_dot(dot_text: str, fmt: str) -> bytes:
    """Run Graphviz; RuntimeError with its first error line if it fails, FileNotFoundError if absent."""
    program = dot_program()
    if program is None:
        raise FileNotFoundError("dot")
    proc = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True,
                          timeout=RENDER_TIMEOUT, check=False)
    if proc.returncode != 0:
        errors = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(errors[0] if errors else f"exit status {proc.returncode}")
    return proc.stdout


def write_output(path: Path, fmt: str, dot_text: str, json_text: str, lang: str) -> str:
    """Write ``path`` in ``fmt``; return the message to show the user (what was written, or why not)."""
    if fmt == "json":
        write_atomic(path, json_text.encode("utf-8"))
        return m("written", lang, path=path)
    if fmt == "dot":
        write_atomic(path, dot_text.encode("utf-8"))
        return m("written", lang, path=path)
    try:
        data = render_dot(dot_text, fmt)
    except FileNotFoundError:
        dot_path = path.with_suffix(".dot")
        write_atomic(dot_path, dot_text.encode("utf-8"))
        raise UserError.single(str(path), m("dot_missing", lang, path=dot_path)) from None
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        dot_path = path.with_suffix(".dot")
        write_atomic(dot_path, dot_text.encode("utf-8"))
        raise UserError.single(str(path), m("dot_failed", lang, reason=exc, path=dot_path)) from None
    write_atomic(path, data)
    return m("written", lang, path=path)
