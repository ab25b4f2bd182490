"""notices: a kind and an amount, so a young person's home groups them ("3 claims paid")

Revision ID: 0020
Revises: 0011
Create Date: 2026-12-01 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    # Notices sent before this have no kind: each still shows on its own.
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40)))
        batch_op.add_column(sa.Column("amount_pence", sa.Integer()))


def downgrade():
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("amount_pence")
        batch_op.drop_column("kind")
