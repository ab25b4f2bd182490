"""the finance queue's totals from an index alone (issue 19)

The finance queue totals every approved claim by way of paying on every page. The status index
found them, but each claim's row was then read for its amounts (25,000 approved at a region's
scale: ~36 ms of SQLite's time a page); this index holds the amounts, so the totals are read from
it alone.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-02 06:45:00

"""

from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_contributions_status_amounts",
        "contributions",
        ["status", "payment_choice", "amount_pence", "approved_pence", "wanted_pence"],
    )


def downgrade():
    op.drop_index("ix_contributions_status_amounts", table_name="contributions")
