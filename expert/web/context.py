"""What every page handler gets (the session, the language, the user, the checked form) and how it answers.

A handler is a plain function ``(Req) -> Response`` run in a worker thread; ``page`` wraps it with the
access checks (token or sign-in, CSRF on every POST) and turns a user's mistake into a one-line error page.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from expert.consult.interview import Answer, Interview
from expert.engine import Classifier
from expert.errors import UserError
from expert.i18n import LANGS, t
from expert.web.security import COOKIE, LoginThrottle, Session, Sessions, same_secret
from expert.web.store import Store
from expert.web.texts import languages, w
from expert.web.users import User

TEMPLATES = Path(__file__).parent / "templates"
LOCAL_USER = User("local", "methodologist")
MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class Config:
    kb_dir: Path
    db_path: Path
    lang: str = "ru"
    token: str | None = None            # local mode: the secret of the first URL
    users_file: Path | None = None      # school-server mode: who may sign in
    login_delay: float = 1.0            # seconds before answering the first failed sign-in; doubles after
    today: Callable[[], dt.date] = dt.date.today

    @property
    def remote(self) -> bool:
        return self.users_file is not None


class InterviewCache:
    """The last Interview of each recent consultation, so the page after an answer reuses the analysis the
    answer already made (its status is cached by the answers). The store stays the truth: an Interview whose
    answers differ from the stored ones is rebuilt."""

    def __init__(self, size: int = 64):
        self.size = size
        self._items: OrderedDict[int, Interview] = OrderedDict()
        self.lock = threading.RLock()  # also held while a consultation's answers change

    def get(self, classifier: Classifier, cid: int, answers: list[Answer]) -> Interview:
        with self.lock:
            interview = self._items.get(cid)
            if interview is None or [(a.input, a.value) for a in interview.answers] != \
                    [(a.input, a.value) for a in answers]:
                interview = Interview(classifier, list(answers))
            self._items[cid] = interview
            self._items.move_to_end(cid)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return interview


@dataclass
class App:
    """Everything handlers share; built once by ``create_app``."""

    config: Config
    classifier: Classifier
    store: Store
    sessions: Sessions
    throttle: LoginThrottle
    env: jinja2.Environment
    users: dict[str, dict[str, str]] = field(default_factory=dict)
    interviews: InterviewCache = field(default_factory=lambda: InterviewCache())


@dataclass
class Req:
    request: Request
    app: App
    session: Session
    form: FormData | None = None

    @property
    def lang(self) -> str:
        lang = self.session.lang or self.app.config.lang
        return lang if lang in LANGS else "ru"

    @property
    def user(self) -> User:
        return self.session.user

    @property
    def owner_filter(self) -> str | None:
        """Whose consultations this user may see: None for everyone's (methodologist)."""
        return None if self.user.sees_all else self.user.name

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, str) else default

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(self.app, template, self.lang, session=self.session, **context),
                            status_code=status)

    def error(self, message: str, status: int = 400) -> HTMLResponse:
        return self.render("error.html", status=status, messages=[message])


def render(app: App, template: str, lang: str, session: Session | None = None, **context: Any) -> str:
    def _w(key: str, **kw: Any) -> str:
        return w(key, lang, **kw)

    return app.env.get_template(template).render(
        lang=lang, w=_w, t=lambda key, **kw: t(key, lang, **kw), session=session, languages=languages(),
        remote=app.config.remote, kb_version=app.classifier.version, **context)


def make_env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def error_page(app: App, lang: str, messages: list[str], status: int) -> HTMLResponse:
    return HTMLResponse(render(app, "error.html", lang, messages=messages), status_code=status)


def _without_token(request: Request) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


def session_cookie(response: Response, sid: str) -> None:
    response.set_cookie(COOKIE, sid, httponly=True, samesite="strict", path="/")


def page(handler: Callable[[Req], Response]) -> Callable:
    """Access checks around a page handler; see the module docstring."""

    async def endpoint(request: Request) -> Response:
        app: App = request.app.state.web
        lang = app.config.lang
        sid = request.cookies.get(COOKIE)
        session = app.sessions.get(sid)
        if session is None:
            token = request.query_params.get("token")
            if app.config.token is not None and same_secret(token, app.config.token):
                sid, session = app.sessions.create(LOCAL_USER)
                response = RedirectResponse(_without_token(request), status_code=303)
                session_cookie(response, sid)
                return response
            if app.config.remote:
                return RedirectResponse("/login", status_code=303)
            return error_page(app, lang, [w("need_token", lang)], 403)
        req = Req(request, app, session)
        if request.method == "POST":
            try:
                req.form = await request.form(max_part_size=MAX_UPLOAD)
            except Exception:  # malformed multipart or a part too large: the parser's own text is not for users
                return req.error(w("bad_request", req.lang, what="form"))
            given = req.field("csrf") or request.headers.get("x-csrf-token")
            if not same_secret(given, session.csrf):
                return req.error(w("csrf", req.lang), status=403)
        try:
            return await run_in_threadpool(handler, req)
        except UserError as exc:
            return req.render("error.html", status=400,
                              messages=[f"{t('error', req.lang)}: {p}" for p in exc.problems])
        finally:
            if req.form is not None:
                await req.form.close()

    endpoint.__name__ = handler.__name__
    return endpoint
