"""The production server stays responsive while a browser holds a connection it has not used yet.

Chrome and Chromium open speculative connections ("preconnect") and may send nothing on them for
seconds. A gunicorn sync worker that accepts one blocks reading it until the worker timeout, and
every real request waits behind it: the browser tests hung on exactly that.
"""

from __future__ import annotations

import socket
import urllib.request


def test_a_silent_connection_does_not_block_the_next_request(server):
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))):
        # 10 s is far more than an answer takes and far less than the 30 s worker timeout
        # that would otherwise free the server.
        with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
            assert response.read() == b"ok\n"
