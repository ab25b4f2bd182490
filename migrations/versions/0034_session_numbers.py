"""activity table: where each attendance falls in its young person's history (which of their
sessions it was, whole months after their first), kept beside the register (filled here from the
attendance there is), and the index the table counts new and movement members from (issue 19)

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-02 03:00:00

"""

import calendar
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

BATCH = 10_000


def _months_since(first, moment):
    """Whole months from `first` to `moment`, as `activities.session_numbers` counts them: the
    most months that, added to `first`'s day at its time (or the month's last day), do not pass
    `moment`."""
    months = (moment.year - first.year) * 12 + moment.month - first.month
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    day = min(first.day, calendar.monthrange(year, month)[1])
    if datetime.combine(date(year, month, day), first.timetz()) > moment:
        months -= 1
    return months


def _aware(moment):
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _visits(connection, dialect):
    """(attendance id, person id, start) of every held activity each person came to, in order
    (as `activities.visits.came` says: they came, and it is not cancelled and started or its
    register taken)."""
    activities, attendances = (
        sa.table(
            "activities",
            sa.column("id"),
            sa.column("starts_at", sa.DateTime(timezone=True)),
            sa.column("cancelled_at"),
            sa.column("register_taken_at"),
        ),
        sa.table(
            "attendances",
            sa.column("id"),
            sa.column("person_id"),
            sa.column("activity_id"),
            sa.column("attended"),
        ),
    )
    now = datetime.now(UTC)
    if dialect == "sqlite":
        now = now.replace(tzinfo=None)  # as `core.time.UTCDateTime` stores it
    query = (
        sa.select(attendances.c.id, attendances.c.person_id, activities.c.starts_at)
        .join(activities, activities.c.id == attendances.c.activity_id)
        .where(
            attendances.c.attended.is_(True),
            activities.c.cancelled_at.is_(None),
            sa.or_(activities.c.starts_at <= now, activities.c.register_taken_at.is_not(None)),
        )
        .order_by(attendances.c.person_id, activities.c.starts_at, activities.c.id)
    )
    for id_, person_id, starts_at in connection.execute(query):
        yield id_, person_id, _aware(starts_at)


def _numbers(connection, dialect):
    person = None
    for id_, person_id, starts_at in _visits(connection, dialect):
        if person_id != person:
            person, number, first = person_id, 0, starts_at
        number += 1
        yield {"b_id": id_, "b_number": number, "b_months": _months_since(first, starts_at)}


def _backfill(connection, dialect):
    attendances = sa.table(
        "attendances",
        sa.column("id"),
        sa.column("session_number"),
        sa.column("months_since_first"),
    )
    numbered = sa.update(attendances).where(attendances.c.id == sa.bindparam("b_id"))
    numbered = numbered.values(
        session_number=sa.bindparam("b_number"), months_since_first=sa.bindparam("b_months")
    )
    rows = list(_numbers(connection, dialect))
    for start in range(0, len(rows), BATCH):
        connection.execute(numbered, rows[start : start + BATCH])


def upgrade():
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("months_since_first", sa.Integer(), nullable=True))
    connection = op.get_bind()
    _backfill(connection, connection.dialect.name)
    op.create_index(
        "ix_attendances_activity_attended_stage",
        "attendances",
        ["activity_id", "attended", "session_number", "months_since_first", "person_id"],
    )


def downgrade():
    op.drop_index("ix_attendances_activity_attended_stage", table_name="attendances")
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_column("months_since_first")
        batch_op.drop_column("session_number")
