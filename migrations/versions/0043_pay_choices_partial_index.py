"""monitoring's pay choices from an index of only the claims that made one (issue 19)

The monitoring's money section counts the young people who said no to payment, took less or
gave their pay to charity. Its index held every claim, so each page read a whole period's claims
from it to find the few that made a choice (~20 ms at a region's scale, more over five years).
The index now holds only those claims.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-03 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None

NAME = "ix_contributions_work_date_choices"
COLUMNS = ["work_date", "status", "cancel_reason", "wanted_pence", "payment_choice", "person_id"]
# As `payments.models.MADE_A_CHOICE`, which the monitoring's query names beside its conditions.
MADE_A_CHOICE = (
    "(cancel_reason = 'declined' OR wanted_pence IS NOT NULL OR payment_choice = 'donate')"
)


def upgrade():
    with op.batch_alter_table("contributions") as batch_op:
        batch_op.drop_index(NAME)
        batch_op.create_index(
            NAME,
            COLUMNS,
            unique=False,
            sqlite_where=sa.text(MADE_A_CHOICE),
            postgresql_where=sa.text(MADE_A_CHOICE),
        )


def downgrade():
    with op.batch_alter_table("contributions") as batch_op:
        batch_op.drop_index(NAME)
        batch_op.create_index(NAME, COLUMNS, unique=False)
