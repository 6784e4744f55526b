"""Join codes, memorable passwords for printed login cards, usernames made from names, and name folding."""

from __future__ import annotations

import re
import secrets
import unicodedata

# No 0/O, 1/I/L: codes are read off a board and typed by children.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_WORDS = (
    "apple arrow badge banjo beach bell berry bison blaze bloom boat bread brick brook cabin cactus "
    "camel candle canoe cargo cedar chalk cherry cloud clover comet coral crane crown daisy delta "
    "dolphin dragon eagle ember falcon fern flame flute forest fox galaxy garden gecko ginger globe "
    "grape harbor hazel heron honey island ivy jade jazz jungle kayak kettle kite koala lagoon lemon "
    "lilac lime llama lotus lynx mango maple marble meadow melon mint moon moss nectar nova oak ocean "
    "olive orbit otter owl panda paper peach pearl pebble pepper piano pine planet plum pony prism "
    "puffin quartz quill rabbit radar raven reef river robin rocket saddle sage salmon shell sierra "
    "silver sky sloth snow sparrow spruce star stone storm sugar summit swan tango tiger topaz tulip "
    "tundra turtle velvet violet walnut wave willow wind wolf zebra"
).split()


def join_code() -> str:
    """Return a new random class join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Return a typed join code in canonical form (case, spaces and dashes ignored)."""
    return re.sub(r"[\s-]+", "", text).upper()


def memorable_password() -> str:
    """Return a password a child can copy from a card: two words and two digits."""
    return f"{secrets.choice(_WORDS)}-{secrets.choice(_WORDS)}-{secrets.randbelow(90) + 10}"


def username_base(name: str) -> str:
    """Return a username made from a display name: lowercase ASCII letters, digits and dots."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", ".", ascii_name.lower()).strip(".")
    return base[:30] or "student"


def unique_username(name: str, taken: set[str]) -> str:
    """Return username_base(name), with the smallest number added that makes it unused."""
    base = username_base(name)
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def name_key(name: str) -> str:
    """Return a name folded for sorting and comparing: case, accents and spacing ignored ('Zoë  B' ~ 'zoe b')."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
