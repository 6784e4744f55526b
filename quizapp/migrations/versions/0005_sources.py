"""sources: outlet, author, publication date, address and 'made up' of each quiz version

Revision ID: 0005
Revises: 0004

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        # versions stored before this release name no source: empty, and not marked made up
        batch_op.add_column(sa.Column("source_published", sa.String(length=10), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_outlet", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_author", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_url", sa.String(length=2000), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_fictional", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("quiz_version", schema=None) as batch_op:
        batch_op.drop_column("source_fictional")
        batch_op.drop_column("source_url")
        batch_op.drop_column("source_author")
        batch_op.drop_column("source_outlet")
        batch_op.drop_column("source_published")
