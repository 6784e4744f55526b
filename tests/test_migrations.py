"""Migrations: the schema is made by them, agrees with the models, goes down again, and keeps rows."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from quizapp import create_app
from quizapp.database import MIGRATIONS, create_schema
from quizapp.extensions import db
from quizapp.models import Attempt, QuizVersion, Response, User

from .conftest import QUESTIONS

DIRECTORY = str(MIGRATIONS)


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
        assert version == "0003"


def test_a_database_made_from_the_models_is_stamped_not_rebuilt(app):
    with app.app_context():
        create_schema()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == "0003"
