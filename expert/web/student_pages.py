"""The start page (new consultation, unfinished ones, reviews due) and a student's consultations over time."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response

from expert.web.context import Req
from expert.web.summary import changes, direction_title, review_due


def home(req: Req) -> Response:
    kb, lang, store = req.app.classifier.kb, req.lang, req.app.store
    today = req.app.config.today()
    visible = store.listing(kb, req.owner_filter)
    unfinished = [c for c in visible if not c.finished]
    latest: dict[str, object] = {}
    for c in visible:  # oldest first: the last finished one per student wins
        if c.finished:
            latest[c.student_id] = c
    due = [c for c in latest.values() if review_due(c.summary, today)]  # type: ignore[attr-defined]
    recent = sorted(visible, key=lambda c: (c.day, c.id), reverse=True)[:15]
    return req.render("home.html", unfinished=unfinished, due=due, recent=recent,
                      title_of=lambda s: direction_title(kb, s, lang), db_path=str(store.path))


def student_page(req: Req) -> Response:
    kb, lang = req.app.classifier.kb, req.lang
    student = req.request.path_params["student"]
    history = req.app.store.listing(kb, req.owner_filter, student_id=student)
    if not history:
        raise HTTPException(404)
    rows = []
    previous = None
    for c in history:
        diff = None
        if c.finished and previous is not None:
            diff = changes(kb, previous.summary or {}, c.summary or {}, lang)
        rows.append({"c": c, "title": direction_title(kb, c.summary, lang), "changes": diff,
                     "scores": [(kb.scores[s].definition.title.get(lang), v)
                                for s, v in ((c.summary or {}).get("scores") or {}).items() if s in kb.scores]})
        if c.finished:
            previous = c
    return req.render("student.html", student=student, rows=rows)
