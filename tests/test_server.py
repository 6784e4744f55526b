"""The production server: proxy headers trusted only as PROXY_FIX_* say, and sessions that end, over real HTTP."""

from __future__ import annotations

import http.client

import pytest

from quizapp import server

from .conftest import Browser, running_server


def session_cookie_over_http(port: int, headers: dict[str, str]) -> str:
    """GET the login page (which starts a session for its CSRF token); return the session's Set-Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/login", headers=headers)
        response = connection.getresponse()
        response.read()
        return next(
            value
            for name, value in response.getheaders()
            if name.lower() == "set-cookie" and value.startswith("session=")
        )
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, False),  # PROXY_FIX_X_PROTO=0: the header means nothing, even from loopback (gunicorn believed it)
        ({"FORWARDED_ALLOW_IPS": "*"}, False),  # nor does gunicorn's own variable bring it back
        ({"QUIZAPP_PROXY_FIX_X_PROTO": "1"}, True),  # behind a proxy the app trusts: HTTPS, so Secure
    ],
)
def test_the_secure_flag_follows_x_forwarded_proto_only_when_the_app_says(tmp_path, database_url, env, secure):
    with running_server(tmp_path, database_url, workers=1, env=env) as port:
        cookie = session_cookie_over_http(port, {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"})
    assert ("; Secure" in cookie) is secure, cookie


def test_gunicorn_is_told_to_trust_no_proxy():
    assert server.proxy_trust() == {"forwarded_allow_ips": "", "secure_scheme_headers": {}}


def test_a_copied_cookie_is_refused_after_logout_on_a_real_server(tmp_path, database_url):
    with running_server(tmp_path, database_url, workers=2) as port:
        student = Browser(port)
        student.signup("ann")
        assert student.request("GET", "/history")[0] == 200
        thief = Browser(port)
        thief.cookies = dict(student.cookies)  # copied before logout
        assert thief.request("GET", "/history")[0] == 200
        status, headers, _ = student.request("POST", "/logout", {"csrf_token": student.token("/")})
        assert status == 302
        status, headers, _ = thief.request("GET", "/history")
        assert status == 302 and "/login" in headers["Location"]
