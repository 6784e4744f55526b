"""Security headers on every response, and the user loader for Flask-Login."""

from __future__ import annotations

from flask import Flask, Response

from .extensions import db, login_manager
from .models import User

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Add the security headers to every response."""
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    """Set CSP, nosniff, referrer and framing headers."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the signed-in user, or None."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None
