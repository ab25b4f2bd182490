"""endings: every young person has a planned ending (pages only read it from now on)

A young person's `Ending` used to be started the first time a page needed it, and a GET never
writes any more. This gives one to every young person who has none, as `start_ending` would:
the earlier of joining + the programme's default length and the programme's end, never in the
past.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00

"""
import calendar
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
users = sa.table("users", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)))
role_grants = sa.table("role_grants", sa.column("user_id", sa.Integer), sa.column("role", sa.String))
settings = sa.table(
    "programme_settings",
    sa.column("id", sa.Integer),
    sa.column("default_length_months", sa.Integer),
    sa.column("programme_ends_on", sa.Date),
)
endings = sa.table(
    "endings",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("planned_on", sa.Date),
    sa.column("holder_uuid", sa.String),
    sa.column("proud_of", sa.Text),
    sa.column("keep_doing", sa.Text),
    sa.column("carrying_on", sa.Text),
    sa.column("contacts_after", sa.Text),
    sa.column("message_for_members", sa.Text),
    sa.column("share_message", sa.Boolean),
    sa.column("highlight_keys_csv", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
audit = sa.table(
    "audit_entries",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("subject_type", sa.String),
    sa.column("subject_id", sa.Integer),
    sa.column("details", sa.JSON),
)


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _london_date(value) -> date:
    if isinstance(value, str):  # SQLite may hand back the stored text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # stored as naive UTC on SQLite
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LONDON).date()


def planned_ending(joined: date, today: date, months: int, programme_ends_on: date | None) -> date:
    """`endings.programme.default_ending_for`, never before today (as `start_ending` does)."""
    planned = _add_months(joined, months)
    if programme_ends_on is not None:
        planned = min(planned, max(programme_ends_on, joined))
    return max(planned, today)


def start_missing_endings(connection) -> int:
    """Give every young person without a planned ending one, with its audit entry."""
    row = connection.execute(
        sa.select(settings.c.default_length_months, settings.c.programme_ends_on).where(
            settings.c.id == 1
        )
    ).first()
    months, programme_ends_on = (row[0], row[1]) if row else (12, None)
    missing = connection.execute(
        sa.select(users.c.id, users.c.created_at)
        .join(role_grants, role_grants.c.user_id == users.c.id)
        .where(
            role_grants.c.role == "young_person",
            ~sa.exists().where(endings.c.person_id == users.c.id),
        )
    ).all()
    now = datetime.now(UTC)
    today = now.astimezone(LONDON).date()
    if connection.dialect.name == "sqlite":  # kept as naive UTC there, as the app does
        now = now.replace(tzinfo=None)
    for person_id, created_at in missing:
        planned_on = planned_ending(_london_date(created_at), today, months, programme_ends_on)
        ending_id = connection.execute(
            endings.insert()
            .values(
                person_id=person_id,
                planned_on=planned_on,
                holder_uuid=str(uuid.uuid4()),
                proud_of="",
                keep_doing="",
                carrying_on="",
                contacts_after="",
                message_for_members="",
                share_message=False,
                highlight_keys_csv="",
                created_at=now,
            )
            .returning(endings.c.id)
        ).scalar_one()
        connection.execute(
            audit.insert().values(
                at=now,
                actor_id=None,
                action="ending.planned",
                subject_type="Ending",
                subject_id=ending_id,
                details={"planned_on": planned_on.isoformat()},
            )
        )
    return len(missing)


def upgrade():
    start_missing_endings(op.get_bind())


def downgrade():
    # The endings made here cannot be told from any other: they stay.
    pass
