"""monitoring: each young person's first and next visit, and the London months they came in,
kept beside the register (filled here from the attendance there is); covering indexes for money

Revision ID: 0029
Revises: 0031
Create Date: 2026-12-01 23:50:00

"""

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0031"
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
RETURN_WITHIN_MONTHS = 3  # as activities.visits counts coming back
BATCH = 10_000


def _back_by(first):
    """The same time `RETURN_WITHIN_MONTHS` later (or the month's last day)."""
    index = first.month - 1 + RETURN_WITHIN_MONTHS
    year, month = first.year + index // 12, index % 12 + 1
    day = min(first.day, calendar.monthrange(year, month)[1])
    return datetime.combine(date(year, month, day), first.timetz())


def _aware(moment):
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stored(moment, dialect):
    """As `core.time.UTCDateTime` stores it: naive UTC on SQLite."""
    return moment.replace(tzinfo=None) if dialect == "sqlite" else moment


def _history(connection, dialect):
    """(person id, start) of every held activity each person came to, in order (as
    `activities.visits.held` says: not cancelled, and started or its register taken)."""
    activities, attendances = (
        sa.table(
            "activities",
            sa.column("id"),
            sa.column("starts_at", sa.DateTime(timezone=True)),
            sa.column("cancelled_at"),
            sa.column("register_taken_at"),
        ),
        sa.table(
            "attendances", sa.column("person_id"), sa.column("activity_id"), sa.column("attended")
        ),
    )
    now = _stored(datetime.now(UTC), dialect)
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
        yield person_id, _aware(starts_at)


def _backfill(connection, dialect, first_visits, months_of_visits):
    firsts, months, person = [], [], None
    for person_id, starts_at in _history(connection, dialect):
        month = starts_at.astimezone(LONDON).date().replace(day=1)
        if person_id != person:
            person = person_id
            first = {
                "person_id": person_id,
                "first_at": starts_at,
                "next_at": None,
                "back_by": _back_by(starts_at),
            }
            firsts.append(first)
            months.append(
                {"person_id": person_id, "month": month, "previous_month": None, "attendances": 0}
            )
        elif first["next_at"] is None and starts_at > first["first_at"]:
            first["next_at"] = starts_at
        if months[-1]["month"] != month:
            months.append(
                {
                    "person_id": person_id,
                    "month": month,
                    "previous_month": months[-1]["month"],
                    "attendances": 0,
                }
            )
        months[-1]["attendances"] += 1
    for row in firsts:
        row["first_at"] = _stored(row["first_at"], dialect)
        row["back_by"] = _stored(row["back_by"], dialect)
        if row["next_at"] is not None:
            row["next_at"] = _stored(row["next_at"], dialect)
    for rows, table in ((firsts, first_visits), (months, months_of_visits)):
        for start in range(0, len(rows), BATCH):
            op.bulk_insert(table, rows[start : start + BATCH])


def upgrade():
    first_visits = op.create_table(
        "first_visits",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("back_by", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    with op.batch_alter_table("first_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_first_visits_first_at"), ["first_at"], unique=False)
    months_of_visits = op.create_table(
        "months_of_visits",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("previous_month", sa.Date(), nullable=True),
        sa.Column("attendances", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("person_id", "month"),
    )
    with op.batch_alter_table("months_of_visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_months_of_visits_month_previous",
            ["month", "previous_month", "attendances"],
            unique=False,
        )
        batch_op.create_index(
            "ix_months_of_visits_month_person", ["month", "person_id"], unique=False
        )
    # Monitoring's money, read from covering indexes (no table rows, no scan of every claim).
    op.create_index(
        "ix_payments_paid_on_amounts",
        "payments",
        ["paid_on", "method", "person_id", "contribution_id", "amount_pence", "reversed_pence"],
    )
    op.create_index(
        "ix_contributions_work_date_choices",
        "contributions",
        ["work_date", "status", "cancel_reason", "wanted_pence", "payment_choice", "person_id"],
    )
    connection = op.get_bind()
    _backfill(connection, connection.dialect.name, first_visits, months_of_visits)


def downgrade():
    op.drop_index("ix_contributions_work_date_choices", table_name="contributions")
    op.drop_index("ix_payments_paid_on_amounts", table_name="payments")
    op.drop_table("months_of_visits")
    op.drop_table("first_visits")
