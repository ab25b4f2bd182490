"""monitoring's money from payments alone: each payment keeps the minutes it paid for (issue 19)

The monitoring's money section adds up, for each period, tax year and way of paying, the young
people paid, the hours paid for and the money kept. The hours were the claim's: every payment of
the period was joined to its claim (at a region's scale every claim was read, three times a
page: ~140 ms of PostgreSQL's time for the section). A payment now keeps the minutes it paid
for, as it keeps the amount: a claim's minutes are settled before it can be paid. The section's
index holds them in place of the claim's id, so its three reads come from the index alone.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-03 03:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

OLD_COLUMNS = [
    "paid_on",
    "method",
    "person_id",
    "contribution_id",
    "amount_pence",
    "reversed_pence",
]
NEW_COLUMNS = ["paid_on", "method", "person_id", "minutes", "amount_pence", "reversed_pence"]


def upgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE payments SET minutes = (SELECT contributions.minutes FROM contributions "
        "WHERE contributions.id = payments.contribution_id)"
    )
    with op.batch_alter_table("payments") as batch_op:
        batch_op.alter_column("minutes", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_payments_paid_on_amounts")
        batch_op.create_index("ix_payments_paid_on_amounts", NEW_COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_index("ix_payments_paid_on_amounts")
        batch_op.create_index("ix_payments_paid_on_amounts", OLD_COLUMNS, unique=False)
        batch_op.drop_column("minutes")
