"""class management: archived classes, unassigned quizzes

Revision ID: 0006
Revises: 0005

Both columns are nullable and start empty: every class of the previous release stays listed and
open, and every assignment stays assigned.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unassigned_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("unassigned_at")

    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
