"""mastery practice: sessions drawn across quizzes, and their answers, apart from every class's results

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


def downgrade():
    op.drop_index("ix_practice_answer_session_id", table_name="practice_answer")
    op.drop_table("practice_answer")
    op.drop_index("ix_practice_session_user_id", table_name="practice_session")
    op.drop_table("practice_session")
