"""data rights: Stripe connected accounts to close after an erasure

Revision ID: 0018
Revises: 0010
Create Date: 2026-12-01 18:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stripe_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_problem", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_stripe_closures_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_closures")),
        sa.UniqueConstraint("account_id", name=op.f("uq_stripe_closures_account_id")),
    )
    with op.batch_alter_table("stripe_closures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stripe_closures_person_id"), ["person_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("stripe_closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stripe_closures_person_id"))
    op.drop_table("stripe_closures")
