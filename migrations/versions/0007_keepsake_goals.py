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
    op.create_table(
        'keepsake_goals',
        sa.Column('ending_id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['ending_id'], ['endings.id'], name=op.f('fk_keepsake_goals_ending_id_endings'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_keepsake_goals_goal_id_goals'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ending_id', 'goal_id', name=op.f('pk_keepsake_goals')),
    )


def downgrade():
    op.drop_table('keepsake_goals')
