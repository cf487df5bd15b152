"""The consultation in the browser: the same Interview, parser and WHY/HOW texts as ``expert consult``.

The page only presents. Which question comes next, how an answer is read, what «почему» and «как» say: all
of it is ``expert.consult``'s. Every answer is written to the store before the next page is shown.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from expert.consult.answers import UNKNOWN, BadAnswer, hint, parse_answer
from expert.consult.commands import how_text, why_answer
from expert.consult.interview import Interview
from expert.consult.report import review_of
from expert.consult.texts import tr
from expert.i18n import t
from expert.render import flag_title, quote_flags
from expert.web.context import Req
from expert.web.store import Consultation
from expert.web.summary import summary_of
from expert.web.texts import w

STUDENT_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")


def load(req: Req, cid: int) -> tuple[Consultation, Interview]:
    """The consultation if this user may see it (404 otherwise: whether it exists is not told)."""
    consultation = req.app.store.get(cid, req.app.classifier.kb)
    if consultation is None or (req.owner_filter is not None and consultation.owner != req.owner_filter):
        raise HTTPException(404)
    return consultation, req.app.interviews.get(req.app.classifier, cid, consultation.answers)


def finish_if_done(req: Req, consultation: Consultation, interview: Interview) -> bool:
    """True when no question is left; the first time, the store gets the summary for the student pages."""
    if interview.next_question()[1] is not None:
        return False
    if not consultation.finished:
        result = interview.result(consultation.student_id)
        review = review_of(req.app.classifier.kb, result, consultation.day, req.lang)
        req.app.store.finish(consultation.id, summary_of(result, review))
    return True


def new_consultation(req: Req) -> Response:
    student = req.field("student_id").strip()
    if not STUDENT_ID.match(student):
        return req.error(tr("student_empty", req.lang))
    cid = req.app.store.create(student, req.user.name, req.app.config.today(), req.app.classifier.version)
    return RedirectResponse(f"/c/{cid}", status_code=303)


def question_page(req: Req, error: str | None = None, status: int = 200) -> Response:
    cid = int(req.request.path_params["cid"])
    consultation, interview = load(req, cid)
    if finish_if_done(req, consultation, interview):
        return RedirectResponse(f"/c/{cid}/result", status_code=303)
    why_level = _int(req.request.query_params.get("why"))
    return req.render("question.html", status=status, **question_context(req, consultation, interview, why_level,
                                                                       error))


def question_context(req: Req, consultation: Consultation, interview: Interview, why_level: int | None,
                     error: str | None) -> dict:
    kb, lang = interview.kb, req.lang
    phase, question = interview.next_question()
    inp = kb.inputs[question]  # type: ignore[index]
    return {
        "c": consultation, "inp": inp, "phase": phase, "phases": ("flag", "direction", "other"),
        "progress": tr("progress", lang, n=len(interview.answers) + 1, left=interview.remaining()),
        "group": kb.groups[inp.group].title.get(lang),
        "question": inp.question.get(lang), "help": inp.help.get(lang) if inp.help else "",
        "options": [(n, o.id, o.title.get(lang)) for n, o in enumerate(inp.options or [], 1)],
        "hint": hint(inp, lang), "unit": inp.unit.get(lang) if inp.unit else "",
        "flags": [flag_title(kb, f, lang) for f in interview.flags_raised()],
        "open_danger": _open_danger(interview, lang),
        "error": error, "stale": req.request.query_params.get("stale") == "1",
        "why": why_answer(interview, question, phase, why_level, lang) if why_level is not None else None,
        "why_level": why_level,
        "how": how_text(interview, lang) if req.request.query_params.get("how") == "1" else None,
        "kb_changed": consultation.kb_version != req.app.classifier.version,
    }


def _open_danger(interview: Interview, lang: str) -> list[tuple[str, str]]:
    """«не знаю» to a danger question: the danger is not ruled out; said at once, as at the terminal."""
    kb, out = interview.kb, []
    for a in interview.answers:
        flags = interview.flags_open_on(a.input) if a.value is None else []
        if flags:
            out.append((t("urgent_open_line", lang, questions=kb.inputs[a.input].label.get(lang)),
                        t("urgent_open_why", lang, flags=quote_flags(kb, flags, lang))))
    return out


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) < 4 else None


def answer(req: Req) -> Response:
    with req.app.interviews.lock:  # two tabs answering at once: one after the other
        return _answer(req, int(req.request.path_params["cid"]))


def _answer(req: Req, cid: int) -> Response:
    consultation, interview = load(req, cid)
    phase, question = interview.next_question()
    if question is None or req.field("input") != question:  # a stale form (another tab, a double click)
        return RedirectResponse(f"/c/{cid}" + ("?stale=1" if question else ""), status_code=303)
    inp = interview.kb.inputs[question]
    if req.field("unknown"):
        raw = tr("answer_unknown", "ru")
    elif inp.type == "multi" and req.field("none"):
        raw = "нет"
    elif inp.type == "multi":
        raw = ", ".join(v for v in req.form.getlist("option") if isinstance(v, str))  # type: ignore[union-attr]
    else:
        raw = req.field("value")
    try:
        value = parse_answer(inp, raw, req.lang)
    except BadAnswer as exc:
        return req.render("question.html", status=400,
                          **question_context(req, consultation, interview, None, str(exc)))
    interview.answer(question, None if value is UNKNOWN else value, "typed")
    req.app.store.save_answers(cid, interview.answers, req.app.classifier.version)
    finish_if_done(req, consultation, interview)
    return RedirectResponse(f"/c/{cid}", status_code=303)


def back(req: Req) -> Response:
    cid = int(req.request.path_params["cid"])
    with req.app.interviews.lock:
        _, interview = load(req, cid)
        if interview.undo() is not None:
            req.app.store.save_answers(cid, interview.answers, req.app.classifier.version)
    return RedirectResponse(f"/c/{cid}", status_code=303)


def why_fragment(req: Req) -> Response:
    """«Почему?» in place (htmx); level N is the N-th «почему» in a row, as at the terminal."""
    cid = int(req.request.path_params["cid"])
    consultation, interview = load(req, cid)
    phase, question = interview.next_question()
    level = _int(req.request.query_params.get("level")) or 0
    if question is None:
        return req.error(w("stale", req.lang), status=409)
    text = why_answer(interview, question, phase, level, req.lang)
    return req.render("_why.html", c=consultation, why=text, why_level=level)


def how_fragment(req: Req) -> Response:
    cid = int(req.request.path_params["cid"])
    _, interview = load(req, cid)
    return req.render("_text.html", text=how_text(interview, req.lang))
