"""offline sends: the keys of changes sent from a phone's outbox, so each is applied once

Revision ID: 0030
Revises: 0027
Create Date: 2026-12-01 23:50:00

"""

import sqlalchemy as sa
from alembic import op


revision = "0030"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offline_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "key", name="uq_offline_sends_user_key"),
    )
    op.create_index(
        "ix_offline_sends_received_at", "offline_sends", ["received_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_offline_sends_received_at", table_name="offline_sends")
    op.drop_table("offline_sends")
