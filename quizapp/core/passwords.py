"""The password rule, NIST SP 800-63B style: one function every place that sets a password uses.

A password is read after Unicode NFKC normalisation (so the same password typed on a phone and on
a laptop is the same string). It must have at least ``MIN_LENGTH`` characters, must not consist
only of spaces or invisible characters, must not be on the shipped list of common passwords
(``common-passwords.txt``: its source and licence are in its header and the README), nor be the
username, a single repeated character or a run like ``abcdefgh`` or ``87654321``. There are no
composition rules (no "one digit, one capital"): NIST found they make passwords weaker, not
stronger. No Flask and no database here.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from .messages import Message
from .sources import PACKAGE

MIN_LENGTH = 8
MAX_LENGTH = 200  # long enough for any passphrase; hashing a megabyte would be a denial of service
COMMON_FILE = PACKAGE / "common-passwords.txt"
RULE = f"at least {MIN_LENGTH} characters, and not a common password like 'password' or '12345678'"
_INVISIBLE = ("Cc", "Cf", "Cn", "Co", "Zs", "Zl", "Zp")  # controls, format marks, unassigned, private, spaces
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")


def normalise(password: str) -> str:
    """Return the password as it is hashed and checked: Unicode NFKC."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped common passwords, casefolded (read once per process)."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#"))


def problem(password: str, username: str = "") -> str | None:
    """Return why a new password is refused, in words for an 11-year-old, or None if it is fine."""
    text = normalise(password or "")
    if not any(_visible(c) for c in text):
        return Message("A password cannot be only spaces or invisible characters.")
    if len(text) < MIN_LENGTH:
        return Message("A password has at least %(count)s characters.", count=MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        return Message("A password has at most %(count)s characters.", count=MAX_LENGTH)
    folded = text.casefold()
    if folded in common_passwords() or "".join(folded.split()) in common_passwords():
        return Message("That password is one of the most common ones, so it is easy to guess. Choose another.")
    if username and folded == normalise(username).casefold():
        return Message("Your password cannot be your username.")
    if len(set(folded)) == 1 or any(folded in run or folded in run[::-1] for run in _RUNS):
        return Message("That password is too easy to guess (a run of letters or numbers). Choose another.")
    return None


def _visible(character: str) -> bool:
    """Return whether a character shows as something: not a space, control, format or unassigned mark."""
    return not character.isspace() and unicodedata.category(character) not in _INVISIBLE
