"""Login throttling: failed log-ins counted in the database, per account and per client address.

A failure is one row, so every app process (several gunicorn workers, on SQLite or PostgreSQL)
sees the same count with no extra service. After ``LOGIN_FAILURES_PER_ACCOUNT`` failures for one
username, or ``LOGIN_FAILURES_PER_ADDRESS`` from one address, within ``LOGIN_FAILURE_WINDOW``
seconds, log-ins are refused until the oldest of those failures has aged out. Unknown usernames
count like real ones, so the refusal says nothing about whether an account exists. The table keeps
keyed digests, not what was typed: a password typed into the username box is not stored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from datetime import datetime, timedelta, timezone

from flask import current_app, request
from sqlalchemy import Index, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import TooManyRequests

from .extensions import db


class LoginFailure(db.Model):
    """One failed log-in, kept for the length of the window."""

    # The model lives with its only user, so this module can be read (and merged) on its own.
    __table_args__ = (Index("ix_login_failure_account_at", "account", "at"),
                      Index("ix_login_failure_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(64))  # digest of the username tried
    address: Mapped[str] = mapped_column(String(64))  # digest of the client address (an IPv6 /64)
    at: Mapped[datetime] = mapped_column(index=True)


def now() -> datetime:
    """Return the current time in UTC, without tzinfo, as the table stores it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


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


def seconds_to_wait(username: str, address: str) -> int:
    """Return how many seconds log-ins for username from address stay refused (0: not refused)."""
    config = current_app.config
    window = timedelta(seconds=config["LOGIN_FAILURE_WINDOW"])
    moment = now()
    waits = [_wait(LoginFailure.account, _digest("account", username), config["LOGIN_FAILURES_PER_ACCOUNT"], moment, window),
             _wait(LoginFailure.address, _digest("address", _client(address)), config["LOGIN_FAILURES_PER_ADDRESS"], moment, window)]
    return math.ceil(max(waits))


def _wait(column, key: str, limit: int, moment: datetime, window: timedelta) -> float:
    """Return the seconds until fewer than limit failures for key are inside the window."""
    if limit <= 0:
        return 0.0
    # The limit-th most recent failure: once it ages out, only limit - 1 remain in the window.
    nth = db.session.scalar(select(LoginFailure.at).where(column == key, LoginFailure.at > moment - window)
                            .order_by(LoginFailure.at.desc()).offset(limit - 1).limit(1))
    return 0.0 if nth is None else max(0.0, (nth + window - moment).total_seconds())


def record_failure(username: str, address: str) -> None:
    """Count one failed log-in, and drop the failures that have aged out of every window."""
    moment = now()
    db.session.execute(delete(LoginFailure).where(
        LoginFailure.at <= moment - timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW"])))
    db.session.add(LoginFailure(account=_digest("account", username), address=_digest("address", _client(address)), at=moment))
    db.session.commit()


def forget(username: str) -> None:
    """Clear an account's failures after it logged in, so old typos do not count against it."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account == _digest("account", username)))
    db.session.commit()


def refusal(seconds: int) -> TooManyRequests:
    """Return the 429 error that says when to try again, the same whichever limit was reached."""
    minutes = max(1, math.ceil(seconds / 60))
    return TooManyRequests(
        description=f"There have been too many unsuccessful attempts to log in. To keep accounts safe, "
                    f"logging in is paused: try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        retry_after=seconds)
