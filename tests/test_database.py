"""Database settings: URLs, per-connection settings, and no half-done write left on a pooled connection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from quizapp import create_app
from quizapp.config import normalize_database_url
from quizapp.extensions import db
from quizapp.models import Response

from .conftest import QUESTIONS, TEST_DATABASE_URL, answer, start_quiz


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://ann:pw@db.example:5432/quiz", "postgresql+psycopg://ann:pw@db.example:5432/quiz"),
        ("postgresql://ann@localhost/quiz?sslmode=require", "postgresql+psycopg://ann@localhost/quiz?sslmode=require"),
        ("postgresql+psycopg://ann@localhost/quiz", "postgresql+psycopg://ann@localhost/quiz"),
        ("sqlite:////srv/quiz/quizapp.sqlite", "sqlite:////srv/quiz/quizapp.sqlite"),
    ],
)
def test_database_urls_are_normalised_to_psycopg(given, expected):
    assert normalize_database_url(given) == expected


def test_database_url_from_the_environment_uses_psycopg_and_pings_pooled_connections(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "test")
    monkeypatch.setenv("DATABASE_URL", "postgres://ann:pw@127.0.0.1:1/quiz")
    app = create_app()
    with app.app_context():  # building the engine connects to nothing, so no server is needed here
        assert db.engine.url.drivername == "postgresql+psycopg"
        assert db.engine.pool._pre_ping is True


def test_the_suite_runs_on_the_database_it_claims(app):
    with app.app_context():
        version = db.session.scalar(text("SELECT version()" if TEST_DATABASE_URL else "SELECT sqlite_version()"))
        assert db.engine.dialect.name == ("postgresql" if TEST_DATABASE_URL else "sqlite")
    if TEST_DATABASE_URL:
        assert version.startswith("PostgreSQL")


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's per-connection settings")
def test_every_sqlite_connection_uses_wal_a_busy_timeout_and_foreign_keys(app):
    with app.app_context():
        assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 5000
        assert db.session.scalar(text("PRAGMA foreign_keys")) == 1


def count_responses(app) -> int:
    """Return how many responses are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def test_a_failed_commit_leaves_no_ghost_write(loaded, client, auth):
    """A COMMIT that fails after the INSERT must not be committed later by the next request."""
    loaded.config["PROPAGATE_EXCEPTIONS"] = False  # a real server's 500, not an exception in the test
    auth.signup()
    attempt = start_quiz(client)
    failures = []

    def fail_once(connection):
        """Fail the next COMMIT as a locked database would."""
        if not failures:
            failures.append(connection)
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

    with loaded.app_context():
        event.listen(db.engine, "commit", fail_once)
    assert answer(client, attempt, 1, "fact").status_code == 500
    assert failures, "the COMMIT was never attempted"
    assert count_responses(loaded) == 0
    # The next requests take the same pooled connection and commit their own work.
    assert answer(client, attempt, 1, "opinion").status_code == 302
    assert answer(client, attempt, 2, "opinion").status_code == 302
    with loaded.app_context():
        event.remove(db.engine, "commit", fail_once)
        assert [r.answer["label"] for r in db.session.scalars(select(Response).order_by(Response.id))] == [
            "opinion",
            "opinion",
        ]


def test_two_servers_starting_at_once_on_an_empty_database_both_load_the_questions(database_url, tmp_path):
    """Two `quizapp import` (what `quizapp serve` runs first) at the same moment: neither fails, one copy each."""
    command = [str(Path(sys.executable).parent / "quizapp"), "import"]
    env = {**os.environ, "DATABASE_URL": database_url, "QUIZAPP_SECRET_KEY": "test"}
    runs = [
        subprocess.Popen(
            command,
            env={**env, "QUIZAPP_INSTANCE_PATH": str(tmp_path / f"instance{n}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            slugs = connection.execute(text("SELECT slug FROM quiz")).scalars().all()
    finally:
        engine.dispose()
    assert sorted(slugs) == sorted(set(slugs)) and len(slugs) == len(list(QUESTIONS.glob("[0-9]*.yaml")))
