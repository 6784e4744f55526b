"""After log-in, "next" sends a user only to a path on this site, judged as the browser reads it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from quizapp.core.redirects import safe_path

# (the value of next, as the browser sends it in the query string before percent-encoding; where
# the login page must send the user). "/" is the home page: everything unsafe goes there.
TABLE = [
    ("/history", "/history"),
    ("/attempts/3/passages/2", "/attempts/3/passages/2"),
    ("/join?code=ABC123", "/join?code=ABC123"),
    ("/quizzes/seed#top", "/quizzes/seed#top"),
    ("/", "/"),
    ("", "/"),
    ("history", "/"),  # relative to the current path: not what any page of ours sends
    ("//evil.example/", "/"),
    ("///evil.example/", "/"),
    ("////evil.example", "/"),
    ("/\t/evil.example/", "/"),  # the reported attack: browsers drop the tab and read //evil.example
    ("\t//evil.example", "/"),
    ("/\n/evil.example", "/"),
    ("/\r/evil.example", "/"),
    ("/\r\n/evil.example", "/"),
    ("/history\r\nSet-Cookie: planted=1", "/"),  # header injection: no 500, no header
    (" //evil.example", "/"),  # leading space, stripped by browsers
    ("\x00//evil.example", "/"),
    ("\x1f//evil.example", "/"),
    ("/\\evil.example", "/"),  # a backslash is a slash to a browser
    ("\\/evil.example", "/"),
    ("\\\\evil.example", "/"),
    ("/\\/evil.example", "/"),
    ("/%2F/evil.example", "/"),  # %2F is how a slash arrives when the link was encoded twice
    ("/%2f%2fevil.example", "/"),
    ("%2F%2Fevil.example", "/"),
    ("/%5Cevil.example", "/"),
    ("https://evil.example/", "/"),
    ("http://evil.example", "/"),
    ("https:evil.example", "/"),
    ("https:/evil.example", "/"),
    ("HTTPS://EVIL.EXAMPLE", "/"),
    ("javascript:alert(1)", "/"),
    ("JaVaScRiPt:alert(1)", "/"),
    ("java\tscript:alert(1)", "/"),
    ("data:text/html,<script>alert(1)</script>", "/"),
    ("/\uff0f/evil.example", "/"),  # FULLWIDTH SOLIDUS
    ("/\u2215evil.example", "/"),  # DIVISION SLASH
    ("/\u2044evil.example", "/"),  # FRACTION SLASH
    ("\uff0f\uff0fevil.example", "/"),
    ("/\u3002evil.example", "/"),  # IDEOGRAPHIC FULL STOP, a dot to IDNA
    ("/history\u200b", "/"),  # zero-width space
    ("/./evil.example", "/"),
    ("/../evil.example", "/"),
    ("/history/..", "/"),
    ("/a//b", "/"),
    ("/@evil.example", "/@evil.example"),  # a path on this site: harmless
    ("/history?next=//evil.example", "/history?next=//evil.example"),  # the query is that page's business
]


@pytest.mark.parametrize(("value", "expected"), TABLE)
def test_safe_path(value, expected):
    assert (safe_path(value) or "/") == expected


@pytest.mark.parametrize(("value", "expected"), TABLE)
def test_login_redirects_as_the_table_says(app, client, auth, value, expected):
    auth.signup("ann", "a long password")
    auth.logout()
    response = client.post(
        f"/login?next={quote(value, safe='')}", data={"username": "ann", "password": "a long password"}
    )
    assert response.status_code == 302
    assert response.location == expected
    assert "planted" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize(("value", "expected"), TABLE)
def test_a_signed_in_user_opening_login_is_sent_as_the_table_says(app, client, auth, value, expected):
    auth.signup("ann", "a long password")
    response = client.get(f"/login?next={quote(value, safe='')}")
    assert response.status_code == 302 and response.location == expected


def test_the_table_is_big_enough():
    assert len(TABLE) >= 45
