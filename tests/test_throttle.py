"""Login rate limiting: failures counted per account and per address, refused with a clear 429."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from quizapp import create_app, throttle
from quizapp.database import create_schema
from quizapp.extensions import db
from quizapp.models import User

from .conftest import QUESTIONS

START = datetime(2025, 9, 1, 9, 0, 0)
PASSWORD = "a long password"
REFUSED = b"logging in is paused: try again in 15 minutes."


@pytest.fixture
def clock(monkeypatch):
    """Freeze the throttle's clock; set clock.now to move it."""
    class Clock:
        """A settable 'now'."""
        now = START

    monkeypatch.setattr(throttle, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def make_app(tmp_path):
    """Return a factory of apps on a fresh database, with ann's account, and settings on top."""
    def make(**settings):
        """Create the app."""
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "QUESTIONS_DIR": str(QUESTIONS),
                          "WTF_CSRF_ENABLED": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'throttle.sqlite'}",
                          **settings})
        with app.app_context():
            create_schema()
            # A one-round hash keeps these many log-ins fast; hashing itself is tested in test_auth.py.
            db.session.add(User(username="ann", password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1")))
            db.session.commit()
        return app
    return make


def client_at(app, address: str = "192.0.2.1"):
    """Return a test client whose requests come from address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail(app, attempts: list[tuple[str, str]]) -> None:
    """Record failed log-ins (username, address) directly, as the login view would."""
    with app.test_request_context():
        for username, address in attempts:
            throttle.record_failure(username, address)


def login(client, username: str = "ann", password: str = PASSWORD):
    """Post the login form."""
    return client.post("/login", data={"username": username, "password": password})


@pytest.mark.parametrize(("failures", "address", "later", "status"), [
    ([("ann", "192.0.2.1")] * 9, "192.0.2.1", 0, 302),  # nine typos: the right password still works
    ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 0, 429),
    ([("ann", f"192.0.2.{n}") for n in range(10)], "192.0.2.99", 0, 429),  # per account, from anywhere
    ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 15 * 60 - 1, 429),
    ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 15 * 60, 302),  # the window has passed
    ([("Ann", "192.0.2.1")] * 10, "192.0.2.1", 0, 302),  # usernames are case-sensitive: 'Ann' is not ann
    ([(f"user{n}", "192.0.2.1") for n in range(29)], "192.0.2.1", 0, 302),
    ([(f"user{n}", "192.0.2.1") for n in range(30)], "192.0.2.1", 0, 429),  # per address, whatever the account
    ([(f"user{n}", "192.0.2.1") for n in range(30)], "192.0.2.2", 0, 302),
    ([(f"user{n}", f"2001:db8::{n}") for n in range(30)], "2001:db8::ffff", 0, 429),  # one IPv6 /64 is one client
    ([(f"user{n}", f"2001:db8::{n}") for n in range(30)], "2001:db8:0:1::1", 0, 302),
    ([(f"user{n}", "192.0.2.1") for n in range(30)], "::ffff:192.0.2.1", 0, 429),  # IPv4 written as IPv6
])
def test_login_is_refused_after_too_many_failures(make_app, clock, failures, address, later, status):
    app = make_app()
    client = client_at(app, address)
    fail(app, failures)
    clock.now = START + timedelta(seconds=later)
    response = login(client)
    assert response.status_code == status
    assert (b"logging in is paused" in response.data) is (status == 429)


@pytest.mark.parametrize(("later", "message", "retry_after"), [
    (0, b"try again in 15 minutes.", "900"),
    (14 * 60, b"try again in 1 minute.", "60"),
    (14 * 60 + 59, b"try again in 1 minute.", "1"),
])
def test_refusal_says_when_to_try_again(make_app, clock, later, message, retry_after):
    app = make_app()
    client = client_at(app)
    fail(app, [("ann", "192.0.2.1")] * 10)
    clock.now = START + timedelta(seconds=later)
    response = login(client)
    assert response.status_code == 429
    assert message in response.data and b"too many unsuccessful attempts to log in" in response.data
    assert response.headers["Retry-After"] == retry_after


def test_refusal_does_not_tell_whether_the_account_exists(make_app, clock):
    app = make_app()
    client = client_at(app)
    fail(app, [("ann", "192.0.2.1")] * 10 + [("nobody", "192.0.2.1")] * 10)
    known, unknown = login(client, "ann", "wrong password"), login(client, "nobody", "wrong password")
    assert known.status_code == unknown.status_code == 429
    assert known.data == unknown.data and REFUSED in known.data
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"]


def test_failed_logins_through_the_form_are_counted_and_the_right_password_is_then_refused(make_app, clock):
    client = client_at(make_app())
    for _ in range(10):
        assert b"do not match an account" in login(client, "ann", "wrong password").data
    refused = login(client)
    assert refused.status_code == 429 and REFUSED in refused.data
    assert client.get("/history").status_code == 302  # still signed out


def test_a_successful_login_clears_the_account_failures(make_app, clock):
    app = make_app()
    client = client_at(app)
    fail(app, [("ann", "192.0.2.1")] * 9)
    assert login(client).status_code == 302
    client.post("/logout")
    fail(app, [("ann", "192.0.2.1")])
    assert login(client).status_code == 302  # the nine before the success no longer count


def test_old_failures_are_deleted_and_nothing_typed_is_stored(make_app, clock):
    app = make_app()
    fail(app, [("my secret password", "192.0.2.1")] * 3)
    clock.now = START + timedelta(minutes=16)
    fail(app, [("ann", "192.0.2.1")])
    with app.app_context():
        rows = db.session.scalars(select(throttle.LoginFailure)).all()
        assert len(rows) == 1
        stored = " ".join(f"{row.account} {row.address}" for row in rows)
        assert "ann" not in stored and "192.0.2.1" not in stored and "secret" not in stored


@pytest.mark.parametrize(("settings", "headers", "status"), [
    ({}, {"X-Forwarded-For": "198.51.100.7"}, 429),  # the header is ignored: no way round the limit
    ({"PROXY_FIX_X_FOR": 1}, {"X-Forwarded-For": "198.51.100.7"}, 302),  # behind a proxy: the real client
    ({"PROXY_FIX_X_FOR": 1}, {"X-Forwarded-For": "198.51.100.7, 192.0.2.1"}, 429),  # only the proxy's entry counts
])
def test_address_limit_counts_the_client_behind_a_trusted_proxy(make_app, clock, settings, headers, status):
    app = make_app(**settings)
    client = client_at(app)
    fail(app, [(f"user{n}", "192.0.2.1") for n in range(30)])
    assert client.post("/login", headers=headers, data={"username": "ann", "password": PASSWORD}).status_code == status


@pytest.mark.parametrize(("settings", "failures", "status"), [
    ({"LOGIN_FAILURES_PER_ACCOUNT": 3}, [("ann", "192.0.2.1")] * 3, 429),
    ({"LOGIN_FAILURES_PER_ACCOUNT": 0}, [("ann", "192.0.2.1")] * 20, 302),  # 0 turns the limit off
    ({"LOGIN_FAILURES_PER_ADDRESS": 0}, [(f"user{n}", "192.0.2.1") for n in range(40)], 302),
])
def test_limits_are_settings(make_app, clock, settings, failures, status):
    app = make_app(**settings)
    client = client_at(app)
    fail(app, failures)
    assert login(client).status_code == status


def test_refused_attempts_are_not_counted(make_app, clock):
    app = make_app()
    client = client_at(app)
    fail(app, [("ann", "192.0.2.1")] * 10)
    for _ in range(5):
        assert login(client, "ann", "wrong password").status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(throttle.LoginFailure)) == 10
