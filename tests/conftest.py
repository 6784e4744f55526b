"""Fixtures: an app with a fresh database per test, its client and CLI runner, and sign-in help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.config import bundled

QUESTIONS = bundled("questions")
SEED = "trump-lukashenko"


@pytest.fixture
def app(tmp_path):
    """Return an app on a new SQLite file, with the shipped questions imported."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "QUESTIONS_DIR": str(QUESTIONS),
        "WTF_CSRF_ENABLED": False,
    })
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


def answer(client, attempt_id: int, position: int, label: str):
    """Post an answer to one passage."""
    return client.post(f"/attempts/{attempt_id}/passages/{position}", data={"label": label})


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
