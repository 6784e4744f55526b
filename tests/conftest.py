"""Fixtures: an app with a fresh database per test, its client and CLI runner, and sign-in help.

The database is SQLite unless QUIZAPP_TEST_DATABASE_URL names a PostgreSQL database (see
``.ci/postgres``); then every test gets a schema of its own in it, made before the test and
dropped after, and the app reaches it through ``search_path`` in the URL. A schema costs a few
milliseconds where a database per test costs a copy of the template database.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from quizapp import create_app
from quizapp.config import bundled, normalize_database_url

QUESTIONS = bundled("questions")
SHIPPED_QUIZZES = sum(1 for p in QUESTIONS.glob("*.yaml") if p.name != "labels.yaml")  # the question files shipped
SEED = "trump-lukashenko"
# The shipped question files (other helpers and teachers add more): tests count them rather than assume a number.
QUIZ_FILES = sorted(p for p in QUESTIONS.glob("*.yaml") if p.name != "labels.yaml")
MADE_UP = sum("fictional: true" in p.read_text(encoding="utf-8") for p in QUIZ_FILES)
TEST_DATABASE_URL = normalize_database_url(os.environ.get("QUIZAPP_TEST_DATABASE_URL", ""))


@pytest.fixture(scope="session")
def postgres_admin():
    """Return an autocommit engine on the PostgreSQL test database, or None on SQLite."""
    if not TEST_DATABASE_URL:
        yield None
        return
    if not TEST_DATABASE_URL.startswith("postgresql"):
        pytest.exit(f"QUIZAPP_TEST_DATABASE_URL must be a PostgreSQL URL, not {TEST_DATABASE_URL!r}", returncode=2)
    engine = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def schema_url(url: str, schema: str) -> str:
    """Return a PostgreSQL URL whose connections use schema first on their search path."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture
def database_url(tmp_path, postgres_admin):
    """Return the URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if postgres_admin is None:
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield schema_url(TEST_DATABASE_URL, schema)
    with postgres_admin.connect() as connection:
        # A connection left inside a transaction would make DROP wait forever: fail instead.
        connection.execute(text("SET lock_timeout = '10s'"))
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def app(database_url):
    """Return an app on a fresh database with the schema created."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "QUESTIONS_DIR": str(QUESTIONS),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        from quizapp.extensions import db

        db.create_all()  # from the models, for speed; test_migrations proves the migrations agree
    yield app
    with app.app_context():
        from quizapp.extensions import db

        db.engine.dispose()


@pytest.fixture
def loaded(app):
    """Import the shipped question files into app's database."""
    from quizapp import catalog

    with app.app_context():
        results = catalog.import_directory(QUESTIONS)
    assert all(r.status == "new" for r in results), results
    return app


@pytest.fixture
def client(app):
    """Return a test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner."""
    return app.test_cli_runner()


class AuthActions:
    """Sign up, log in and log out through the real forms."""

    def __init__(self, client):
        self._client = client

    def signup(self, username: str = "student1", password: str = "correct horse"):
        """Create an account (and be signed in)."""
        return self._client.post("/signup", data={"username": username, "password": password, "confirm": password})

    def login(self, username: str = "student1", password: str = "correct horse"):
        """Log in."""
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        """Log out."""
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    """Return sign-in helpers bound to the client."""
    return AuthActions(client)


def start_quiz(client, slug: str = SEED) -> int:
    """Start (or resume) a quiz as the signed-in user; return the attempt id."""
    response = client.post(f"/quizzes/{slug}/start")
    assert response.status_code == 302, response.status_code
    return int(re.search(r"/attempts/(\d+)", response.location).group(1))


def answer(client, attempt_id: int, position: int, label: str | dict):
    """Post an answer to one item: the item's whole form, or a label that answers any kind.

    A label alone is sent with one marked word and the label for every sentence, as bench/load.py
    does: each kind's form reads only its own fields, so it answers an item of any kind.
    """
    return client.post(
        f"/attempts/{attempt_id}/passages/{position}",
        data=label
        if isinstance(label, dict)
        else {"label": label, "words": "0", **{f"part_{n}": label for n in range(1, 13)}},
    )


def login_cards(page: str) -> list[tuple[str, str]]:
    """Return (username, password) of every login card on a page (line-break hints removed)."""
    return re.findall(
        r"<dt>Username</dt><dd><code>([^<]+)</code></dd>\s*<dt>Password</dt><dd><code>([^<]+)</code>",
        page.replace("<wbr>", ""),
    )


def seed_item_count() -> int:
    """Return how many items the shipped seed quiz has, read from its file."""
    from quizapp.core import questions

    labels = questions.load_labels(QUESTIONS / questions.LABELS_FILE)
    return len(questions.load_quiz(next(QUESTIONS.glob(f"*{SEED}.yaml")), labels).items)


def items_of(app, slug: str = SEED) -> list:
    """Return the current version's items of a quiz (read-only copies from the app's cache)."""
    from quizapp import catalog

    with app.app_context():
        return list(catalog.version(catalog.current_version(slug).id).items)


def form_for(item, choose) -> dict:
    """Return the form that answers an item, choosing choose(right label) for every labelled part.

    A mark-the-cues item marks every cue word when the choice for its label is right, else only
    a word that is in no cue; so each part scores 1 exactly when its choice is right.
    """
    spec = item.checked
    if item.kind == "paragraph":
        return {f"part_{n}": choose(part.label) for n, part in enumerate(spec.parts, start=1)}
    chosen = choose(spec.label)
    if item.kind == "cues":
        cue_words = sorted({i for target in spec.targets for i in target})
        marks = cue_words if chosen == spec.label else [next(i for i in range(len(spec.words)) if i not in cue_words)]
        return {"words": [str(i) for i in marks], **({"label": chosen} if spec.ask_label else {})}
    return {"label": chosen}


def score_of(item, choose) -> float:
    """Return the score form_for(item, choose) earns."""
    spec = item.checked
    if item.kind == "paragraph":
        return sum(choose(part.label) in (part.label, *part.also_accepted) for part in spec.parts) / len(spec.parts)
    right = choose(spec.label) in (spec.label, *spec.also_accepted)
    if item.kind == "cues" and spec.ask_label:
        return 1.0 if right else 0.0  # a wrong label marks a stray word too: both halves score 0
    return 1.0 if right else 0.0


def finish(client, app, attempt: int, choose, slug: str = SEED) -> list[str]:
    """Answer every item with choose(right label); return the right label of every labelled part answered."""
    labels = []
    for position, item in enumerate(items_of(app, slug), start=1):
        assert answer(client, attempt, position, form_for(item, choose)).status_code == 302
        if not (item.kind == "cues" and not item.checked.ask_label):
            labels.extend(item.labels)
    return labels


def also_right(items, label: str, given: str) -> int:
    """Return how many labelled parts (as finish counts them) labelled label also accept given (borderline)."""
    count = 0
    for item in items:
        if item.kind == "cues" and not item.checked.ask_label:
            continue
        stretches = item.checked.parts if item.kind == "paragraph" else (item.checked,)
        count += sum(s.label == label and given in s.also_accepted for s in stretches)
    return count


def write(path: Path, text: str) -> Path:
    """Write text to path and return it."""
    path.write_text(text, encoding="utf-8")
    return path


def make_user(app, username: str, role: str = "student", password: str = "correct horse") -> int:
    """Create an account directly in the database and return its id."""
    from quizapp.extensions import db
    from quizapp.models import User

    with app.app_context():
        user = User(username=username, role=role, display_name=username.title())
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user.id


@pytest.fixture
def teacher(loaded, client, auth):
    """Sign in as a teacher, Ms Lee, and return her user id."""
    user_id = make_user(loaded, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    return user_id


def create_class(client, name: str = "8B English") -> tuple[int, str]:
    """Create a class as the signed-in teacher; return (class id, join code)."""
    response = client.post("/teacher/", data={"name": name})
    class_id = int(re.search(r"/teacher/classes/(\d+)", response.location).group(1))
    page = client.get(response.location).data.decode()
    return class_id, re.search(r'<code class="join-code">([A-Z0-9]+)</code>', page).group(1)


def quiz_id(app, slug: str = SEED) -> int:
    """Return the id of a quiz by slug."""
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import Quiz

    with app.app_context():
        return db.session.scalar(select(Quiz.id).where(Quiz.slug == slug))


def assign(client, class_id: int, quiz: int, **settings) -> None:
    """Assign a quiz to a class as the signed-in teacher."""
    data = {"quiz": str(quiz), "feedback": "each", **{k: str(v) for k, v in settings.items()}}
    response = client.post(f"/teacher/classes/{class_id}/assignments", data=data)
    assert response.status_code == 302, response.data.decode()[:2000]


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(tmp_path: Path, database_url: str, workers: int = 2, env: dict | None = None) -> Iterator[int]:
    """Run `quizapp serve` (gunicorn) on database_url in a child process, with env added; yield its port."""
    port = free_port()
    env = {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_SECRET_KEY": "test-server",
        "DATABASE_URL": database_url,
        **(env or {}),
    }
    command = [str(Path(sys.executable).with_name("quizapp")), "serve", "--port", str(port), "--workers", str(workers)]
    with open(tmp_path / "server.log", "wb") as log:  # a file, not a pipe: a full pipe would stall the server
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert server.poll() is None, (tmp_path / "server.log").read_text()
                    time.sleep(0.1)
            else:
                raise AssertionError("the server did not start:\n" + (tmp_path / "server.log").read_text())
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


class Browser:
    """A client of a real server over http.client: one cookie jar, no redirects followed."""

    def __init__(self, port: int):
        """Talk to the server on port, with no cookies yet."""
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict[str, str], str]:
        """Send one request on a new connection; return (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            return self.send(connection, method, path, form)
        finally:
            connection.close()

    def send(
        self, connection: http.client.HTTPConnection, method: str, path: str, form: dict | None = None
    ) -> tuple[int, dict[str, str], str]:
        """Send one request on connection, keep any cookie it sets; return (status, headers, body)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, dict(response.headers), text

    def token(self, path: str) -> str:
        """Return the CSRF token in the form on a page."""
        status, _, page = self.request("GET", path)
        assert status == 200, status
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def signup(self, username: str, password: str = "correct horse") -> None:
        """Create an account through the real form, CSRF token included."""
        form = {"csrf_token": self.token("/signup"), "username": username, "password": password, "confirm": password}
        assert self.request("POST", "/signup", form)[0] == 302

    def start(self, slug: str = SEED) -> int:
        """Start a quiz through the form on the index page; return the attempt id."""
        status, headers, _ = self.request("POST", f"/quizzes/{slug}/start", {"csrf_token": self.token("/")})
        assert status == 302, status
        return int(re.search(r"/attempts/(\d+)", headers["Location"]).group(1))
