"""Database set-up: SQLite connection settings and the rollback that keeps the pool clean.

PostgreSQL needs no per-connection settings; its engine options (a ping on checkout) come from
``config.engine_options``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError

from .config import PACKAGE
from .extensions import db, migrate

MIGRATIONS = PACKAGE / "migrations"
QUIET_MIGRATIONS = "quizapp.quiet_migrations"
SETUP_LOCK_KEY = 0x71756978  # "quix": the PostgreSQL advisory lock that setting up the database holds
SETUP_LOCK_WAIT = 300  # seconds a second server waits on SQLite for the first to finish setting up


def init_app(app: Flask) -> None:
    """Bind the database and migrations to app and set up every new SQLite connection."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    @app.teardown_request
    def _rollback(error: BaseException | None) -> None:
        """Roll back whatever a request left open, so no half-done transaction returns to the pool."""
        # Unconditional: a view that caught a database error and carried on has error=None here,
        # and a transaction left open on a pooled connection is committed by the next request
        # that uses it (a "ghost write"). A request that never used the database (/healthz,
        # static files) has no session to roll back, and none is created for it.
        if not db.session.registry.has():
            return
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()  # the connection is broken: the pool discards it when its reset fails


def _sqlite_pragmas(connection: sqlite3.Connection, _record) -> None:
    """Use WAL, wait up to 5 s for a lock, and enforce foreign keys, on every connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_schema(quiet: bool = False) -> None:
    """Bring the schema up to date with the migrations, creating a SQLite file's folder first.

    The schema is made only by migrations, so a database created today upgrades like one
    created by an older release. Tests build it from the models instead, for speed; a test
    proves the two agree. quiet keeps Alembic's INFO lines ("Context impl SQLiteImpl.") off a
    teacher's terminal; its warnings, such as the username clashes of 0004, still show.
    """
    from flask_migrate import stamp, upgrade
    from sqlalchemy import inspect

    database = db.engine.url.database
    if db.engine.dialect.name == "sqlite" and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    tables = set(inspect(db.engine).get_table_names())
    current_app.extensions[QUIET_MIGRATIONS] = quiet  # read by migrations/env.py
    try:
        if "quiz" in tables and "alembic_version" not in tables:
            stamp(directory=str(MIGRATIONS))  # made from the models by db.create_all, so already current
        else:
            upgrade(directory=str(MIGRATIONS))
    finally:
        current_app.extensions.pop(QUIET_MIGRATIONS, None)


@contextmanager
def setup_lock() -> Iterator[None]:
    """Hold the database's set-up lock: only one server at a time migrates the schema and loads questions.

    Several servers started at the same moment on one empty database would otherwise run the
    migrations twice and insert the same quizzes twice, and all but one would fail to start.
    PostgreSQL: a session-level advisory lock on a connection of its own. SQLite: an exclusive
    transaction on a small file beside the database (the standard library's only lock that works
    alike on Linux, macOS and Windows). The second server waits, then finds everything current.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK_KEY})
                connection.commit()
        return
    database = db.engine.url.database
    if db.engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".setup-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = sqlite3.connect(lock_path, timeout=SETUP_LOCK_WAIT, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        lock.close()  # ends the transaction, and with it the lock
