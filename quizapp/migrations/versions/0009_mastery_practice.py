"""mastery practice and disputes: practice sessions and answers (apart from every class's results),
students' challenges of answers, the labels teachers accepted after one, and shuffled items
(a version's shuffle option, an attempt's order)

Revision ID: 0009
Revises: 0007

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shuffle", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order", sa.JSON(), nullable=True))
    op.create_table(
        "practice_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("focus", sa.String(length=40), nullable=False),
        sa.Column("goal", sa.JSON(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name="fk_practice_session_item_id_item"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_practice_session_user_id_user"),
        sa.PrimaryKeyConstraint("id", name="pk_practice_session"),
    )
    op.create_index("ix_practice_session_user_id", "practice_session", ["user_id"])
    op.create_table(
        "practice_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("expected", sa.String(length=40), nullable=False),
        sa.Column("chosen", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name="fk_practice_answer_item_id_item"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["practice_session.id"],
            name="fk_practice_answer_session_id_practice_session",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_answer"),
        sa.UniqueConstraint("session_id", "step", name="uq_practice_answer_session_id_step"),
    )
    op.create_index("ix_practice_answer_session_id", "practice_answer", ["session_id"])
    op.create_table(
        "dispute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("practice_answer_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("given", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name="fk_dispute_item_id_item"),
        sa.ForeignKeyConstraint(
            ["replied_by_id"], ["user.id"], name="fk_dispute_replied_by_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name="fk_dispute_response_id_response", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_dispute_user_id_user"),
        sa.ForeignKeyConstraint(
            ["practice_answer_id"],
            ["practice_answer.id"],
            name="fk_dispute_practice_answer_id_practice_answer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dispute"),
        sa.UniqueConstraint("response_id", name="uq_dispute_response_id"),
        sa.UniqueConstraint("practice_answer_id", name="uq_dispute_practice_answer_id"),
    )
    op.create_index("ix_dispute_item_id", "dispute", ["item_id"])
    op.create_index("ix_dispute_user_id", "dispute", ["user_id"])
    op.create_table(
        "accepted_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"], ["user.id"], name="fk_accepted_label_accepted_by_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name="fk_accepted_label_item_id_item"),
        sa.PrimaryKeyConstraint("id", name="pk_accepted_label"),
        sa.UniqueConstraint("item_id", "label", name="uq_accepted_label_item_id_label"),
    )
    op.create_index("ix_accepted_label_item_id", "accepted_label", ["item_id"])


def downgrade():
    op.drop_index("ix_accepted_label_item_id", table_name="accepted_label")
    op.drop_table("accepted_label")
    op.drop_index("ix_dispute_user_id", table_name="dispute")
    op.drop_index("ix_dispute_item_id", table_name="dispute")
    op.drop_table("dispute")
    op.drop_index("ix_practice_answer_session_id", table_name="practice_answer")
    op.drop_table("practice_answer")
    op.drop_index("ix_practice_session_user_id", table_name="practice_session")
    op.drop_table("practice_session")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("order")
    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        batch_op.drop_column("shuffle")
