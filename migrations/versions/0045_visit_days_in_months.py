"""who came in a run of days from the months they came in: each month of visits keeps the first
and last London day the young person came in it, and the last day they came before it (issue 19)

Monitoring counted who came in the days at either end of a period that do not fill a month (a
period from 3 December, say) from the register: every attendance of those days, each checked
against the months. A month now says on which days it started and ended, so a young person came
in the days from the 3rd if their month's last day is the 3rd or later, and each person is
counted once by the first of their months in the period: the one whose day before is before the
period. The rows are worked out again here from the register, as `activities.visits` does.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-03 10:00:00

"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
BATCH = 10_000


def _history(connection):
    """(person id, start) of every held activity each person came to, in order (as
    `activities.visits.held` says: not cancelled, and started or its register taken)."""
    activities = sa.table(
        "activities",
        sa.column("id"),
        sa.column("starts_at", sa.DateTime(timezone=True)),
        sa.column("cancelled_at"),
        sa.column("register_taken_at"),
    )
    attendances = sa.table(
        "attendances", sa.column("person_id"), sa.column("activity_id"), sa.column("attended")
    )
    now = datetime.now(UTC)
    if connection.dialect.name == "sqlite":  # stored as naive UTC (`core.time.UTCDateTime`)
        now = now.replace(tzinfo=None)
    query = (
        sa.select(attendances.c.person_id, activities.c.starts_at)
        .join(activities, activities.c.id == attendances.c.activity_id)
        .where(
            attendances.c.attended.is_(True),
            activities.c.cancelled_at.is_(None),
            sa.or_(activities.c.starts_at <= now, activities.c.register_taken_at.is_not(None)),
        )
        .order_by(attendances.c.person_id, activities.c.starts_at, activities.c.id)
    )
    for person_id, starts_at in connection.execute(query):
        aware = starts_at.replace(tzinfo=UTC) if starts_at.tzinfo is None else starts_at
        yield person_id, aware.astimezone(LONDON).date()


def _months(connection) -> list[dict]:
    months, person = [], None
    for person_id, day in _history(connection):
        month = day.replace(day=1)
        if person_id != person or months[-1]["month"] != month:
            before = months[-1] if person_id == person else None
            person = person_id
            months.append(
                {
                    "person_id": person_id,
                    "month": month,
                    "previous_month": before["month"] if before else None,
                    "previous_on": before["last_on"] if before else None,
                    "first_on": day,
                    "last_on": day,
                    "attendances": 0,
                }
            )
        months[-1]["last_on"] = day
        months[-1]["attendances"] += 1
    return months


def upgrade():
    with op.batch_alter_table("months_of_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_months_of_visits_month_person")
        batch_op.add_column(sa.Column("previous_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("first_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    months = _months(connection)
    table = sa.table(
        "months_of_visits",
        sa.column("person_id"),
        sa.column("attendances"),
        *(
            sa.column(name, sa.Date())
            for name in ("month", "previous_month", "previous_on", "first_on", "last_on")
        ),
    )
    connection.execute(sa.delete(table))
    for start in range(0, len(months), BATCH):
        op.bulk_insert(table, months[start : start + BATCH])
    with op.batch_alter_table("months_of_visits", schema=None) as batch_op:
        batch_op.alter_column("first_on", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("last_on", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(
            "ix_months_of_visits_month_days",
            ["month", "previous_on", "first_on", "last_on", "person_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("months_of_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_months_of_visits_month_days")
        batch_op.drop_column("last_on")
        batch_op.drop_column("first_on")
        batch_op.drop_column("previous_on")
        batch_op.create_index(
            "ix_months_of_visits_month_person", ["month", "person_id"], unique=False
        )
