"""young people paid counted from the period's payments alone: each payment keeps the day of the
young person's payment before it (issue 19)

Monitoring counts the young people paid in a period, in each tax year and by each way of paying.
Each count sorted out who was who among the period's payments (a distinct count: a sort of every
payment of the period, three times a page). A payment now keeps the day of the person's payment
before it that reached them (not given to charity) and of the one before made the same way
(`payments.payment_links` keeps them as payments are saved): a person's first payment in a period
is the one whose one before is older, so each count adds up the period's payments as it reads
them from the index.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-03 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

OLD_COLUMNS = ["paid_on", "method", "person_id", "minutes", "amount_pence", "reversed_pence"]
NEW_COLUMNS = [
    "paid_on",
    "method",
    "previous_paid_on",
    "previous_same_way_on",
    "minutes",
    "amount_pence",
    "reversed_pence",
]

# Each payment's links from its person's payments in the order they were made (the same day in
# the order saved): the statement `payments.payment_links` runs for everyone.
LINK_EVERY_PAYMENT = """
UPDATE payments SET previous_paid_on = links.previous_paid_on,
    previous_same_way_on = links.previous_same_way_on
FROM (
    SELECT id,
        CASE WHEN method = 'donated' THEN NULL ELSE lag(paid_on) OVER (
            PARTITION BY person_id, method = 'donated' ORDER BY paid_on, id
        ) END AS previous_paid_on,
        lag(paid_on) OVER (
            PARTITION BY person_id, method ORDER BY paid_on, id
        ) AS previous_same_way_on
    FROM payments
) AS links
WHERE payments.id = links.id
"""


def upgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.add_column(sa.Column("previous_paid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("previous_same_way_on", sa.Date(), nullable=True))
    op.execute(LINK_EVERY_PAYMENT)
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_index("ix_payments_paid_on_amounts")
        batch_op.create_index("ix_payments_paid_on_amounts", NEW_COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_index("ix_payments_paid_on_amounts")
        batch_op.create_index("ix_payments_paid_on_amounts", OLD_COLUMNS, unique=False)
        batch_op.drop_column("previous_same_way_on")
        batch_op.drop_column("previous_paid_on")
