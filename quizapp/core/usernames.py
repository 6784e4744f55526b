"""What makes two usernames the same: Unicode NFKC and case folding. No Flask, no database.

``TeacherA``, ``teachera`` and ``ＴｅａｃｈｅｒＡ`` (full-width letters) are one name, so only one of
them can exist; the database enforces it with a unique index on ``User.username_key``.
"""

from __future__ import annotations

import re
import unicodedata

from .messages import Message

PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")  # what sign-up and create-teacher accept, after normalising
MIN_LENGTH, MAX_LENGTH = 3, 40


def normalise(username: str) -> str:
    """Return a typed username as stored: NFKC, no surrounding spaces (full-width letters become ASCII)."""
    return unicodedata.normalize("NFKC", username or "").strip()


def key(username: str) -> str:
    """Return the key two usernames share when they are the same name: NFKC, then casefold."""
    return unicodedata.normalize("NFKC", normalise(username).casefold())


def problem(username: str) -> str | None:
    """Return why a chosen username is refused, or None."""
    name = normalise(username)
    if not name:
        return Message("Choose a username.")
    if not PATTERN.match(name):
        return Message("Use only letters, digits, dots, dashes and underscores.")
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return Message("A username has %(least)s to %(most)s characters.", least=MIN_LENGTH, most=MAX_LENGTH)
    return None
