"""Back up and restore a SQLite database while the app runs, with SQLite's online backup API.

PostgreSQL has its own tools (pg_dump and pg_restore; see the README), so these functions
refuse any other database with a message that says so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do instead."""


def sqlite_path(database_url: str) -> Path:
    """Return the file of a SQLite database URL, or raise BackupError for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "quizapp backup and restore work on a SQLite file; for PostgreSQL use pg_dump and "
            "pg_restore as the README's 'Backups' section shows."
        )
    return Path(url.database)


def backup(database_url: str, target: Path) -> int:
    """Copy the live database to target consistently, even while it is written; return pages copied."""
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source} yet: nothing to back up.")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name so no backup is overwritten.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
        return copy.execute("PRAGMA page_count").fetchone()[0]


def check_backup(path: Path) -> None:
    """Raise BackupError unless path is an intact SQLite file made by this app."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (SQLite's integrity check failed).")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}.") from None
    if not {"quiz", "response", "alembic_version"} <= tables:
        raise BackupError(f"{path} is not a backup of this app (its tables are missing).")


def restore(database_url: str, source: Path) -> None:
    """Replace the live database's contents with a checked backup, in one step."""
    target = sqlite_path(database_url)
    check_backup(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as saved, sqlite3.connect(target, timeout=30) as live:
        saved.backup(live)
