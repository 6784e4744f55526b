"""Abuse limits: log-ins per account and address, a slowing ceiling per account, sign-ups and join codes.

The tests that say "through the form" use only HTTP, so they ran on the code before this design
too (where the lock-out and the unlimited sign-ups and join codes made them fail).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from quizapp import create_app, throttle
from quizapp.database import create_schema
from quizapp.extensions import db
from quizapp.models import TEACHER, User

from .conftest import QUESTIONS

START = datetime(2025, 9, 1, 9, 0, 0)
PASSWORD = "a long password"
PAUSED = b"logging in is paused: try again in"


@pytest.fixture
def clock(monkeypatch):
    """Freeze the throttle's clock; set clock.now to move it."""

    class Clock:
        """A settable 'now'."""

        now = START

    monkeypatch.setattr(throttle, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def make_app(database_url):
    """Return a factory of apps on a fresh database (SQLite or PostgreSQL), with ann's account, settings on top."""
    apps = []

    def make(**settings):
        """Create the app."""
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "QUESTIONS_DIR": str(QUESTIONS),
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": database_url,
                **settings,
            }
        )
        with app.app_context():
            create_schema()
            # A one-round hash keeps these many log-ins fast; hashing itself is tested in test_auth.py.
            db.session.add(User(username="ann", password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1")))
            db.session.commit()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def client_at(app, address: str = "192.0.2.1"):
    """Return a test client whose requests come from address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail(app, attempts: list[tuple[str, str]]) -> None:
    """Record failed log-ins (username, address) directly, as the login view would."""
    with app.test_request_context():
        for username, address in attempts:
            throttle.record_login_failure(username, address)


def login(client, username: str = "ann", password: str = PASSWORD):
    """Post the login form."""
    return client.post("/login", data={"username": username, "password": password})


MANY = [("ann", f"198.51.100.{n}") for n in range(30)]  # 30 failures for ann, each from its own address


@pytest.mark.parametrize(
    ("failures", "address", "later", "status"),
    [
        ([("ann", "192.0.2.1")] * 9, "192.0.2.1", 0, 302),  # nine typos: the right password still works
        ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 0, 429),  # ten: this address is paused for ann
        ([("ann", "192.0.2.1")] * 10, "192.0.2.2", 0, 302),  # ...and ann still logs in from anywhere else
        ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 30 * 60 - 1, 429),
        ([("ann", "192.0.2.1")] * 10, "192.0.2.1", 30 * 60, 302),  # the window has passed
        ([("Ann", "192.0.2.1")] * 10, "192.0.2.1", 0, 429),  # usernames are one name in any case: 'Ann' is ann
        ([("ann", f"192.0.2.{n}") for n in range(29)], "192.0.2.99", 0, 302),  # below the account's ceiling
        (MANY, "203.0.113.9", 0, 429),  # at the ceiling: slowed, one try per 5 minutes
        (MANY, "203.0.113.9", 5 * 60 - 1, 429),
        (MANY, "203.0.113.9", 5 * 60, 302),  # slowed, not blocked
        (MANY, "203.0.113.9", 60 * 60, 302),  # the ceiling's window has passed
        ([(f"user{n}", "192.0.2.1") for n in range(29)], "192.0.2.1", 0, 302),
        ([(f"user{n}", "192.0.2.1") for n in range(30)], "192.0.2.1", 0, 429),  # per address, whatever the account
        ([(f"user{n}", "192.0.2.1") for n in range(30)], "192.0.2.2", 0, 302),
        ([(f"user{n}", f"2001:db8::{n}") for n in range(30)], "2001:db8::ffff", 0, 429),  # one IPv6 /64 is one client
        ([(f"user{n}", f"2001:db8::{n}") for n in range(30)], "2001:db8:0:1::1", 0, 302),
        ([(f"user{n}", "192.0.2.1") for n in range(30)], "::ffff:192.0.2.1", 0, 429),  # IPv4 written as IPv6
    ],
)
def test_login_is_refused_after_too_many_failures(make_app, clock, failures, address, later, status):
    app = make_app()
    client = client_at(app, address)
    fail(app, failures)
    clock.now = START + timedelta(seconds=later)
    response = login(client)
    assert response.status_code == status
    assert (PAUSED in response.data) is (status == 429)


def test_an_attacker_at_one_address_cannot_lock_the_owner_out_through_the_form(make_app, clock):
    app = make_app()
    attacker, owner = client_at(app, "203.0.113.66"), client_at(app, "192.0.2.10")
    for _ in range(50):
        login(attacker, "ann", "wrong password")
    assert login(attacker).status_code == 429  # the attacker's address is paused for ann, even with the password
    assert login(owner).status_code == 302  # the owner, at school, logs in


def attack(app, clock, addresses: list[str], every: int = 10, hours: int = 2) -> list[datetime]:
    """Guess ann's password every `every` s for `hours`, rotating addresses; return when each guess was checked."""
    clients = [client_at(app, address) for address in addresses]
    checked = []
    for step in range(hours * 3600 // every):
        clock.now = START + timedelta(seconds=step * every)
        response = login(clients[step % len(clients)], "ann", f"guess {step}")
        assert response.status_code in (200, 429)
        if response.status_code == 200:  # the password was checked (and was wrong)
            checked.append(clock.now)
    return checked


def most_in_an_hour(times: list[datetime]) -> int:
    """Return the most guesses checked in any 60-minute span."""
    return max(sum(1 for t in times if start <= t < start + timedelta(hours=1)) for start in times)


def test_a_guesser_at_one_address_gets_20_tries_an_hour_and_the_owner_still_logs_in(make_app, clock):
    app = make_app()
    checked = attack(app, clock, ["203.0.113.66"])
    assert most_in_an_hour(checked) == 20
    assert login(client_at(app, "192.0.2.10")).status_code == 302  # a new browser at another address: not slowed


def test_a_guesser_at_many_addresses_gets_at_most_42_tries_an_hour(make_app, clock):
    app = make_app()
    checked = attack(app, clock, [f"203.0.{n // 250}.{n % 250}" for n in range(720)])
    assert most_in_an_hour(checked) <= 30 + 3600 // (5 * 60)
    assert most_in_an_hour(checked) >= 30  # the ceiling really lets 30 through: it slows, it does not stop


def test_the_owners_own_browser_is_never_slowed(make_app, clock):
    app = make_app()
    owner = client_at(app, "192.0.2.10")
    assert login(owner).status_code == 302
    assert owner.get_cookie(throttle.KNOWN_COOKIE) is not None
    owner.post("/logout")
    fail(app, MANY)  # an attack from 30 addresses: ann is at her ceiling
    phone = client_at(app, "198.18.0.1")  # a browser that never logged in as ann
    assert login(phone).status_code == 429
    owner.environ_base["REMOTE_ADDR"] = "198.18.0.2"  # the owner's laptop, now on another network
    assert login(owner).status_code == 302


def test_a_known_browser_tag_stops_working_after_a_password_change(make_app, clock):
    app = make_app()
    owner = client_at(app, "192.0.2.10")
    assert login(owner).status_code == 302
    owner.post("/logout")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann"))
        user.set_password("a brand new password")
        db.session.commit()
    fail(app, MANY)
    assert login(owner, password="a brand new password").status_code == 429  # a stolen tag is worth nothing now


@pytest.mark.parametrize(
    ("later", "message", "retry_after"),
    [
        (0, b"try again in 30 minutes.", "1800"),
        (29 * 60, b"try again in 1 minute.", "60"),
        (29 * 60 + 59, b"try again in 1 minute.", "1"),
    ],
)
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
    assert known.data == unknown.data and PAUSED in known.data
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"]
    fail(app, [("nobody", f"198.51.100.{n}") for n in range(30)])
    slowed_known = login(client_at(app, "203.0.113.1"), "nobody", "x")
    fail(app, [(u, a) for u, a in MANY])
    slowed_unknown = login(client_at(app, "203.0.113.2"), "ann", "x")
    assert without_tokens(slowed_known.data) == without_tokens(slowed_unknown.data)


def without_tokens(page: bytes) -> bytes:
    """Return a page without its CSRF tokens, which belong to the browser (two clients here), not the account."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", page)


def test_failed_logins_through_the_form_are_counted_and_the_right_password_is_then_refused(make_app, clock):
    client = client_at(make_app())
    for _ in range(10):
        assert b"do not match an account" in login(client, "ann", "wrong password").data
    refused = login(client)
    assert refused.status_code == 429 and PAUSED in refused.data
    assert client.get("/history").status_code == 302  # still signed out


def test_a_successful_login_clears_that_addresss_typos_but_not_the_accounts_ceiling(make_app, clock):
    app = make_app()
    client = client_at(app)
    fail(app, [("ann", "192.0.2.1")] * 9 + [("ann", f"198.51.100.{n}") for n in range(20)])
    assert login(client).status_code == 302
    client.post("/logout")
    fail(app, [("ann", "192.0.2.1")])
    assert login(client).status_code == 302  # the nine before the success no longer count
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(throttle.ThrottleEvent)) == 20


def test_old_events_are_deleted_and_nothing_typed_is_stored(make_app, clock):
    app = make_app()
    fail(app, [("my secret password", "192.0.2.1")] * 3)
    clock.now = START + timedelta(minutes=61)
    fail(app, [("ann", "192.0.2.1")])
    with app.app_context():
        rows = db.session.scalars(select(throttle.ThrottleEvent)).all()
        assert len(rows) == 1
        stored = " ".join(f"{row.account} {row.address}" for row in rows)
        assert "ann" not in stored and "192.0.2.1" not in stored and "secret" not in stored


@pytest.mark.parametrize(
    ("settings", "headers", "status"),
    [
        ({}, {"X-Forwarded-For": "198.51.100.7"}, 429),  # the header is ignored: no way round the limit
        ({"PROXY_FIX_X_FOR": 1}, {"X-Forwarded-For": "198.51.100.7"}, 302),  # behind a proxy: the real client
        ({"PROXY_FIX_X_FOR": 1}, {"X-Forwarded-For": "198.51.100.7, 192.0.2.1"}, 429),  # only the proxy's entry counts
    ],
)
def test_address_limit_counts_the_client_behind_a_trusted_proxy(make_app, clock, settings, headers, status):
    app = make_app(**settings)
    client = client_at(app)
    fail(app, [(f"user{n}", "192.0.2.1") for n in range(30)])
    assert client.post("/login", headers=headers, data={"username": "ann", "password": PASSWORD}).status_code == status


@pytest.mark.parametrize(
    ("settings", "failures", "status"),
    [
        ({"LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": 3}, [("ann", "192.0.2.1")] * 3, 429),
        ({"LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": 0}, [("ann", "192.0.2.1")] * 20, 302),  # 0 turns the limit off
        ({"LOGIN_FAILURES_PER_ACCOUNT": 3}, [("ann", f"192.0.2.{n}") for n in range(3)], 429),
        ({"LOGIN_FAILURES_PER_ACCOUNT": 0}, MANY, 302),
        ({"LOGIN_SLOW_SECONDS": 0}, MANY, 302),
        ({"LOGIN_FAILURES_PER_ADDRESS": 0}, [(f"user{n}", "192.0.2.1") for n in range(40)], 302),
    ],
)
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
        assert db.session.scalar(select(func.count()).select_from(throttle.ThrottleEvent)) == 10


def signup(client, number: int):
    """Post the sign-up form for a new name."""
    return client.post("/signup", data={"username": f"bot{number}", "password": PASSWORD, "confirm": PASSWORD})


def test_signups_from_one_address_are_limited_through_the_form(make_app, clock):
    app = make_app(SIGNUPS_PER_ADDRESS=5)
    for number in range(5):
        client = client_at(app)
        assert signup(client, number).status_code == 302
    refused = signup(client_at(app), 99)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"
    assert b"signing up is paused here: try again in 60 minutes." in refused.data
    assert signup(client_at(app, "192.0.2.2"), 100).status_code == 302  # another address is not affected
    clock.now = START + timedelta(hours=1)
    assert signup(client_at(app), 101).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1 + 7


def test_the_default_signup_limit_is_50_an_hour(make_app, clock):
    app = make_app()
    for number in range(50):
        assert signup(client_at(app), number).status_code == 302
    assert signup(client_at(app), 50).status_code == 429


@pytest.fixture
def joinable(make_app, clock):
    """An app with a teacher's class; return (app, its join code)."""
    from quizapp import classes

    app = make_app(JOIN_FAILURES_PER_ACCOUNT=3, JOIN_FAILURES_PER_ADDRESS=5)
    with app.app_context():
        teacher = User(username="ms-lee", role=TEACHER, password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        return app, classes.create_class(teacher, "8B").join_code


def join(client, code: str, name: str = "Sam"):
    """Post the join form as a new student."""
    return client.post("/join", data={"code": code, "display_name": name, "password": PASSWORD, "confirm": PASSWORD})


def test_wrong_join_codes_are_limited_per_address_through_the_form(joinable, clock):
    app, code = joinable
    for guess in range(5):
        assert b"No class has that code" in join(client_at(app), f"ZZZZ{guess:02d}").data
    refused = join(client_at(app), code)  # even the right code waits: guessing gains nothing
    assert refused.status_code == 429 and b"joining is paused: try again in 15 minutes." in refused.data
    assert join(client_at(app, "192.0.2.2"), code).status_code == 302
    clock.now = START + timedelta(minutes=15)
    assert join(client_at(app), code, "Kim").status_code == 302


def test_wrong_join_codes_are_limited_per_account_from_any_address(joinable, clock):
    app, code = joinable
    student = client_at(app, "192.0.2.7")
    assert login(student).status_code == 302
    for guess in range(3):
        student.environ_base["REMOTE_ADDR"] = f"198.51.100.{guess}"
        assert b"No class has that code" in student.post("/join", data={"code": f"ZZZZ{guess:02d}"}).data
    student.environ_base["REMOTE_ADDR"] = "198.51.100.200"
    refused = student.post("/join", data={"code": code})
    assert refused.status_code == 429 and b"joining is paused" in refused.data


def test_joins_that_make_an_account_count_as_signups(make_app, clock):
    from quizapp import classes

    app = make_app(SIGNUPS_PER_ADDRESS=2)
    with app.app_context():
        teacher = User(username="ms-lee", role=TEACHER, password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        code = classes.create_class(teacher, "8B").join_code
    assert join(client_at(app), code, "Sam").status_code == 302
    assert signup(client_at(app), 1).status_code == 302
    refused = join(client_at(app), code, "Kim")
    assert refused.status_code == 429 and b"signing up is paused" in refused.data


def test_the_429_page_is_the_sites_own(make_app, clock):
    app = make_app(SIGNUPS_PER_ADDRESS=1)
    signup(client_at(app), 1)
    page = signup(client_at(app), 2).data.decode()
    assert "Please wait before trying again" in page and re.search(r"<h1>", page)
