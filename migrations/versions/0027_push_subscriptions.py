"""notifications on phones: push subscriptions, and when a booking's 2-hour reminder went

Revision ID: 0027
Revises: 0020
Create Date: 2026-12-01 22:20:00

"""

import sqlalchemy as sa
from alembic import op


revision = "0027"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("endpoint", sa.String(length=1000), nullable=False),
        sa.Column("p256dh", sa.String(length=200), nullable=False),
        sa.Column("auth", sa.String(length=100), nullable=False),
        sa.Column("user_agent", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("endpoint"),
    )
    op.create_index(
        "ix_push_subscriptions_person_id", "push_subscriptions", ["person_id"], unique=False
    )
    # Bookings made before this get no 2-hour reminder for sessions already under way.
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
    op.drop_index("ix_push_subscriptions_person_id", table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
