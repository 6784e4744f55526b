"""item kinds: passages become items of a kind with a spec; responses keep an answer, a score and parts

Every passage becomes an item of kind 'label' with the same id, its label, cues, explanation and
accuracy note in its spec; every response keeps its id and gets its label as data, a score of 1
or 0 from its old 'correct', and one labelled part. No row and no score is lost.

Revision ID: 0007
Revises: 0006

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 2000  # rows copied at a time, so a school's years of answers never sit in memory at once


def _item_table():
    return op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["quiz_version.id"], name="fk_item_version_id_quiz_version"),
        sa.PrimaryKeyConstraint("id", name="pk_item"),
        sa.UniqueConstraint("version_id", "position", name="uq_item_version_id_position"),
    )


def _response_table(name):
    return op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"], name="fk_response_attempt_id_attempt"),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name="fk_response_item_id_item"),
        sa.PrimaryKeyConstraint("id", name="pk_response"),
        sa.UniqueConstraint("attempt_id", "item_id", name="uq_response_attempt_id_item_id"),
    )


def _response_copy(name):
    """Create a table with the new response columns and no constraints, to copy rows through."""
    return op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
    )


def _batches(connection, query, id_column):
    """Yield the rows of a query in batches, ordered by id, without holding them all."""
    last = -1
    while True:
        rows = connection.execute(query.where(id_column > last).order_by(id_column).limit(BATCH)).mappings().all()
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def _reset_sequence(connection, table):
    """On PostgreSQL, move a table's id sequence past the ids copied in, so new rows get fresh ids."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


def upgrade():
    connection = op.get_bind()
    item = _item_table()
    passage = sa.table(
        "passage",
        *(
            sa.column(c)
            for c in (
                "id",
                "version_id",
                "position",
                "key",
                "text",
                "start",
                "end",
                "label",
                "explanation_html",
                "accurate",
                "accuracy_note_html",
            )
        ),
        sa.column("cues", sa.JSON()),
    )
    for rows in _batches(connection, sa.select(passage), passage.c.id):
        connection.execute(
            item.insert(),
            [
                {
                    "id": r["id"],
                    "version_id": r["version_id"],
                    "position": r["position"],
                    "key": r["key"],
                    "kind": "label",
                    "text": r["text"],
                    "start": r["start"],
                    "end": r["end"],
                    "spec": {
                        "label": r["label"],
                        "also_accepted": [],
                        "cues": list(r["cues"] or []),
                        "explanation_html": r["explanation_html"],
                        "accurate": r["accurate"],
                        "accuracy_note_html": r["accuracy_note_html"] or "",
                    },
                }
                for r in rows
            ],
        )
    _reset_sequence(connection, "item")

    # Through a plain copy with no constraints: the old table's constraint names (which depend on
    # how old the database is) must be gone before the new table takes the names the models use.
    copy = _response_copy("response_copy")
    old = sa.table(
        "response",
        *(sa.column(c) for c in ("id", "attempt_id", "passage_id", "chosen", "correct")),
        sa.column("answered_at", sa.DateTime()),
    )
    for rows in _batches(connection, sa.select(old), old.c.id):
        connection.execute(
            copy.insert(),
            [
                {
                    "id": r["id"],
                    "attempt_id": r["attempt_id"],
                    "item_id": r["passage_id"],
                    "answer": {"label": r["chosen"]},
                    "score": 1.0 if r["correct"] else 0.0,
                    "answered_at": r["answered_at"],
                }
                for r in rows
            ],
        )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index("ix_response_attempt_id")
    op.drop_table("response")
    new = _response_table("response")
    op.execute(new.insert().from_select([c.name for c in copy.columns], sa.select(copy)))
    op.drop_table("response_copy")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index("ix_response_attempt_id", ["attempt_id"], unique=False)
    _reset_sequence(connection, "response")

    part = op.create_table(
        "response_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("expected", sa.String(length=300), nullable=False),
        sa.Column("given", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name="fk_response_part_response_id_response", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_response_part"),
        sa.UniqueConstraint("response_id", "name", name="uq_response_part_response_id_name"),
    )
    response = sa.table(
        "response", sa.column("id"), sa.column("item_id"), sa.column("answer", sa.JSON()), sa.column("score")
    )
    spec_of = sa.table("item", sa.column("id"), sa.column("spec", sa.JSON()))
    query = sa.select(response.c.id, response.c.answer, response.c.score, spec_of.c.spec).select_from(
        response.join(spec_of, spec_of.c.id == response.c.item_id)
    )
    for rows in _batches(connection, query, response.c.id):
        connection.execute(
            part.insert(),
            [
                {
                    "response_id": r["id"],
                    "name": "label",
                    "kind": "label",
                    "expected": r["spec"]["label"],
                    "given": r["answer"]["label"],
                    "score": r["score"],
                }
                for r in rows
            ],
        )

    op.drop_table("passage")
    op.execute("ALTER TABLE quiz_version RENAME COLUMN passage_count TO item_count")


def downgrade():
    connection = op.get_bind()
    other = connection.execute(sa.text("SELECT COUNT(*) FROM item WHERE kind != 'label'")).scalar()
    if other:
        raise RuntimeError(
            f"{other} item(s) are of a kind the older release cannot show; delete those quizzes "
            "(and their attempts) before going back"
        )
    op.execute("ALTER TABLE quiz_version RENAME COLUMN item_count TO passage_count")
    passage = op.create_table(
        "passage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("explanation_html", sa.Text(), nullable=False),
        sa.Column("accurate", sa.Boolean(), nullable=True),
        sa.Column("accuracy_note_html", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["quiz_version.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "position"),
    )
    item = sa.table(
        "item",
        *(sa.column(c) for c in ("id", "version_id", "position", "key", "text", "start", "end")),
        sa.column("spec", sa.JSON()),
    )
    for rows in _batches(connection, sa.select(item), item.c.id):
        connection.execute(
            passage.insert(),
            [
                {
                    "id": r["id"],
                    "version_id": r["version_id"],
                    "position": r["position"],
                    "key": r["key"],
                    "text": r["text"],
                    "start": r["start"],
                    "end": r["end"],
                    "label": r["spec"]["label"],
                    "cues": r["spec"].get("cues", []),
                    "explanation_html": r["spec"].get("explanation_html", ""),
                    "accurate": r["spec"].get("accurate"),
                    "accuracy_note_html": r["spec"].get("accuracy_note_html", ""),
                }
                for r in rows
            ],
        )
    _reset_sequence(connection, "passage")
    copy = op.create_table(
        "response_copy",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("chosen", sa.String(length=60), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
    )
    response = sa.table(
        "response",
        *(sa.column(c) for c in ("id", "attempt_id", "item_id", "score")),
        sa.column("answer", sa.JSON()),
        sa.column("answered_at", sa.DateTime()),
    )
    for rows in _batches(connection, sa.select(response), response.c.id):
        connection.execute(
            copy.insert(),
            [
                {
                    "id": r["id"],
                    "attempt_id": r["attempt_id"],
                    "passage_id": r["item_id"],
                    "chosen": r["answer"].get("label", ""),
                    "correct": r["score"] >= 1.0,
                    "answered_at": r["answered_at"],
                }
                for r in rows
            ],
        )
    op.drop_table("response_part")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index("ix_response_attempt_id")
    op.drop_table("response")
    old = op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("chosen", sa.String(length=60), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"]),
        sa.ForeignKeyConstraint(["passage_id"], ["passage.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id", "passage_id"),
    )
    op.execute(old.insert().from_select([c.name for c in copy.columns], sa.select(copy)))
    op.drop_table("response_copy")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index("ix_response_attempt_id", ["attempt_id"], unique=False)
    _reset_sequence(connection, "response")
    op.drop_table("item")
