"""payments: whether "What's on" shows a paid role's rate (a programme setting, shown by default)

Revision ID: 0019
Revises: 0011
Create Date: 2026-12-01 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pay_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_rates", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_settings")),
    )


def downgrade():
    op.drop_table("pay_settings")
