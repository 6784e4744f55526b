"""drafts: the workbench keeps a teacher's unsaved quiz

Revision ID: 0010
Revises: 0007

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    """Add the draft table; no existing row changes."""
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("article", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["user.id"], name=op.f("fk_draft_teacher_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    op.create_index(op.f("ix_draft_teacher_id"), "draft", ["teacher_id"], unique=False)


def downgrade():
    """Drop the draft table."""
    op.drop_index(op.f("ix_draft_teacher_id"), table_name="draft")
    op.drop_table("draft")
