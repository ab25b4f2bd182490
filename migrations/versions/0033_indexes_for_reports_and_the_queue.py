"""reports and the finance queue read from indexes (issue 19)

Approved claims are listed by the young person's name: people are read in name order from an
index and each one's approved claims from another, stopping at a page, instead of sorting every
approved claim by name. The activity table reads who came to what (everyone's history, or a
period's people's) from an index alone.

Revision ID: 0033
Revises: 0029
Create Date: 2026-12-01 23:55:00

"""

from alembic import op

revision = "0033"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_preferred_name", "users", ["preferred_name", "id"])
    op.create_index(
        "ix_contributions_person_status_date",
        "contributions",
        ["person_id", "status", "work_date", "id"],
    )


    op.create_index(
        "ix_attendances_person_attended_activity",
        "attendances",
        ["person_id", "attended", "activity_id"],
    )


def downgrade():
    op.drop_index("ix_attendances_person_attended_activity", table_name="attendances")
    op.drop_index("ix_contributions_person_status_date", table_name="contributions")
    op.drop_index("ix_users_preferred_name", table_name="users")
