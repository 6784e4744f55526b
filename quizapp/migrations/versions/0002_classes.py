"""classes: classrooms, memberships, assignments, display names

Revision ID: 0002
Revises: 0001

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "classroom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("join_code"),
    )
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classroom_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"],
            ["quiz.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("classroom_id", "quiz_id"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_classroom_id"), ["classroom_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("classroom_id", "user_id"),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_classroom_id"), ["classroom_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attempt_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_foreign_key("fk_attempt_assignment_id_assignment", "assignment", ["assignment_id"], ["id"])

    with op.batch_alter_table("user", schema=None) as batch_op:
        # existing accounts get an empty display name (the username is shown instead)
        batch_op.add_column(sa.Column("display_name", sa.String(length=80), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("display_name")

    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_constraint("fk_attempt_assignment_id_assignment", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attempt_assignment_id"))
        batch_op.drop_column("assignment_id")

    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_membership_classroom_id"))

    op.drop_table("membership")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_classroom_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classroom_teacher_id"))

    op.drop_table("classroom")
