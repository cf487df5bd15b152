"""A YAML document checked against a pydantic model, each problem located at its file and line. Apart from
the loader so that reading a student's profile does not import the loader (its strata need networkx)."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from expert.errors import Problem
from expert.rules.yamlio import Document, Loc

M = TypeVar("M", bound=BaseModel)


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(doc: Document, model: type[M], problems: list[Problem]) -> M | None:
    """Validate a document against a model, turning pydantic errors into located problems."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-after")))
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            elif err["type"] == "missing":
                msg = "required key is missing"
            problems.append(Problem(str(doc.path), doc.line_of(loc), format_loc(loc), msg))
        return None
