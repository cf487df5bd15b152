"""Who may talk to the server, and how: first-URL token or login, session cookie, CSRF, security headers.

- Local mode (127.0.0.1): ``expert serve`` prints a URL with a random token (as Jupyter does). The first
  request that carries it gets a session cookie (HttpOnly, SameSite=Strict) and is redirected to the same page
  without the token, so the token leaves the address bar and the history.
- School-server mode: users sign in with a name and password from the users file; each failed attempt for a
  name or an address doubles the wait before the next answer (capped).
- Every POST carries the session's CSRF token (form field ``csrf`` or header ``X-CSRF-Token``).
- Every response has a strict Content-Security-Policy: scripts, styles and images only from this server.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from expert.web.users import User

COOKIE = "expert_session"
SESSION_SECONDS = 12 * 3600
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
MAX_DELAY = 30.0


@dataclass
class Session:
    user: User
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lang: str | None = None
    expires: float = field(default_factory=lambda: time.monotonic() + SESSION_SECONDS)
    data: dict = field(default_factory=dict)  # short-lived things such as a classified roster to download


class Sessions:
    """Sessions live in memory: a restarted server asks for the new link or a new sign-in."""

    def __init__(self) -> None:
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user: User, lang: str | None = None) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        session = Session(user, lang=lang)
        with self._lock:
            self._by_id[sid] = session
        return sid, session

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        with self._lock:
            session = self._by_id.get(sid)
            if session is not None and session.expires < time.monotonic():
                del self._by_id[sid]
                return None
            return session

    def drop(self, sid: str | None) -> None:
        with self._lock:
            self._by_id.pop(sid or "", None)


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class LoginThrottle:
    """Failed sign-ins per user name and per address: the n-th failure in a row waits base·2^(n-1) s."""

    def __init__(self, base: float = 1.0):
        self.base = base
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()

    def delay(self, *keys: str) -> float:
        with self._lock:
            n = max((self._failures.get(k, 0) for k in keys), default=0)
        return 0.0 if n == 0 else min(self.base * 2 ** (n - 1), MAX_DELAY)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures[k] = self._failures.get(k, 0) + 1

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, pages never cached."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
