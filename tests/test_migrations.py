"""Migrations: the schema is made by them, agrees with the models, goes down again, and keeps rows."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from quizapp import create_app
from quizapp.database import MIGRATIONS, create_schema
from quizapp.extensions import db
from quizapp.models import Attempt, Item, QuizVersion, Response, ResponsePart, User

from .conftest import QUESTIONS

DIRECTORY = str(MIGRATIONS)
# Tables of release 0003 that a later revision renamed: passages became items (0007), failed log-ins
# throttle events (0004).
RENAMED = {"passage": "item", "login_failure": "throttle_event"}
HEAD = "0004"


def _head() -> str:
    """Return the newest revision of the migrations folder."""

    config = Config()
    config.set_main_option("script_location", DIRECTORY)
    return ScriptDirectory.from_config(config).get_current_head()


HEAD = _head()


@pytest.fixture
def empty_app(database_url):
    """Return an app on an empty database (no tables at all): SQLite, or PostgreSQL in CI's second pass."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "QUESTIONS_DIR": str(QUESTIONS),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
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
    assert {
        "quiz",
        "quiz_version",
        "item",
        "attempt",
        "response",
        "response_part",
        "user",
        "classroom",
        "membership",
        "assignment",
    } <= tables(empty_app)
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
    '"name": "Reported fact", "definition": "d"}]\', 1, \'2026-11-01 09:00:00\')',
    'INSERT INTO passage (id, version_id, position, key, text, start, "end", label, cues, explanation_html, accurate,'
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
        assert db.session.scalar(select(Response.answer).where(Response.attempt_id == 1)) == {"label": "fact"}
        assert db.session.scalar(select(QuizVersion.labels))[0]["name"] == "Reported fact"
        version = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == HEAD


def test_a_database_made_from_the_models_is_stamped_not_rebuilt(app):
    with app.app_context():
        create_schema()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == HEAD


# A filled database of the release before kinds (revision 0003): two versions of a quiz, classes,
# and answers right and wrong, so the conversion of passages and responses can be counted.
def fill_release_0003(connection) -> None:
    """Insert rows as revision 0003 stored them: 2 versions, 5 passages, 4 attempts, 11 responses."""
    statements = [
        'INSERT INTO "user" (id, username, display_name, password_hash, role, created_at) VALUES '
        "(1, 'ann', 'Ann', 'h', 'student', '2026-11-01 09:00:00'), (2, 'bo', '', 'h', 'student', '2026-11-01 09:00:00'),"
        " (3, 'ms-lee', 'Ms Lee', 'h', 'teacher', '2026-11-01 09:00:00')",
        "INSERT INTO quiz (id, slug, sort_key, current_number, active) VALUES (1, 'q', '01-q', 2, TRUE)",
        "INSERT INTO quiz_version (id, quiz_id, number, content_hash, title, level, source_kind, source_note, article,"
        " labels, passage_count, created_at) VALUES "
        "(1, 1, 1, 'h1', 'Old', '', '', '', 'It rained. It may snow.', '[{\"key\": \"fact\", \"name\": \"Reported fact\","
        ' "definition": "d"}, {"key": "speculation", "name": "Speculation", "definition": "d"}]\', 2,'
        " '2026-11-01 09:00:00'), "
        "(2, 1, 2, 'h2', 'New', '', '', '', 'It rained. It may snow. Snow is best.', '[{\"key\": \"fact\", \"name\": "
        '"Reported fact", "definition": "d"}]\', 3, \'2026-11-02 09:00:00\')',
        'INSERT INTO passage (id, version_id, position, key, text, start, "end", label, cues, explanation_html, accurate,'
        " accuracy_note_html) VALUES "
        "(1, 1, 1, 'rain', 'It rained', 0, 9, 'fact', '[\"rained\"]', '<p>r</p>', NULL, ''),"
        " (2, 1, 2, 'snow', 'It may snow', 11, 22, 'speculation', '[\"may\"]', '<p>s</p>', FALSE, '<p>n</p>'),"
        " (3, 2, 1, 'rain', 'It rained', 0, 9, 'fact', '[\"rained\"]', '<p>r</p>', NULL, ''),"
        " (4, 2, 2, 'snow', 'It may snow', 11, 22, 'speculation', '[\"may\"]', '<p>s</p>', NULL, ''),"
        " (5, 2, 3, 'best', 'Snow is best', 24, 36, 'opinion', '[\"best\"]', '<p>b</p>', NULL, '')",
        "INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (1, 3, '8B', 'ABCDEF', '2026-11-01 09:00:00')",
        "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES (1, 1, 1, '2026-11-01 09:00:00', NULL)",
        "INSERT INTO assignment (id, classroom_id, quiz_id, opens_at, due_at, max_attempts, feedback, created_at) VALUES "
        "(1, 1, 1, NULL, NULL, NULL, 'each', '2026-11-01 09:00:00')",
        "INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES "
        "(1, 1, 1, NULL, '2026-11-01 09:01:00', '2026-11-01 09:02:00'), (2, 2, 1, NULL, '2026-11-01 09:01:00', NULL),"
        " (3, 1, 2, 1, '2026-11-02 09:01:00', '2026-11-02 09:05:00'), (4, 2, 2, NULL, '2026-11-02 09:01:00', '2026-11-02 09:09:00')",
        "INSERT INTO response (id, attempt_id, passage_id, chosen, correct, answered_at) VALUES "
        "(1, 1, 1, 'fact', TRUE, '2026-11-01 09:01:10'), (2, 1, 2, 'fact', FALSE, '2026-11-01 09:01:20'),"
        " (3, 2, 1, 'speculation', FALSE, '2026-11-01 09:01:30'),"
        " (4, 3, 3, 'fact', TRUE, '2026-11-02 09:02:00'), (5, 3, 4, 'speculation', TRUE, '2026-11-02 09:03:00'),"
        " (6, 3, 5, 'fact', FALSE, '2026-11-02 09:04:00'), (7, 4, 3, 'opinion', FALSE, '2026-11-02 09:02:00'),"
        " (8, 4, 4, 'speculation', TRUE, '2026-11-02 09:03:00'), (9, 4, 5, 'opinion', TRUE, '2026-11-02 09:04:00')",
    ]
    for statement in statements:
        connection.execute(text(statement))


def counts(connection, tables_: tuple[str, ...]) -> dict[str, int]:
    """Return the number of rows of each table."""
    return {name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() for name in tables_}


KEPT = ("user", "quiz", "quiz_version", "attempt", "classroom", "membership", "assignment", "response")


def test_kinds_migration_converts_every_passage_and_response_and_keeps_every_score(empty_app):
    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0003")
        with db.engine.begin() as connection:
            fill_release_0003(connection)
            before = counts(connection, KEPT + ("passage",))
            scores = dict(
                connection.execute(
                    text(
                        "SELECT attempt_id, SUM(CASE WHEN correct THEN 1 ELSE 0 END) FROM response GROUP BY attempt_id"
                    )
                ).all()
            )
            chosen = dict(connection.execute(text("SELECT id, chosen FROM response")).all())
        db.engine.dispose()
        create_schema()
        with db.engine.connect() as connection:
            after = counts(connection, KEPT + ("item", "response_part"))
            assert {name: after[name] for name in KEPT} == {name: before[name] for name in KEPT}
            assert after["item"] == before["passage"] == 5 and after["response_part"] == before["response"] == 9
            assert dict(
                connection.execute(text("SELECT attempt_id, SUM(score) FROM response GROUP BY attempt_id")).all()
            ) == {attempt: float(score) for attempt, score in scores.items()}
        assert {r.id: r.answer["label"] for r in db.session.scalars(select(Response))} == chosen
        item = db.session.get(Item, 2)
        assert (item.kind, item.labels, item.checked.cues, item.checked.accurate) == (
            "label",
            ("speculation",),
            ("may",),
            False,
        )
        assert db.session.get(QuizVersion, 2).item_count == 3
        parts = {(p.response_id, p.expected, p.given, p.score) for p in db.session.scalars(select(ResponsePart))}
        assert (6, "opinion", "fact", 0.0) in parts and (9, "opinion", "opinion", 1.0) in parts
        # New rows get fresh ids after the copied ones (PostgreSQL's sequences were moved on).
        db.session.add(
            Response(
                attempt_id=2,
                item_id=2,
                answer={"label": "speculation"},
                score=1.0,
                parts=[
                    ResponsePart(name="label", kind="label", expected="speculation", given="speculation", score=1.0)
                ],
            )
        )
        db.session.commit()
        assert db.session.scalar(select(func.max(Response.id))) == 10
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0003")
        with db.engine.connect() as connection:
            back = counts(connection, KEPT + ("passage",))
            assert back == {**before, "response": 10}
            assert connection.execute(text("SELECT chosen, correct FROM response WHERE id = 6")).one() == (
                "fact",
                False,
            )


# Rows as the previous release (revision 0003) stored them: a class, its member, an assignment,
# a quiz with a source, an attempt with an answer, and a failed log-in.
ROWS_WITH_A_SOURCE = [
    FIRST_RELEASE_ROWS[0],
    (
        'INSERT INTO "user" (id, username, display_name, password_hash, role, created_at)'
        " VALUES (2, 'ms-lee', 'Ms Lee', 'hash', 'teacher', '2026-11-01 08:00:00')"
    ),
    FIRST_RELEASE_ROWS[1],
    (
        "INSERT INTO quiz_version (id, quiz_id, number, content_hash, title, level, source_kind, source_note, article,"
        " labels, passage_count, created_at) VALUES (1, 1, 1, 'h', 'Old quiz', 'grades 6-9', 'news report', 'As supplied.',"
        ' \'It rained.\', \'[{"key": "fact", "name": "Reported fact", "definition": "d"}]\', 1,'
        " '2026-11-01 09:00:00')"
    ),
    FIRST_RELEASE_ROWS[3],
    (
        "INSERT INTO classroom (id, teacher_id, name, join_code, created_at)"
        " VALUES (1, 2, '8B', 'ABCDEF', '2026-11-01 08:10:00')"
    ),
    (
        "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at)"
        " VALUES (1, 1, 1, '2026-11-01 08:20:00', NULL)"
    ),
    (
        "INSERT INTO assignment (id, classroom_id, quiz_id, opens_at, due_at, max_attempts, feedback, created_at)"
        " VALUES (1, 1, 1, NULL, '2026-12-01 09:00:00', 2, 'end', '2026-11-01 08:30:00')"
    ),
    (
        "INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at)"
        " VALUES (1, 1, 1, 1, '2026-11-01 09:01:00', '2026-11-01 09:02:00')"
    ),
    FIRST_RELEASE_ROWS[5],
    "INSERT INTO login_failure (id, account, address, at) VALUES (1, 'a', 'b', '2026-11-01 09:03:00')",
]


# Rows as the previous release stored them (revision 0003: classes, assignments, login throttling),
# in every table, in plain SQL that SQLite and PostgreSQL both read.
PREVIOUS_RELEASE_ROWS = FIRST_RELEASE_ROWS[:4] + [
    (
        'INSERT INTO "user" (id, username, display_name, password_hash, role, created_at) VALUES '
        "(2, 'ms-lee', 'Ms Lee', 'hash', 'teacher', '2026-11-01 08:00:00')"
    ),
    (
        'INSERT INTO "user" (id, username, display_name, password_hash, role, created_at) VALUES '
        "(3, 'bo', 'Bo', 'hash', 'student', '2026-11-01 08:00:00')"
    ),
    (
        "INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (1, 2, '7B English', 'ABCDEF', "
        "'2026-11-01 08:30:00')"
    ),
    (
        "INSERT INTO classroom (id, teacher_id, name, join_code, created_at) VALUES (2, 2, '8C History', 'GHJKMN', "
        "'2026-11-01 08:31:00')"
    ),
    "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES (1, 1, 1, '2026-11-01 08:40:00', NULL)",
    (
        "INSERT INTO membership (id, classroom_id, user_id, joined_at, removed_at) VALUES "
        "(2, 1, 3, '2026-11-01 08:41:00', '2026-11-02 08:00:00')"
    ),
    (
        "INSERT INTO assignment (id, classroom_id, quiz_id, opens_at, due_at, max_attempts, feedback, created_at) VALUES "
        "(1, 1, 1, NULL, '2026-12-01 09:00:00', 2, 'end', '2026-11-01 08:50:00')"
    ),
    (
        "INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES "
        "(1, 1, 1, 1, '2026-11-01 09:01:00', '2026-11-01 09:02:00')"
    ),
    (
        "INSERT INTO attempt (id, user_id, version_id, assignment_id, started_at, finished_at) VALUES "
        "(2, 3, 1, NULL, '2026-11-01 09:03:00', NULL)"
    ),
    (
        "INSERT INTO response (id, attempt_id, passage_id, chosen, correct, answered_at) VALUES "
        "(1, 1, 1, 'fact', TRUE, '2026-11-01 09:01:30')"
    ),
    "INSERT INTO login_failure (id, account, address, at) VALUES (1, 'digest-a', 'digest-b', '2026-11-01 09:05:00')",
]
TABLES = (
    "user",
    "quiz",
    "quiz_version",
    "passage",
    "classroom",
    "membership",
    "assignment",
    "attempt",
    "response",
    "login_failure",
)


def row_counts(upgraded: bool = False) -> dict[str, int]:
    """Return the number of rows in each table the previous release had (passages are items after kinds)."""
    return {
        table: db.session.scalar(text(f'SELECT COUNT(*) FROM "{RENAMED.get(table, table) if upgraded else table}"'))
        for table in TABLES
    }


def test_upgrade_from_the_previous_release_keeps_every_row_and_names_no_source(empty_app):
    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0003")
        with db.engine.begin() as connection:
            for statement in ROWS_WITH_A_SOURCE:
                connection.execute(text(statement))
        before = row_counts()
        db.session.remove()
        db.engine.dispose()
        assert set(before.values()) == {1, 2} and before["user"] == 2
        create_schema()
        assert row_counts(upgraded=True) == before
        version = db.session.get(QuizVersion, 1)
        assert (version.title, version.source.kind, version.source.note) == ("Old quiz", "news report", "As supplied.")
        assert (
            version.source_published,
            version.source_outlet,
            version.source_author,
            version.source_url,
            version.source_fictional,
        ) == ("", "", "", "", False)
        assert db.session.get(Attempt, 1).assignment.feedback == "end"
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0003")
        assert row_counts() == before


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
        assert row_counts(upgraded=True) == before
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == HEAD
        # Every class of the previous release stays listed and open, every assignment assigned.
        assert db.session.execute(text("SELECT name, archived_at FROM classroom ORDER BY id")).all() == [
            ("7B English", None),
            ("8C History", None),
        ]
        assert db.session.execute(text("SELECT due_at, unassigned_at FROM assignment")).one()[1] is None
        from quizapp import classes
        from quizapp.models import Assignment, Classroom

        assert classes.class_for_code("abc-def").name == "7B English"
        assert [a.id for a in classes.assignments(db.session.get(Classroom, 1))] == [1]
        assert db.session.get(Assignment, 1).max_attempts == 2
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0003")
        assert row_counts() == before


# Rows as release 0003 stored them: three accounts whose names differ only in case, a teacher, a
# class made by her roster (accounts made in the same second as their membership) and a student who
# signed up herself and joined a day later, an assignment, attempts, answers and login failures.
RELEASE_0003_ROWS = [
    'INSERT INTO "user" (id, username, display_name, password_hash, role, created_at) VALUES'
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
    '"name": "Reported fact", "definition": "d"}]\', 1, \'2026-11-01 09:00:00\')',
    'INSERT INTO passage (id, version_id, position, key, text, start, "end", label, cues, explanation_html, accurate,'
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


def counted(connection, upgraded: bool = False) -> dict[str, int]:
    """Return the number of rows of every table a release keeps (passages are items after kinds)."""
    return {
        t: connection.execute(text(f'SELECT COUNT(*) FROM "{RENAMED.get(t, t) if upgraded else t}"')).scalar()
        for t in COUNTED
    }


def test_upgrade_from_0003_keeps_every_row_and_reports_username_clashes(empty_app, capfd):
    from quizapp import accounts, throttle
    from quizapp.models import EARLIER

    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0003")
        with db.engine.begin() as connection:
            for statement in RELEASE_0003_ROWS:
                connection.execute(text(statement))
            before = counted(connection)
        db.engine.dispose()
        capfd.readouterr()
        create_schema()
        reported = capfd.readouterr().err
        with db.engine.connect() as connection:
            assert counted(connection, upgraded=True) == before
        rows = {u.id: u for u in db.session.scalars(select(User))}
        assert [rows[i].username for i in range(1, 7)] == ["ms-lee", "TeacherA", "teachera", "teacherA", "ann.b", "kim"]
        assert [rows[i].username_key for i in range(1, 7)] == [
            "ms-lee",
            "teachera",
            "teachera#3",
            "teachera#4",
            "ann.b",
            "kim",
        ]
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
        assert db.session.scalar(select(Response.answer).where(Response.attempt_id == 1)) == {"label": "fact"}
        db.session.remove()  # its open read would make PostgreSQL's DROP INDEX wait for ever
        downgrade(directory=DIRECTORY, revision="0003")
        with db.engine.connect() as connection:
            assert counted(connection) == before
            assert connection.execute(text("SELECT COUNT(*) FROM login_failure")).scalar() == 2


def filled_at_0007() -> dict:
    """Fill a database of the previous release (0003), upgrade it to 0007 and return its row counts."""
    upgrade(directory=DIRECTORY, revision="0003")
    with db.engine.begin() as connection:
        for statement in PREVIOUS_RELEASE_ROWS:
            connection.execute(text(statement))
    db.session.remove()
    upgrade(directory=DIRECTORY, revision="0007")
    before = row_counts(upgraded=True)
    db.session.remove()
    return before


def test_mastery_practice_migration_keeps_every_row_and_its_downgrade_too(empty_app):
    with empty_app.app_context():
        before = filled_at_0007()
        upgrade(directory=DIRECTORY, revision="0009")
        assert row_counts(upgraded=True) == before
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO practice_session (id, user_id, seed, focus, goal, item_id, started_at)"
                    " VALUES (1, 1, 7, '', '[\"fact\"]', 1, '2026-11-03 09:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO practice_answer (id, session_id, step, item_id, answer, expected, chosen, score,"
                    " answered_at) VALUES (1, 1, 1, 1, '{\"label\": \"fact\"}', 'fact', 'fact', 1.0, '2026-11-03 09:01:00')"
                )
            )
        assert db.session.scalar(text("SELECT COUNT(*) FROM practice_answer")) == 1
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0007")
        assert row_counts(upgraded=True) == before
        assert "practice_session" not in tables(empty_app)


def test_language_migration_keeps_every_account_with_no_choice_and_goes_down_again(empty_app):
    with empty_app.app_context():
        upgrade(directory=DIRECTORY, revision="0007")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO "user" (id, username, username_key, display_name, password_hash, role, origin, created_at)'
                    " VALUES (1, 'ms-lee', 'ms-lee', '', 'h', 'teacher', 'signup', '2026-10-01 08:00:00'),"
                    " (2, 'ana', 'ana', 'Ana', 'h', 'student', 'roster', '2026-10-02 08:00:00')"
                )
            )
        db.engine.dispose()
        upgrade(directory=DIRECTORY, revision="0011")
        assert db.session.execute(text('SELECT id, username, language FROM "user" ORDER BY id')).all() == [
            (1, "ms-lee", None),
            (2, "ana", None),
        ]
        assert {c["name"] for c in inspect(db.engine).get_columns("quiz_version")} >= {"language"}
        db.session.execute(text("UPDATE \"user\" SET language = 'es' WHERE id = 2"))
        db.session.commit()
        assert db.session.get(User, 2).language == "es"
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0007")
        assert db.session.execute(text('SELECT COUNT(*) FROM "user"')).scalar() == 2
        assert "language" not in {c["name"] for c in inspect(db.engine).get_columns("user")}


def test_drafts_migration_keeps_every_row_and_downgrades_to_0007(empty_app):
    with empty_app.app_context():
        before = filled_at_0007()
        upgrade(directory=DIRECTORY, revision="0010")
        assert row_counts(upgraded=True) == before
        from quizapp.models import Draft

        teacher = db.session.scalar(text("SELECT id FROM \"user\" WHERE role = 'teacher' ORDER BY id"))
        db.session.add(Draft(teacher_id=teacher, slug="d", title="D", source={}, article="It rained.", items=[]))
        db.session.commit()
        assert db.session.scalar(select(Draft.title)) == "D"
        db.session.remove()
        downgrade(directory=DIRECTORY, revision="0007")
        assert "draft" not in tables(empty_app)
        assert row_counts(upgraded=True) == before
