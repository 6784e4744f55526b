"""Security headers on every response, the session cookie's Secure flag, proxy headers, and the user loader."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import sessions
from ..extensions import login_manager
from ..models import User

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PROXY_HEADERS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, whose cookie is Secure whenever the request was HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return SESSION_COOKIE_SECURE if it is set, else whether this request came over HTTPS."""
        setting = app.config["SESSION_COOKIE_SECURE"]
        if setting is None or setting == "auto":
            # A laptop in a classroom serves plain HTTP, a school's proxy HTTPS: follow the request,
            # whose scheme ProxyFix has taken from X-Forwarded-Proto when PROXY_FIX_X_PROTO is set.
            return request.is_secure
        return bool(setting)


def init_app(app: Flask) -> None:
    """Add the security headers, the session interface and, if configured, ProxyFix."""
    app.session_interface = SessionInterface()
    app.after_request(_headers)
    trusted = {name: int(app.config.get(f"PROXY_FIX_{name.upper()}") or 0) for name in PROXY_HEADERS}
    if any(trusted.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **trusted)


def _headers(response: Response) -> Response:
    """Set CSP, nosniff, referrer and framing headers."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Return the user whose session this cookie's token is, while that session lives (sessions.py)."""
    # A cookie from before sessions were stored carries a bare user id: it matches no session.
    return sessions.user_for(token) if token else None
