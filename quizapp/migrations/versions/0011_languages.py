"""languages: each account may save the language of its pages; each quiz version keeps its article's language

Revision ID: 0011
Revises: 0010

``user.language`` is nullable and starts empty: every account of the previous release keeps seeing
the language its browser asks for, or the app's default, as before. ``quiz_version.language``
starts as '' (unsaid) for every version: their files gave none.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))

    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        batch_op.drop_column("language")

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("language")
