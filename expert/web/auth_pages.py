"""Signing in and out (school-server mode) and the language switch."""

from __future__ import annotations

import asyncio
import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from expert.i18n import LANGS
from expert.web.context import App, Req, render, session_cookie
from expert.web.security import COOKIE, same_secret
from expert.web.texts import w
from expert.web.users import verify

MAX_FIELD = 256
LOGIN_COOKIE = "expert_login"


async def login(request: Request) -> Response:
    """GET shows the form; POST checks the password, waiting longer after each failure for that name or address."""
    app: App = request.app.state.web
    wanted = request.query_params.get("lang")  # before signing in there is no session to keep a choice
    lang = wanted if wanted in LANGS else app.config.lang
    if not app.config.remote:
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return _login_form(app, lang, None, 200)
    form = await request.form(max_files=0, max_fields=10)
    chosen = form.get("lang")
    lang = chosen if isinstance(chosen, str) and chosen in LANGS else lang
    given = form.get("csrf")
    if not same_secret(given if isinstance(given, str) else None, request.cookies.get(LOGIN_COOKIE) or "\0"):
        return HTMLResponse(render(app, "error.html", lang, messages=[w("csrf", lang)]), status_code=403)
    name, password = form.get("username"), form.get("password")
    name = name.strip() if isinstance(name, str) else ""
    password = password if isinstance(password, str) else ""
    keys = (f"user:{name.casefold()}", f"addr:{request.client.host if request.client else '-'}")
    wait = app.throttle.delay(*keys)
    if wait:
        await asyncio.sleep(wait)
    user = None
    if name and password and len(name) <= MAX_FIELD and len(password) <= MAX_FIELD:
        user = await asyncio.to_thread(verify, app.users, name, password)
    if user is None:
        app.throttle.failed(*keys)
        return _login_form(app, lang, w("login_failed", lang), 401)
    app.throttle.succeeded(*keys)
    app.sessions.drop(request.cookies.get(COOKIE))
    sid, _ = app.sessions.create(user, lang if lang != app.config.lang else None)
    response = RedirectResponse("/", status_code=303)
    session_cookie(response, sid)
    return response


def _login_form(app: App, lang: str, error: str | None, status: int) -> Response:
    """The form carries a fresh random value that must come back both as a field and as a SameSite=Strict
    cookie: another site cannot sign a browser in (double-submit CSRF protection before any session)."""
    token = secrets.token_urlsafe(32)
    response = HTMLResponse(render(app, "login.html", lang, error=error, csrf=token), status_code=status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


def logout(req: Req) -> Response:
    req.app.sessions.drop(req.request.cookies.get(COOKIE))
    response = RedirectResponse("/login" if req.app.config.remote else "/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def set_language(req: Req) -> Response:
    lang = req.field("lang")
    if lang in LANGS:
        req.session.lang = lang
    back = req.field("next")
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", status_code=303)
