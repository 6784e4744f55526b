"""The address students are given (on login cards, the overview and the projector view).

The teacher's own browser often shows ``http://127.0.0.1:5000``, which on a student's device
means the student's device. So the address comes, in this order, from:

1. the ``PUBLIC_URL`` setting (the address of the app's home page, as students type it);
2. the address the teacher's browser used, when it is not this computer's own (a LAN address,
   or a school server's name behind a proxy): students can use the same;
3. the classroom-network addresses ``quizapp serve --host 0.0.0.0`` printed at start;
4. the teacher's loopback address, with ``loopback`` set so the page warns the teacher.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request, url_for

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


@dataclass(frozen=True)
class StudentAddress:
    """Where students open the app: one address to print, others this computer answers on."""

    base: str  # ends with "/"
    loopback: bool  # only this computer can open it
    others: tuple[str, ...] = ()

    def page(self, endpoint: str, **values) -> str:
        """Return the full address of one of the app's pages under this base."""
        path = url_for(endpoint, **values)[len(request.script_root) :]
        return self.base.rstrip("/") + path


def is_loopback(url: str) -> bool:
    """Return whether url names this computer only (127.x, ::1, localhost, 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def normalise(url: str) -> str:
    """Return a configured address with a scheme and one trailing slash ('quiz.school' -> 'http://quiz.school/')."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    return url.rstrip("/") + "/"


def for_students() -> StudentAddress:
    """Return the address to give students for the current request's app."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        base = normalise(configured)
        return StudentAddress(base, is_loopback(base))
    if not is_loopback(request.url_root):
        return StudentAddress(request.url_root, False)
    served = [url for url in current_app.config.get("SERVE_URLS") or () if not is_loopback(url)]
    if served:
        return StudentAddress(served[0], False, tuple(served[1:]))
    return StudentAddress(request.url_root, True)
