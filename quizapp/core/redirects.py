"""Where a "next" address may send someone after logging in: a path on this site, or nowhere.

The value is judged as a browser would read it in a ``Location`` header (the WHATWG URL
standard): browsers drop tabs and newlines anywhere, strip control characters and spaces at the
ends, and read ``\\`` as ``/``, so ``/<tab>/evil.example`` and ``/\\evil.example`` both mean
``//evil.example``, another site. After that the value must be a plain same-site path: it starts
with one ``/``, has no scheme and no host, no empty or dot segments, no encoded slash or
backslash, and only printable ASCII (this site's addresses are all ASCII, so a Unicode look-alike
of ``/`` such as ``／`` or ``∕`` is refused rather than guessed at). Anything else goes home.
No Flask here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DROPPED = re.compile(r"[\t\n\r]")  # removed from anywhere in a URL by the browser's parser
_ENCODED_SLASH = re.compile(r"%(2f|5c)", re.IGNORECASE)


def safe_path(value: str | None) -> str | None:
    """Return value if a browser would read it as a path on this site, else None."""
    if not value:
        return None
    value = _DROPPED.sub("", value).strip("".join(map(chr, range(0x21))))
    if not value or any(not 0x21 <= ord(c) <= 0x7E for c in value) or "\\" in value:
        return None
    if not value.startswith("/") or value.startswith("//") or _ENCODED_SLASH.search(value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    segments = parts.path.split("/")[1:]
    if any(segment in ("", ".", "..") for segment in segments[:-1]) or segments[-1] in (".", ".."):
        return None
    return value
