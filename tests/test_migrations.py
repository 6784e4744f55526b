"""Migrations: the schema is made by them, agrees with the models, goes down again, and keeps rows."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from quizapp import create_app
from quizapp.database import MIGRATIONS, create_schema
from quizapp.extensions import db
from quizapp.models import Attempt, QuizVersion, Response, User

from .conftest import QUESTIONS

DIRECTORY = str(MIGRATIONS)


def head_revision() -> str:
    """Return the newest revision in the migrations folder (the one a database is brought up to)."""
    config = Config()
    config.set_main_option("script_location", DIRECTORY)
    return ScriptDirectory.from_config(config).get_current_head()


@pytest.fixture
def empty_app(database_url):
    """Return an app on an empty database (no tables at all): SQLite, or PostgreSQL in CI's second pass."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "QUESTIONS_DIR": str(QUESTIONS),
                      "SQLALCHEMY_DATABASE_URI": database_url})
    yield app
    with app.app_context():
        db.engine.dispose()


def tables(app) -> set[str]:
    """Return the database's table names."""
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_to_head_matches_the_models_and_downgrade_empties(empty_app):
    with empty_app.app_context():
        create_schema()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
    assert {"quiz", "quiz_version", "passage", "attempt", "response", "user", "classroom", "membership",
            "assignment"} <= tables(empty_app)
    with empty_app.app_context():
        downgrade(directory=DIRECTORY, revision="base")
    assert tables(empty_app) <= {"alembic_version"}


# Rows as the first release stored them (revision 0001), written with plain SQL that SQLite and
# PostgreSQL both read.
FIRST_RELEASE_ROWS = [
    "INSERT INTO \"user\" (id, username, password_hash, role, created_at) VALUES (1, 'ann', 'hash', 'student', '2026-11-01 09:00:00')",
    "INSERT INTO quiz (id, slug, sort_key, current_number, active) VALUES (1, 'q', '01-q', 1, TRUE)",
    "INSERT INTO quiz_version (id, quiz_id, number, content_hash, title, level, source_kind, source_note, article, labels,"
    " passage_count, created_at) VALUES (1, 1, 1, 'h', 'Old quiz', '', '', '', 'It rained.', '[{\"key\": \"fact\", "
    "\"name\": \"Reported fact\", \"definition\": \"d\"}]', 1, '2026-11-01 09:00:00')",
    "INSERT INTO passage (id, version_id, position, key, text, start, \"end\", label, cues, explanation_html, accurate,"
    " accuracy_note_html) VALUES (1, 1, 1, 'rain', 'It rained', 0, 9, 'fact', '[\"rained\"]', '<p>x</p>', NULL, '')",
    "INSERT INTO attempt (id, user_id, version_id, started_at, finished_at) VALUES (1, 1, 1, '2026-11-01 09:01:00', '2026-11-01 09:02:00')",
    "INSERT INTO response (id, attempt_id, passage_id, chosen, correct, answered_at) VALUES (1, 1, 1, 'fact', TRUE, '2026-11-01 09:01:30')",
]


def test_upgrade_keeps_every_row_of_the_first_release(empty_app):
    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0001")
        with db.engine.begin() as connection:
            for statement in FIRST_RELEASE_ROWS:
                connection.execute(text(statement))
        db.engine.dispose()
        create_schema()
        ann = db.session.get(User, 1)
        assert (ann.username, ann.display_name, ann.shown_name) == ("ann", "", "ann")
        attempt = db.session.get(Attempt, 1)
        assert attempt.assignment_id is None and attempt.version.title == "Old quiz"
        assert db.session.scalar(select(Response.chosen).where(Response.attempt_id == 1)) == "fact"
        assert db.session.scalar(select(QuizVersion.labels))[0]["name"] == "Reported fact"
        version = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == head_revision()


def test_a_database_made_from_the_models_is_stamped_not_rebuilt(app):
    with app.app_context():
        create_schema()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()


# Rows as the previous release stored them (revision 0003: classes, assignments, login throttling),
# in every table, in plain SQL that SQLite and PostgreSQL both read.
PREVIOUS_RELEASE_ROWS = FIRST_RELEASE_ROWS[:4] + [
    ("INSERT INTO \"user\" (id, username, display_name, password_hash, role, created_at) VALUES "
     "(2, 'ms-lee', 'Ms Lee', 'hash', 'teacher', '2026-11-01 08:00:00')"),
    ("INSERT INTO \"user\" (id, username, display_name, password_hash, role, created_at) VALUES "
     "(3, 'bo', 'Bo', 'hash', 'student', '2026-11-01 08:00:00')"),
    ("INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (1, 2, '7B English', 'ABCDEF', "
     "'2026-11-01 08:30:00')"),
    ("INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (2, 2, '8C History', 'GHJKMN', "
     "'2026-11-01 08:31:00')"),
    "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES (1, 1, 1, '2026-11-01 08:40:00', NULL)",
    ("INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES "
     "(2, 1, 3, '2026-11-01 08:41:00', '2026-11-02 08:00:00')"),
    ("INSERT INTO assignment (id, classroom_id, quiz_id, opens_at, due_at, max_attempts, feedback, created_at) VALUES "
     "(1, 1, 1, NULL, '2026-12-01 09:00:00', 2, 'end', '2026-11-01 08:50:00')"),
    ("INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES "
     "(1, 1, 1, 1, '2026-11-01 09:01:00', '2026-11-01 09:02:00')"),
    ("INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES "
     "(2, 3, 1, NULL, '2026-11-01 09:03:00', NULL)"),
    ("INSERT INTO response (id, attempt_id, passage_id, chosen, correct, answered_at) VALUES "
     "(1, 1, 1, 'fact', TRUE, '2026-11-01 09:01:30')"),
    "INSERT INTO login_failure (id, account, address, at) VALUES (1, 'digest-a', 'digest-b', '2026-11-01 09:05:00')",
]
TABLES = ("user", "quiz", "quiz_version", "passage", "classroom", "membership", "assignment", "attempt", "response",
          "login_failure")


def row_counts() -> dict[str, int]:
    """Return the number of rows in every table of the previous release."""
    return {table: db.session.scalar(text(f'SELECT COUNT(*) FROM "{table}"')) for table in TABLES}


def test_upgrading_a_filled_previous_release_keeps_every_row_and_opens_everything(empty_app):
    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0003")
        with db.engine.begin() as connection:
            for statement in PREVIOUS_RELEASE_ROWS:
                connection.execute(text(statement))
        before = row_counts()
        db.session.remove()
        assert min(before.values()) >= 1  # no table empty
        create_schema()
        assert row_counts() == before
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        # Every class of the previous release stays listed and open, every assignment assigned.
        assert db.session.execute(text("SELECT name, archived_at FROM classroom ORDER BY id")).all() == [
            ("7B English", None), ("8C History", None)]
        assert db.session.execute(text("SELECT due_at, unassigned_at FROM assignment")).one()[1] is None
        from quizapp import classes
        from quizapp.models import Assignment, Classroom

        assert classes.class_for_code("abc-def").name == "7B English"
        assert [a.id for a in classes.assignments(db.session.get(Classroom, 1))] == [1]
        assert db.session.get(Assignment, 1).max_attempts == 2
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0003")
        assert row_counts() == before
