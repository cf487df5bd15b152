"""Roster upload: the same reader, classifier, writer and counts as ``expert classify ROSTER -o RESULT``.

The upload is written to a private temporary folder under its own (sanitised) name, classified there by
``expert.batch.run.run_batch``, and the result kept in the session for download; nothing stays on disk.
The messages are the command line's, with the temporary folder taken out of the paths.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from expert.batch.formats import roster_format
from expert.batch.run import BatchOptions, print_summary, run_batch
from expert.errors import UserError
from expert.files import student_file_stem
from expert.i18n import t
from expert.web.context import Req
from expert.web.texts import w

RESULT_FORMATS = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "jsonl": "application/x-ndjson; charset=utf-8"}


def roster_form(req: Req) -> Response:
    return req.render("roster.html", formats=list(RESULT_FORMATS), done=None, lines=[], errors=[])


def _lines_without(folder: str, lines: list[str]) -> list[str]:
    return [line.replace(folder + "/", "").replace(folder, "") for line in lines]


def roster_upload(req: Req) -> Response:
    lang = req.lang
    upload = req.form.get("roster") if req.form is not None else None
    fmt = req.field("format", "csv")
    if fmt not in RESULT_FORMATS:
        fmt = "csv"
    if not isinstance(upload, UploadFile) or not upload.filename:
        return req.render("roster.html", status=400, formats=list(RESULT_FORMATS), done=None, lines=[],
                          errors=[f"{t('error', lang)}: {w('no_file', lang)}"])
    name = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    stem = student_file_stem(Path(name).stem)  # any path-safe name will do: the messages name it
    if roster_format(Path(name)) is None:
        return req.render("roster.html", status=400, formats=list(RESULT_FORMATS), done=None, lines=[],
                          errors=[f"{t('error', lang)}: {name}: {w('bad_roster_name', lang, suffix=suffix or name)}"])
    with tempfile.TemporaryDirectory(prefix="expert-roster-") as folder:
        roster = Path(folder) / f"{stem}{suffix}"
        upload.file.seek(0)
        roster.write_bytes(upload.file.read())
        output = Path(folder) / f"{stem}.result.{fmt}"
        lines: list[str] = []
        try:
            summary = run_batch(req.app.classifier.kb, BatchOptions(roster=roster, output=output, lang=lang),
                                warn=lines.append)
        except UserError as exc:
            errors = [f"{t('error', lang)}: {p}" for p in exc.problems]
            return req.render("roster.html", status=400, formats=list(RESULT_FORMATS), done=None,
                              lines=_lines_without(folder, lines), errors=_lines_without(folder, errors))
        print_summary(summary, lang, lines.append)
        req.session.data["roster"] = {
            "result": (output.name, output.read_bytes(), RESULT_FORMATS[fmt]),
            "errors": (summary.errors_file.name, summary.errors_file.read_bytes(), RESULT_FORMATS["csv"])
            if summary.errors_file else None,
        }
        return req.render("roster.html", formats=list(RESULT_FORMATS), lines=_lines_without(folder, lines),
                          errors=[], done={"read": summary.read, "ok": summary.classified, "errors": summary.errors,
                                           "has_errors": summary.errors_file is not None})


def roster_download(req: Req) -> Response:
    which = req.request.path_params["which"]
    kept = req.session.data.get("roster")
    if which not in ("result", "errors") or not kept or not kept.get(which):
        raise HTTPException(404, w("expired", req.lang))
    name, data, media = kept[which]
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return Response(data, media_type=media, headers={
        "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{_quote(name)}"})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
