"""Backups: a populated database goes out with quizapp backup and comes back with quizapp restore."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from quizapp.database import create_schema
from quizapp.extensions import db
from quizapp.models import Attempt, Response, User

from .conftest import TEST_DATABASE_URL, answer, start_quiz

sqlite_only = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="quizapp backup copies SQLite files; PostgreSQL backups are pg_dump's (README)"
)


def counts(app) -> tuple[int, int, int]:
    """Return (users, attempts, responses)."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Attempt, Response))


@sqlite_only
def test_backup_and_restore_round_trip(loaded, client, auth, runner, tmp_path):
    with loaded.app_context():
        create_schema()
    auth.signup("ann")
    attempt = start_quiz(client)
    for position in range(1, 6):
        answer(client, attempt, position, "fact")
    before = counts(loaded)
    assert before == (1, 1, 5)

    result = runner.invoke(args=["backup", str(tmp_path / "saved.sqlite")])
    assert result.exit_code == 0, result.output
    with loaded.app_context():
        db.session.execute(delete(Response))
        db.session.commit()
    assert counts(loaded)[2] == 0

    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "saved.sqlite")])
    assert result.exit_code == 0, result.output
    assert counts(loaded) == before
    assert "Passage 6 of" in client.get(f"/attempts/{attempt}/passages/6").data.decode()  # the attempt goes on


@sqlite_only
@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("exists", "exists already; choose a new file name"),
    ],
)
def test_backup_refuses_to_overwrite(loaded, runner, tmp_path, setup, message):
    target = tmp_path / "saved.sqlite"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1 and message in result.output
    assert target.read_text() == "keep me"


@sqlite_only
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all, just text" * 10, "is not a SQLite database"),
        (None, "is not a backup of this app"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(loaded, runner, tmp_path, content, message):
    path = tmp_path / "other.sqlite"
    if content is None:
        import sqlite3

        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE unrelated (x)")
    else:
        path.write_bytes(content)
    before = counts(loaded)
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 1 and message in result.output
    assert counts(loaded) == before


def test_backup_names_pg_dump_for_postgresql(app, runner, monkeypatch):
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://quiz@localhost/quiz"
    result = runner.invoke(args=["backup", "/tmp/never.sqlite"])
    assert result.exit_code == 1 and "pg_dump" in result.output
