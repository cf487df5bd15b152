"""The web application: routes, error pages, and how it is built from a Config."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from expert.engine import Classifier
from expert.web import auth_pages, consult_pages, result_pages, roster_pages, student_pages
from expert.web.context import MAX_UPLOAD, App, Config, error_page, make_env, page
from expert.web.security import LoginThrottle, SecurityHeaders, Sessions
from expert.web.store import Store
from expert.web.texts import w
from expert.web.users import load_users

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("expert.web")

ROUTES = [
    Route("/", page(student_pages.home)),
    Route("/new", page(consult_pages.new_consultation), methods=["POST"]),
    Route("/c/{cid:int}", page(consult_pages.question_page)),
    Route("/c/{cid:int}/answer", page(consult_pages.answer), methods=["POST"]),
    Route("/c/{cid:int}/back", page(consult_pages.back), methods=["POST"]),
    Route("/c/{cid:int}/why", page(consult_pages.why_fragment)),
    Route("/c/{cid:int}/how", page(consult_pages.how_fragment)),
    Route("/c/{cid:int}/result", page(result_pages.result_page)),
    Route("/c/{cid:int}/report", page(result_pages.report_page)),
    Route("/c/{cid:int}/explain/{kind}", page(result_pages.explain_fragment)),
    Route("/students/{student:path}", page(student_pages.student_page)),
    Route("/roster", page(roster_pages.roster_form)),
    Route("/roster", page(roster_pages.roster_upload), methods=["POST"]),
    Route("/roster/{which}", page(roster_pages.roster_download)),
    Route("/lang", page(auth_pages.set_language), methods=["POST"]),
    Route("/logout", page(auth_pages.logout), methods=["POST"]),
    Route("/login", auth_pages.login, methods=["GET", "POST"]),
    Mount("/static", StaticFiles(directory=STATIC), name="static"),
]


def create_app(config: Config, classifier: Classifier | None = None) -> Starlette:
    """Everything a user can cause (bad KB folder, bad users file) is raised as UserError before serving."""
    classifier = classifier or Classifier.from_dir(config.kb_dir)
    web = App(config, classifier, Store(config.db_path), Sessions(), LoginThrottle(config.login_delay), make_env(),
              load_users(config.users_file) if config.users_file else {})

    def lang_of(request: Request) -> str:
        from expert.web.security import COOKIE

        session = web.sessions.get(request.cookies.get(COOKIE))
        return (session.lang if session and session.lang else None) or config.lang

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        key = {404: "not_found", 405: "method", 413: "too_large"}.get(status, "server_error" if status >= 500
                                                                       else "bad_request")
        lang = lang_of(request)
        text = w(key, lang, mb=MAX_UPLOAD // (1024 * 1024)) if key == "too_large" else w(key, lang, what=status)
        if status == 404 and isinstance(exc, HTTPException) and exc.detail and exc.detail != "Not Found":
            text = str(exc.detail)
        return error_page(web, lang, [text], status)

    async def server_error(request: Request, exc: Exception) -> HTMLResponse:
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_page(web, lang_of(request), [w("server_error", lang_of(request))], 500)

    app = Starlette(routes=ROUTES, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: http_error, Exception: server_error},
                    max_body_size=MAX_UPLOAD + 64 * 1024)
    app.state.web = web
    return app
