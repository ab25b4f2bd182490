"""endings: the goals a young person chooses for their keepsake

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 20:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('endings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('keepsake_goal_ids_csv', sa.String(length=500), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('endings', schema=None) as batch_op:
        batch_op.drop_column('keepsake_goal_ids_csv')
