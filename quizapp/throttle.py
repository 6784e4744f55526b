"""Abuse limits: failed log-ins, sign-ups and wrong join codes, counted in the database.

Each counted event is one row, so every app process (several gunicorn workers, on SQLite or
PostgreSQL) sees the same counts with no extra service. Rows keep keyed digests of the username
and the client address, never what was typed, and are deleted once older than every window.

Log-ins (the design is argued in the README's Decisions):

- ``LOGIN_FAILURES_PER_ACCOUNT_ADDRESS`` failures for one username from one address within
  ``LOGIN_FAILURE_WINDOW`` seconds pause log-ins for that username *from that address*;
- ``LOGIN_FAILURES_PER_ADDRESS`` failures from one address, whatever the usernames, pause that
  address (one machine guessing many accounts);
- ``LOGIN_FAILURES_PER_ACCOUNT`` failures for one username from anywhere within
  ``LOGIN_ACCOUNT_WINDOW`` seconds is a ceiling that slows rather than blocks: above it the
  account takes one attempt per ``LOGIN_SLOW_SECONDS``, except from a browser that has logged
  into it before (a "known browser" cookie), which is never slowed.

So someone who knows a username and types wrong passwords pauses only themselves, and its owner
logs in from any other address (and from their own browsers, even during an attack from many
addresses), while a guesser gets at most about ceiling + 3600 / LOGIN_SLOW_SECONDS tries an hour.
Unknown usernames count like real ones, and every refusal reads the same, so none reveals an
account. Sign-ups are counted per address (``SIGNUPS_PER_ADDRESS`` per ``SIGNUP_WINDOW``, joins
that make an account included), wrong join codes per account and per address. A limit of 0 is off.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Request, Response, current_app, request
from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import TooManyRequests

from .core import usernames
from .extensions import db

LOGIN, SIGNUP, JOIN = "login", "signup", "join"
KNOWN_COOKIE = "quizapp_known"
KNOWN_KEPT = 20  # accounts a shared classroom browser remembers; the oldest drop off


class ThrottleEvent(db.Model):
    """One counted event (a failed log-in, a sign-up, a wrong join code), kept for its window."""

    # The model lives with its only user, so this module can be read (and merged) on its own.
    __table_args__ = (
        Index("ix_throttle_event_kind_account_at", "kind", "account", "at"),
        Index("ix_throttle_event_kind_address_at", "kind", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(String(64), default="")  # digest of the username or account tried
    address: Mapped[str] = mapped_column(String(64), default="")  # digest of the client (an IPv6 /64)
    at: Mapped[datetime] = mapped_column(index=True)


@dataclass(frozen=True)
class Limit:
    """A count of one kind of event, per account, address or both, and the settings that size it."""

    kind: str
    by: str  # "account", "address" or "pair"
    count_setting: str
    window_setting: str


LOGIN_PAIR = Limit(LOGIN, "pair", "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", "LOGIN_FAILURE_WINDOW")
LOGIN_ADDRESS = Limit(LOGIN, "address", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURE_WINDOW")
LOGIN_ACCOUNT = Limit(LOGIN, "account", "LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_ACCOUNT_WINDOW")
SIGNUP_ADDRESS = Limit(SIGNUP, "address", "SIGNUPS_PER_ADDRESS", "SIGNUP_WINDOW")
JOIN_ACCOUNT = Limit(JOIN, "account", "JOIN_FAILURES_PER_ACCOUNT", "JOIN_FAILURE_WINDOW")
JOIN_ADDRESS = Limit(JOIN, "address", "JOIN_FAILURES_PER_ADDRESS", "JOIN_FAILURE_WINDOW")
WINDOWS = {
    LOGIN: ("LOGIN_FAILURE_WINDOW", "LOGIN_ACCOUNT_WINDOW"),
    SIGNUP: ("SIGNUP_WINDOW",),
    JOIN: ("JOIN_FAILURE_WINDOW",),
}
MESSAGES = {
    LOGIN: "There have been too many unsuccessful attempts to log in. To keep accounts safe, logging in is "
    "paused: try again in {wait}.",
    SIGNUP: "Many accounts have been made from this network lately. To stop accounts being made by a "
    "program, signing up is paused here: try again in {wait}. Your teacher can also make accounts "
    "for your class.",
    JOIN: "There have been too many wrong class codes. To keep classes private, joining is paused: try again "
    "in {wait}. Check the code with your teacher.",
}


def now() -> datetime:
    """Return the current time in UTC, without tzinfo, as the table stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def client_address() -> str:
    """Return the address the request came from (behind a proxy, ProxyFix with PROXY_FIX_X_FOR has set it)."""
    return request.remote_addr or "unknown"


def _client(address: str) -> str:
    """Return what identifies one client: the address, or for IPv6 its /64, which one household or device holds."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _digest(kind: str, value: str) -> str:
    """Return a keyed digest of a username or address, so neither is stored as typed."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def account_key(username: str) -> str:
    """Return the digest that stands for a username (the same for Ann and ann)."""
    return _digest("account", usernames.key(username))


def user_key(user_id: int) -> str:
    """Return the digest that stands for a signed-in account."""
    return _digest("account", f"#{user_id}")


def address_key(address: str) -> str:
    """Return the digest that stands for a client address."""
    return _digest("address", _client(address))


def _events(limit: Limit, account: str, address: str):
    """Return the where-clause of the events a limit counts for this account and address."""
    clauses = [ThrottleEvent.kind == limit.kind]
    if limit.by in ("account", "pair"):
        clauses.append(ThrottleEvent.account == account)
    if limit.by in ("address", "pair"):
        clauses.append(ThrottleEvent.address == address)
    return clauses


def _settings(limit: Limit) -> tuple[int, timedelta]:
    """Return a limit's count and window from the app's settings."""
    config = current_app.config
    return int(config[limit.count_setting]), timedelta(seconds=float(config[limit.window_setting]))


def _nth_latest(limit: Limit, account: str, address: str, moment: datetime) -> datetime | None:
    """Return the time of the limit-th most recent event in the window, or None if there are fewer."""
    count, window = _settings(limit)
    if count <= 0:
        return None
    return db.session.scalar(
        select(ThrottleEvent.at)
        .where(*_events(limit, account, address), ThrottleEvent.at > moment - window)
        .order_by(ThrottleEvent.at.desc())
        .offset(count - 1)
        .limit(1)
    )


def blocked_for(limit: Limit, account: str = "", address: str = "") -> float:
    """Return the seconds until fewer than the limit's count of events are inside its window."""
    moment = now()
    nth = _nth_latest(limit, account, address, moment)
    return 0.0 if nth is None else max(0.0, (nth + _settings(limit)[1] - moment).total_seconds())


def slowed_for(limit: Limit, account: str) -> float:
    """Return the seconds until an account over its ceiling may try again (one try per LOGIN_SLOW_SECONDS)."""
    moment = now()
    if _nth_latest(limit, account, "", moment) is None:
        return 0.0
    latest = db.session.scalar(select(func.max(ThrottleEvent.at)).where(*_events(limit, account, "")))
    interval = timedelta(seconds=float(current_app.config["LOGIN_SLOW_SECONDS"]))
    return max(0.0, (latest + interval - moment).total_seconds())


def login_wait(username: str, address: str, known_browser: bool) -> int:
    """Return how many seconds log-ins for username from address stay refused (0: not refused)."""
    account, client = account_key(username), address_key(address)
    waits = [blocked_for(LOGIN_PAIR, account, client), blocked_for(LOGIN_ADDRESS, "", client)]
    if not known_browser:
        waits.append(slowed_for(LOGIN_ACCOUNT, account))
    return math.ceil(max(waits))


def wait(limits: tuple[Limit, ...], account: str = "", address: str = "") -> int:
    """Return the seconds until every one of these blocking limits lets the next event through."""
    return math.ceil(max([blocked_for(limit, account, address) for limit in limits] or [0.0]))


def record(kind: str, account: str = "", address: str = "") -> None:
    """Count one event (committed), and drop this kind's events that have aged out of every window."""
    moment = now()
    longest = max(float(current_app.config[name]) for name in WINDOWS[kind])
    db.session.execute(
        delete(ThrottleEvent).where(ThrottleEvent.kind == kind, ThrottleEvent.at <= moment - timedelta(seconds=longest))
    )
    db.session.add(ThrottleEvent(kind=kind, account=account, address=address, at=moment))
    db.session.commit()


def record_login_failure(username: str, address: str) -> None:
    """Count one failed log-in for a username from an address."""
    record(LOGIN, account_key(username), address_key(address))


def forget_login_failures(username: str, address: str) -> None:
    """Clear this username's typos from this address after a log-in (the account's ceiling keeps them)."""
    pair = _events(LOGIN_PAIR, account_key(username), address_key(address))
    db.session.execute(delete(ThrottleEvent).where(*pair))
    db.session.commit()


def refusal(kind: str, seconds: int) -> TooManyRequests:
    """Return the 429 error that says when to try again, the same whichever limit of the kind was reached."""
    minutes = max(1, math.ceil(seconds / 60))
    wait_words = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return TooManyRequests(description=MESSAGES[kind].format(wait=wait_words), retry_after=max(1, seconds))


def _browser_tag(user) -> str:
    """Return the tag a browser that logged into user keeps; a new password makes it stale."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"known:{user.id}:{user.password_hash}".encode(), hashlib.sha256).hexdigest()[:24]


def _known_tags(incoming: Request) -> list[str]:
    """Return the tags of the accounts this browser has logged into."""
    return [tag for tag in incoming.cookies.get(KNOWN_COOKIE, "").split(".") if tag]


def is_known_browser(user) -> bool:
    """Return whether this request's browser has logged into user before (with the current password)."""
    return user is not None and _browser_tag(user) in _known_tags(request)


def remember_browser(response: Response, user) -> Response:
    """Mark this browser as one that logged into user, so the account's ceiling never slows it."""
    tag = _browser_tag(user)
    tags = [t for t in _known_tags(request) if t != tag][-(KNOWN_KEPT - 1) :] + [tag]
    response.set_cookie(
        KNOWN_COOKIE,
        ".".join(tags),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.session_interface.get_cookie_secure(current_app),
    )
    return response
