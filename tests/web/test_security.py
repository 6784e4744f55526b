"""Security headers, the session cookie's flags, proxy headers, size limits and error pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import request

from quizapp import create_app
from quizapp.config import bundled
from quizapp.database import create_schema
from quizapp.web import errors

from ..conftest import QUESTIONS


@pytest.fixture
def make_app(tmp_path):
    """Return a factory of apps like conftest's, with some settings changed."""

    def make(**settings):
        """Create an app on a fresh SQLite file with settings on top of the test defaults."""
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "QUESTIONS_DIR": str(QUESTIONS),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'security.sqlite'}",
                "WTF_CSRF_ENABLED": False,
                **settings,
            }
        )
        with app.app_context():
            create_schema()
        return app

    return make


def csp(response) -> dict[str, list[str]]:
    """Return the Content-Security-Policy header as directive: sources."""
    directives = [part.split() for part in response.headers["Content-Security-Policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/login", 200),
        ("GET", "/healthz", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/no-such-page", 404),
        ("POST", "/login", 413),
    ],
)
def test_every_response_carries_the_security_headers(client, method, url, status):
    data = {"username": "x" * 70_000} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    assert response.status_code == status
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(bundled("templates"))) for p in bundled("templates").rglob("*.html"))
)
def test_templates_use_nothing_the_policy_blocks(template):
    source = (bundled("templates") / template).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", source), "inline script: the CSP blocks it"
    assert not re.search(r"<style|\sstyle=", source), "inline style: the CSP blocks it"
    assert not re.search(r"\son[a-z]+\s*=", source), "inline event handler: the CSP blocks it"
    assert not re.search(r"(src|href)=\"(https?:)?//", source), "an asset from another site: classrooms may be offline"


def session_cookie(response) -> str:
    """Return the Set-Cookie header of the session cookie."""
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert len(cookies) == 1, response.headers
    return cookies[0]


@pytest.mark.parametrize(
    ("settings", "base_url", "headers", "secure"),
    [
        ({}, "http://localhost", {}, False),
        ({}, "https://localhost", {}, True),
        ({}, "http://localhost", {"X-Forwarded-Proto": "https"}, False),  # not trusted without PROXY_FIX_X_PROTO
        ({"PROXY_FIX_X_PROTO": 1}, "http://localhost", {"X-Forwarded-Proto": "https"}, True),
        ({"PROXY_FIX_X_PROTO": 1}, "http://localhost", {"X-Forwarded-Proto": "http"}, False),
        ({"SESSION_COOKIE_SECURE": True}, "http://localhost", {}, True),
        ({"SESSION_COOKIE_SECURE": False}, "https://localhost", {}, False),
        ({"SESSION_COOKIE_SECURE": "auto"}, "https://localhost", {}, True),
    ],
)
def test_session_cookie_flags(make_app, settings, base_url, headers, secure):
    client = make_app(**settings).test_client()
    response = client.post(
        "/signup",
        base_url=base_url,
        headers=headers,
        data={"username": "ann", "password": "a long password", "confirm": "a long password"},
    )
    assert response.status_code == 302
    cookie = session_cookie(response)
    assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert ("; Secure" in cookie) is secure, cookie


@pytest.mark.parametrize(
    ("variable", "value", "key", "expected"),
    [
        ("QUIZAPP_SESSION_COOKIE_SECURE", "true", "SESSION_COOKIE_SECURE", True),
        ("QUIZAPP_SESSION_COOKIE_SECURE", "false", "SESSION_COOKIE_SECURE", False),
        ("QUIZAPP_PROXY_FIX_X_FOR", "1", "PROXY_FIX_X_FOR", 1),
        ("QUIZAPP_PROXY_FIX_X_PROTO", "2", "PROXY_FIX_X_PROTO", 2),
        ("QUIZAPP_LOGIN_FAILURES_PER_ADDRESS", "0", "LOGIN_FAILURES_PER_ADDRESS", 0),
    ],
)
def test_settings_come_from_the_environment(tmp_path, monkeypatch, variable, value, key, expected):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from the environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv(variable, value)
    assert create_app().config[key] == expected


@pytest.mark.parametrize(
    ("settings", "forwarded", "seen"),
    [
        ({}, "198.51.100.7", "192.0.2.1"),  # a client cannot pretend to be someone else
        ({"PROXY_FIX_X_FOR": 1}, "198.51.100.7", "198.51.100.7"),
        ({"PROXY_FIX_X_FOR": 1}, "203.0.113.5, 198.51.100.7", "198.51.100.7"),  # only the proxy's own entry counts
    ],
)
def test_client_address_follows_the_proxy_setting(make_app, settings, forwarded, seen):
    app = make_app(**settings)
    app.add_url_rule("/address", "address", lambda: request.remote_addr)
    response = app.test_client().get(
        "/address", headers={"X-Forwarded-For": forwarded}, environ_base={"REMOTE_ADDR": "192.0.2.1"}
    )
    assert response.data.decode() == seen


@pytest.mark.parametrize(
    ("signed_in", "url", "data", "status", "message"),
    [
        (False, "/login", {"username": "x" * 70_000, "password": "a long password"}, 413, b"That was too much to send"),
        (False, "/signup", {"username": "ann", "password": "p" * 70_000, "confirm": "x"}, 413, b"larger than 64 KiB"),
        (False, "/no-such-page", None, 404, b"Page not found"),
        (True, "/quizzes/no-such-quiz/start", {"x": "y"}, 404, b"Page not found"),
        (True, "/attempts/999/results", None, 404, b"Page not found"),
    ],
)
def test_friendly_error_pages(client, auth, signed_in, url, data, status, message):
    if signed_in:
        auth.signup()
    response = client.post(url, data=data) if data else client.get(url)
    assert response.status_code == status
    assert message in response.data
    assert response.mimetype == "text/html"
    assert b"Go to the quizzes" in response.data and b"Fact or opinion?" in response.data  # the site's layout
    assert b"Werkzeug" not in response.data and b"Request Entity Too Large" not in response.data


def test_csrf_failure_is_a_friendly_400(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/login", data={"username": "ann", "password": "a long password"})
    assert response.status_code == 400
    assert b"That did not work" in response.data and b"reload the page" in response.data
    assert b"CSRF" not in response.data


def test_large_post_is_refused_before_any_view_when_csrf_is_on(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/attempts/1/passages/1", data={"label": "fact " * 20_000})
    assert response.status_code == 413 and b"nothing was saved" in response.data


def test_server_error_page_tells_nothing_of_the_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken():
        """Fail the way a bug would."""
        raise RuntimeError("secret internals")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_error_pages_exist_for_every_registered_code():
    folder = Path(bundled("templates")) / "errors"
    assert sorted(int(p.stem) for p in folder.glob("*.html")) == sorted((*errors.PAGES, 500))
