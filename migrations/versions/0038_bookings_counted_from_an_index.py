"""bookings counted by activity and status from an index alone (issue 19)

"What's on", an activity's page and the worker's sessions count each activity's places booked
and people waiting. The only index by activity also held the person, so every booking's row was
read for its status (57 sessions a fortnight at a region's scale: ~1,100 rows a page); this index
holds the status, so each count is read from it alone.

Revision ID: 0038
Revises: 0036
Create Date: 2026-12-02 09:05:00

"""

from alembic import op

revision = "0038"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_bookings_activity_status", "bookings", ["activity_id", "status"])


def downgrade():
    op.drop_index("ix_bookings_activity_status", table_name="bookings")
