"""The recommendation page, its explanations on demand (HOW, WHY NOT, what-if) and the printable A4 card.

Sections, headings and explanation texts are the command line's (``expert.consult.report``, ``explain``).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from expert.consult.answers import show_value
from expert.consult.report import report_sections, review_of
from expert.consult.texts import tr
from expert.i18n import heading, t
from expert.render import flag_title, quote_flags
from expert.result import Result
from expert.rules.kb import KnowledgeBase
from expert.rules.sources import cite
from expert.urgency import ESTABLISHED, EXCLUDED, NOT_CLARIFIED
from expert.web.consult_pages import finish_if_done, load
from expert.web.context import Req
from expert.web.graphs import drawing, paper_drawings
from expert.web.texts import w
from explain.how import how_text
from explain.whatif import what_if, what_if_text
from explain.whynot import why_not_text


def urgent(kb: KnowledgeBase, result: Result, lang: str) -> dict:
    """The banner: established flags (with what to do), then the danger not yet ruled out with the questions
    to clarify today, or the line saying no danger signal when every flag is excluded (``render.urgent_block``
    says the same at the terminal)."""
    established = [{"title": flag_title(kb, f.id, lang),
                    "provisional": f.id in result.provisional_conclusions,
                    "description": kb.conclusions[f.id].description.get(lang) if kb.conclusions[f.id].description
                    else ""} for f in result.urgent if f.state == ESTABLISHED]
    open_flags = [f.id for f in result.urgent if f.state == NOT_CLARIFIED]
    return {
        "established": established,
        "open": bool(open_flags),
        "open_heading": t("urgent_open", lang),
        "questions": [kb.inputs[i].question.get(lang) for i in result.urgent_questions],
        "open_why": t("urgent_open_why", lang, flags=quote_flags(kb, open_flags, lang)) if open_flags else "",
        "none": t("urgent_none", lang) if result.urgent and result.urgent_state == EXCLUDED else "",
    }


def _finished(req: Req) -> tuple:
    cid = int(req.request.path_params["cid"])
    consultation, interview = load(req, cid)
    if not finish_if_done(req, consultation, interview):
        return consultation, interview, None
    return consultation, interview, interview.result(consultation.student_id)


def direction_line(kb: KnowledgeBase, result: Result, lang: str) -> tuple[str, str]:
    if not result.direction:
        return t("no_direction", lang), ""
    d = kb.conclusions[result.direction]
    title = d.title.get(lang) + (f" ({cite(kb, d.source, lang)})" if d.source else "")
    return title, t("provisional", lang) if result.provisional else t("settled", lang)


def result_context(req: Req, consultation, interview, result: Result, paper: bool) -> dict:
    kb, lang = req.app.classifier.kb, req.lang
    review = review_of(kb, result, consultation.day, lang)
    # the page shows the urgent banner, direction, what to clarify and the review date on top
    shown_above = (heading("flag", lang), heading("direction", lang), t("clarify", lang))
    review_item = [(f"{review.date.isoformat()} — {review.title}", "")] if review else None
    sections = [s for s in report_sections(kb, result, review, lang)
                if s.heading not in shown_above and s.items != review_item]
    direction, status = direction_line(kb, result, lang)
    answers = [(kb.inputs[a.input].question.get(lang), show_value(kb.inputs[a.input], a.value, lang))
               for a in interview.answers]
    return {
        "c": consultation, "result": result, "urgent": urgent(kb, result, lang), "urgent_word": heading("flag", lang),
        "provisional_word": t("provisional", lang),
        "direction": direction, "settled_word": status, "provisional": result.provisional,
        "clarify": [kb.inputs[i].question.get(lang) for i in result.clarify],
        "sections": sections, "review": review, "answers": answers,
        "unknown": [kb.inputs[a.input].question.get(lang) for a in interview.answers if a.value is None],
        "graph": None if paper else drawing(kb, result, lang),
        "other_directions": [(c, kb.conclusions[c].title.get(lang)) for c, d in kb.conclusions.items()
                             if d.kind == "direction" and c != result.direction],
        "done": tr("done", lang, asked=len(interview.answers), total=len(kb.inputs)),
        "scores": [(kb.scores[s].definition.title.get(lang), v) for s, v in result.scores.items()],
    }


def result_page(req: Req) -> Response:
    consultation, interview, result = _finished(req)
    if result is None:
        return RedirectResponse(f"/c/{consultation.id}", status_code=303)
    return req.render("result.html", **result_context(req, consultation, interview, result, paper=False))


def report_page(req: Req) -> Response:
    consultation, interview, result = _finished(req)
    if result is None:
        return RedirectResponse(f"/c/{consultation.id}", status_code=303)
    kb, lang = req.app.classifier.kb, req.lang
    parts, legend = paper_drawings(kb, result, lang, lambda key: w(key, lang))
    return req.render("report.html", pedagogue=req.user.name if req.app.config.remote else "", parts=parts,
                      legend=legend, **result_context(req, consultation, interview, result, paper=True))


def _conclusion(req: Req, allowed: set[str]) -> str:
    wanted = req.request.query_params.get("c", "")
    if wanted not in allowed:
        raise HTTPException(404)
    return wanted


def explain_fragment(req: Req) -> Response:
    """HOW of one conclusion (a click on the graph), WHY NOT of another direction, or what-if."""
    kind = req.request.path_params["kind"]
    consultation, interview, result = _finished(req)
    if result is None:
        raise HTTPException(409)
    kb, lang = req.app.classifier.kb, req.lang
    if kind == "how":
        text = how_text(kb, result, lang, _conclusion(req, set(result.derived)))
    elif kind == "whynot":
        text = why_not_text(kb, result, _conclusion(req, set(kb.conclusions)), lang)
    elif kind == "whatif":
        text = what_if_text(kb, result, what_if(req.app.classifier, result), lang)
    else:
        raise HTTPException(404)
    if req.request.headers.get("hx-request"):
        return req.render("_text.html", text=text)
    return req.render("text_page.html", c=consultation, text=text)
