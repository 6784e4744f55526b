"""accounts: case-insensitive usernames, how each account was made, deleted accounts, sessions, abuse counters

Revision ID: 0004
Revises: 0003

- ``user.username_key``: the username after NFKC and case folding, unique, so ``TeacherA`` and
  ``teachera`` can no longer both be made. Accounts that already clash are kept, all of them:
  the oldest (lowest id) gets the plain key, each later one the key with ``#<id>`` appended
  (``#`` cannot be typed into a username, so no new account can take it). Each later one still
  logs in with its exact spelling. Every clash is reported on stderr and in the migration log,
  with both names, so whoever runs the upgrade can tell the people concerned.
- ``user.origin`` and ``user.created_by_id``: how an account was made and by which teacher (the
  password-reset rule reads them). Existing accounts get origin 'earlier'; a student whose first
  class membership began within 5 seconds of the account (a roster or a join made both in one
  transaction) is recorded as made by that class's teacher, so teachers can still reset the
  passwords of the accounts their classes made before this release.
- ``user.deleted_at``: a deleted account keeps its row, with no name and no password.
- ``user_session``: sign-ins stored on the server (sessions.py). Sessions from before the upgrade
  are not in it, so everyone logs in once more.
- ``throttle_event`` replaces ``login_failure`` (its rows are copied as kind 'login'), and also
  counts sign-ups and wrong join codes.
"""

import logging
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SAME_ACCOUNT_SECONDS = 5
users = sa.table(
    "user",
    sa.column("id", sa.Integer),
    sa.column("username", sa.String),
    sa.column("username_key", sa.String),
    sa.column("role", sa.String),
    sa.column("origin", sa.String),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
)
memberships = sa.table(
    "membership",
    sa.column("user_id", sa.Integer),
    sa.column("classroom_id", sa.Integer),
    sa.column("joined_at", sa.DateTime),
)
classrooms = sa.table("classroom", sa.column("id", sa.Integer), sa.column("teacher_id", sa.Integer))
login_failures = sa.table(
    "login_failure", sa.column("account", sa.String), sa.column("address", sa.String), sa.column("at", sa.DateTime)
)
events = sa.table(
    "throttle_event",
    sa.column("kind", sa.String),
    sa.column("account", sa.String),
    sa.column("address", sa.String),
    sa.column("at", sa.DateTime),
)


def username_key(username):
    """The key of quizapp/usernames.py as of this revision (copied: a migration must not change later)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).strip().casefold())


def report(message):
    """Say something the person upgrading must read: a warning of the migration log, shown on stderr."""
    logging.getLogger("alembic.runtime.migration").warning(message)


def fill_user_columns(connection):
    """Give every account its username key (reporting clashes) and its origin."""
    owners = {}
    rows = connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    for user_id, username in rows:
        key = username_key(username)
        if key in owners:
            first_id, first_name = owners[key]
            report(
                f"usernames '{first_name}' (account {first_id}) and '{username}' (account {user_id}) differ only "
                f"in case or width. Both are kept and log in with their exact spelling; from now on no new "
                f"account can take either name. Tell the owner of account {user_id} if they should use another."
            )
            key = f"{key}#{user_id}"
        else:
            owners[key] = (user_id, username)
        connection.execute(users.update().where(users.c.id == user_id).values(username_key=key, origin="earlier"))
    first_classes = connection.execute(
        sa.select(users.c.id, users.c.created_at, memberships.c.joined_at, classrooms.c.teacher_id)
        .join(memberships, memberships.c.user_id == users.c.id)
        .join(classrooms, classrooms.c.id == memberships.c.classroom_id)
        .where(users.c.role == "student")
        .order_by(users.c.id, memberships.c.joined_at)
    ).all()
    seen = set()
    for user_id, created_at, joined_at, teacher_id in first_classes:
        if user_id in seen:
            continue
        seen.add(user_id)
        if _seconds_between(created_at, joined_at) <= SAME_ACCOUNT_SECONDS:
            connection.execute(users.update().where(users.c.id == user_id).values(created_by_id=teacher_id))


def _seconds_between(first, second):
    """Return the seconds between two stored times (SQLite may hand them back as text)."""
    first, second = (datetime.fromisoformat(str(v)) if not isinstance(v, datetime) else v for v in (first, second))
    return abs((second - first).total_seconds())


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
    fill_user_columns(op.get_bind())
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("username_key", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("origin", existing_type=sa.String(length=16), nullable=False)
        batch_op.create_index(batch_op.f("ix_user_username_key"), ["username_key"], unique=True)
        batch_op.create_foreign_key(
            "fk_user_created_by_id_user", "user", ["created_by_id"], ["id"], ondelete="SET NULL"
        )

    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest"),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "throttle_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("throttle_event", schema=None) as batch_op:
        batch_op.create_index("ix_throttle_event_kind_account_at", ["kind", "account", "at"], unique=False)
        batch_op.create_index("ix_throttle_event_kind_address_at", ["kind", "address", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_throttle_event_at"), ["at"], unique=False)
    op.execute(
        events.insert().from_select(
            ["kind", "account", "address", "at"],
            sa.select(sa.literal("login"), login_failures.c.account, login_failures.c.address, login_failures.c.at),
        )
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_at"))
        batch_op.drop_index("ix_login_failure_address_at")
        batch_op.drop_index("ix_login_failure_account_at")
    op.drop_table("login_failure")


def downgrade():
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_account_at", ["account", "at"], unique=False)
        batch_op.create_index("ix_login_failure_address_at", ["address", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failure_at"), ["at"], unique=False)
    op.execute(
        login_failures.insert().from_select(
            ["account", "address", "at"],
            sa.select(events.c.account, events.c.address, events.c.at).where(events.c.kind == "login"),
        )
    )
    with op.batch_alter_table("throttle_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_event_at"))
        batch_op.drop_index("ix_throttle_event_kind_address_at")
        batch_op.drop_index("ix_throttle_event_kind_account_at")
    op.drop_table("throttle_event")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_session_created_at"))
    op.drop_table("user_session")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint("fk_user_created_by_id_user", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_user_username_key"))
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("origin")
        batch_op.drop_column("username_key")
