"""Sign-in sessions kept on the server, so that logging out really ends them.

Flask's session is a signed cookie: before this module, a cookie copied before logout still
worked after it, because nothing on the server knew it had ended. Now signing in stores a row
holding a digest of a random token, and the cookie carries the token (as Flask-Login's user id);
``security.load_user`` accepts a cookie only while its row exists. So:

- logging out deletes this browser's row: a copied cookie is refused from then on;
- "log out everywhere" deletes every row of the account;
- changing one's password deletes every row but the current one; a teacher's reset of a
  student's password, a change of role and deleting the account delete them all;
- a row older than ``SESSION_DAYS`` days is refused and deleted, so rows of browsers that never
  log out do not pile up.

The table keeps digests, never tokens, so a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import User


class UserSession(db.Model):
    """One signed-in browser of an account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(index=True)


def now() -> datetime:
    """Return the current time in UTC, without tzinfo, as the table stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    """Return the stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest_allowed() -> datetime:
    """Return the creation time before which a session has expired."""
    return now() - timedelta(days=float(current_app.config["SESSION_DAYS"]))


def start(user: User) -> str:
    """Store a new session for user (not committed), set user.session_token and return the token."""
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.created_at < _oldest_allowed())
    )
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_digest=_digest(token), created_at=now()))
    user.session_token = token
    return token


def user_for(token: str) -> User | None:
    """Return the live account whose session this token is, with session_token set, in one query."""
    user = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_digest == _digest(token),
            UserSession.created_at >= _oldest_allowed(),
            User.deleted_at.is_(None),
        )
    )
    if user is not None:
        user.session_token = token
    return user


def end(token: str | None) -> None:
    """End one session (not committed)."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_digest == _digest(token)))


def end_all(user: User, keep: str | None = None) -> None:
    """End every session of user, except the one whose token is keep (not committed)."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_digest != _digest(keep))
    db.session.execute(query)
