"""A real wheel, installed in a fresh venv, serves pages, static files and the sample quizzes.

This builds the wheel and installs it with its dependencies from the package index, so it takes
tens of seconds; it is the proof that ``pip install .`` works outside the checkout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    """GET a URL and return (status, body)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def sign_up_and_start(base: str) -> None:
    """Sign up and start the seed quiz through the real forms, CSRF tokens and cookies included."""
    import http.cookiejar
    import re
    import urllib.parse

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def token(url: str) -> str:
        page = opener.open(base + url, timeout=5).read().decode()
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    form = {
        "csrf_token": token("/signup"),
        "username": "wheel",
        "password": "a long password",
        "confirm": "a long password",
    }
    opener.open(base + "/signup", urllib.parse.urlencode(form).encode(), timeout=5)
    started = opener.open(
        base + "/quizzes/trump-lukashenko/start", urllib.parse.urlencode({"csrf_token": token("/")}).encode(), timeout=5
    )
    assert "/attempts/1/passages/1" in started.url
    assert b"Passage 1 of" in started.read()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the project's wheel."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)], check=True, capture_output=True
    )
    return next(out.glob("quizapp-*.whl"))


def test_wheel_contains_templates_static_and_questions(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "quizapp/templates/base.html",
        "quizapp/static/style.css",
        "quizapp/questions/labels.yaml",
        "quizapp/questions/01-trump-lukashenko.yaml",
        "quizapp/translations/es/LC_MESSAGES/messages.mo",
    ):
        assert expected in names


def test_installed_wheel_serves_from_outside_the_checkout(wheel, tmp_path, database_url):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True
    )
    port = free_port()
    env = {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_SECRET_KEY": "wheel-test",
        "DATABASE_URL": database_url,
    }  # on PostgreSQL, this also proves the wheel brings its driver
    env.pop("PYTHONPATH", None)
    server = subprocess.Popen(
        [str(venv / "bin" / "quizapp"), "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        status, page = fetch(base + "/")
        assert status == 200 and b"Trump and Lukashenko" in page
        status, css = fetch(base + "/static/style.css")
        assert status == 200 and b".quiz-card" in css
        sign_up_and_start(base)
        spanish = urllib.request.Request(base + "/login", headers={"Accept-Language": "es"})
        with urllib.request.urlopen(spanish, timeout=5) as response:
            assert 'lang="es"' in response.read().decode()  # the compiled catalog came with the wheel
        module = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import quizapp; print(quizapp.__file__)"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        ).stdout
        assert str(ROOT) not in module and "site-packages" in module
    finally:
        server.terminate()
        server.wait(timeout=10)
