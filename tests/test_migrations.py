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
HEAD = "0004"


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
        assert version == HEAD


def test_a_database_made_from_the_models_is_stamped_not_rebuilt(app):
    with app.app_context():
        create_schema()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == HEAD


# Rows as release 0003 stored them: three accounts whose names differ only in case, a teacher, a
# class made by her roster (accounts made in the same second as their membership) and a student who
# signed up herself and joined a day later, an assignment, attempts, answers and login failures.
RELEASE_0003_ROWS = [
    "INSERT INTO \"user\" (id, username, display_name, password_hash, role, created_at) VALUES"
    " (1, 'ms-lee', '', 'h', 'teacher', '2026-10-01 08:00:00'),"
    " (2, 'TeacherA', '', 'h', 'teacher', '2026-10-01 08:00:00'),"
    " (3, 'teachera', '', 'h', 'student', '2026-10-02 08:00:00'),"
    " (4, 'teacherA', '', 'h', 'student', '2026-10-03 08:00:00'),"
    " (5, 'ann.b', 'Ann B.', 'h', 'student', '2026-11-01 09:00:00.123456'),"
    " (6, 'kim', '', 'h', 'student', '2026-11-01 09:00:00')",
    "INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (1, 1, '8B', 'ABCDEF', '2026-11-01 08:59:00')",
    "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES"
    " (1, 1, 5, '2026-11-01 09:00:00.201000', NULL), (2, 1, 6, '2026-11-02 10:00:00', NULL)",
    "INSERT INTO quiz (id, slug, sort_key, current_number, active) VALUES (1, 'q', '01-q', 1, TRUE)",
    "INSERT INTO quiz_version (id, quiz_id, number, content_hash, title, level, source_kind, source_note, article, labels,"
    " passage_count, created_at) VALUES (1, 1, 1, 'h', 'Old quiz', '', '', '', 'It rained.', '[{\"key\": \"fact\", "
    "\"name\": \"Reported fact\", \"definition\": \"d\"}]', 1, '2026-11-01 09:00:00')",
    "INSERT INTO passage (id, version_id, position, key, text, start, \"end\", label, cues, explanation_html, accurate,"
    " accuracy_note_html) VALUES (1, 1, 1, 'rain', 'It rained', 0, 9, 'fact', '[\"rained\"]', '<p>x</p>', NULL, '')",
    "INSERT INTO assignment (id, classroom_id, quiz_id, opens_at, due_at, max_attempts, feedback, created_at) VALUES"
    " (1, 1, 1, NULL, NULL, NULL, 'each', '2026-11-01 09:00:00')",
    "INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES"
    " (1, 5, 1, 1, '2026-11-01 09:01:00', '2026-11-01 09:02:00'), (2, 6, 1, NULL, '2026-11-02 10:01:00', NULL)",
    "INSERT INTO response (id, attempt_id, passage_id, chosen, correct, answered_at) VALUES"
    " (1, 1, 1, 'fact', TRUE, '2026-11-01 09:01:30')",
    "INSERT INTO login_failure (id, account, address, at) VALUES (1, 'a1', 'b1', '2026-11-01 09:00:00'),"
    " (2, 'a2', 'b2', '2026-11-01 09:00:01')",
]
COUNTED = ("user", "classroom", "membership", "quiz", "quiz_version", "passage", "assignment", "attempt", "response")


def counts(connection) -> dict[str, int]:
    """Return the number of rows of every table a release keeps."""
    return {t: connection.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in COUNTED}


def test_upgrade_from_0003_keeps_every_row_and_reports_username_clashes(empty_app, capfd):
    from quizapp import accounts, throttle
    from quizapp.models import EARLIER

    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0003")
        with db.engine.begin() as connection:
            for statement in RELEASE_0003_ROWS:
                connection.execute(text(statement))
            before = counts(connection)
        db.engine.dispose()
        capfd.readouterr()
        create_schema()
        reported = capfd.readouterr().err
        with db.engine.connect() as connection:
            assert counts(connection) == before
        rows = {u.id: u for u in db.session.scalars(select(User))}
        assert [rows[i].username for i in range(1, 7)] == ["ms-lee", "TeacherA", "teachera", "teacherA", "ann.b", "kim"]
        assert [rows[i].username_key for i in range(1, 7)] == [
            "ms-lee", "teachera", "teachera#3", "teachera#4", "ann.b", "kim"]
        assert {u.origin for u in rows.values()} == {EARLIER}
        # Ann's account and membership were made together (a roster or a join): Ms Lee's class made it.
        assert (rows[5].created_by_id, rows[6].created_by_id, rows[3].created_by_id) == (1, None, None)
        assert "'TeacherA' (account 2) and 'teachera' (account 3)" in reported
        assert "'TeacherA' (account 2) and 'teacherA' (account 4)" in reported
        # Each keeps logging in with its exact spelling; the plain key finds the oldest.
        assert [accounts.find(name).id for name in ("TeacherA", "teachera", "teacherA", "TEACHERA")] == [2, 3, 4, 2]
        assert accounts.taken("TEACHERA") and accounts.taken("Ann.B")
        events = db.session.scalars(select(throttle.ThrottleEvent).order_by(throttle.ThrottleEvent.at)).all()
        assert [(e.kind, e.account, e.address) for e in events] == [("login", "a1", "b1"), ("login", "a2", "b2")]
        assert "login_failure" not in tables(empty_app)
        assert db.session.scalar(select(Response.chosen).where(Response.attempt_id == 1)) == "fact"
        db.session.remove()  # its open read would make PostgreSQL's DROP INDEX wait for ever
        downgrade(directory=DIRECTORY, revision="0003")
        with db.engine.connect() as connection:
            assert counts(connection) == before
            assert connection.execute(text("SELECT COUNT(*) FROM login_failure")).scalar() == 2
