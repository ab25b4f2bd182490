"""indexes for queries that stay small as tables grow (issue 19)

Finance's latest payments newest first and the claims queue oldest first, each read in index
order and stopped at a page instead of sorting every row.

Revision ID: 0028
Revises: 0025
Create Date: 2026-12-01 22:15:00

"""

from alembic import op

revision = "0028"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_payments_created_at", "payments", ["created_at", "id"])
    op.create_index(
        "ix_contributions_status_changed", "contributions", ["status", "status_changed_at", "id"]
    )


def downgrade():
    op.drop_index("ix_contributions_status_changed", table_name="contributions")
    op.drop_index("ix_payments_created_at", table_name="payments")
