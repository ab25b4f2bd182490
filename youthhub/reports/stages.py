"""New members and movement members, worked out from who came when.

A young person is a *new member* at the sessions they come to in their first months (counted
from their first session) or their first sessions, whichever ends first — the programme's
settings, e.g. three months or six sessions — and a *movement member* at every session after
that. Nothing is stored: each attendance's stage comes from the person's history in one query,
so a changed setting re-tells the whole history, and a person is only ever one of the two at
one session.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, Integer, and_, case, func, literal, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from youthhub.activities.models import Activity, Attendance
from youthhub.core.time import utcnow
from youthhub.endings.programme import get_settings
from youthhub.extensions import db


@dataclass(frozen=True)
class StageRule:
    """When a new member becomes a movement member (None: that limit is not used)."""

    months: int | None
    sessions: int | None

    @classmethod
    def of_programme(cls) -> "StageRule":
        settings = get_settings()
        return cls(settings.new_member_months, settings.new_member_sessions)


def held():
    """An activity that counts as having happened: not cancelled, and started already or its
    register taken (the register opens on the day, before the activity starts)."""
    return (
        Activity.cancelled_at.is_(None),
        or_(Activity.starts_at <= utcnow(), Activity.register_taken_at.is_not(None)),
    )


class months_after(FunctionElement):
    """The same moment `months` later; a day the month lacks becomes its last day (31 January
    and one month is 28 or 29 February), alike on PostgreSQL and SQLite."""

    type = DateTime()
    inherit_cache = True

    def __init__(self, moment, months: int):
        super().__init__(moment, literal(months, Integer))


@compiles(months_after, "postgresql")
def _months_after_postgresql(element, compiler, **kw):
    moment, months = (compiler.process(clause, **kw) for clause in element.clauses)
    # In UTC whatever the session's time zone, as on SQLite.
    utc = f"({moment} AT TIME ZONE 'UTC')"
    return f"(({utc} + make_interval(0, CAST({months} AS INTEGER))) AT TIME ZONE 'UTC')"


@compiles(months_after, "sqlite")
def _months_after_sqlite(element, compiler, **kw):
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): move the date, keep the time as written.
    moment, months = (compiler.process(clause, **kw) for clause in element.clauses)
    later = f"'+' || ({months}) || ' months'"
    month_after = f"'+' || (({months}) + 1) || ' months'"
    return (
        f"(CASE WHEN strftime('%d', {moment}, {later}) = strftime('%d', {moment}) "
        f"THEN date({moment}, {later}) "
        f"ELSE date({moment}, 'start of month', {month_after}, '-1 day') END"
        f" || ' ' || substr({moment}, 12))"
    )


def _is_new_member(history, rule: StageRule):
    limits = [true()]
    if rule.sessions is not None:
        limits.append(history.c.session <= rule.sessions)
    if rule.months is not None:
        limits.append(history.c.starts_at < months_after(history.c.first_at, rule.months))
    return and_(*limits)


def stage_counts(rule: StageRule, low: datetime, high: datetime) -> dict[int, tuple[int, int]]:
    """For each activity held from `low` until `high`: how many young people came to it as
    new members and as movement members. One query, whatever the period or the history."""
    history = (
        select(
            Attendance.activity_id.label("activity_id"),
            Activity.starts_at.label("starts_at"),
            func.row_number()
            .over(partition_by=Attendance.person_id, order_by=(Activity.starts_at, Activity.id))
            .label("session"),
            func.min(Activity.starts_at).over(partition_by=Attendance.person_id).label("first_at"),
        )
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), Activity.starts_at < high, *held())
        .subquery()
    )
    new = func.sum(case((_is_new_member(history, rule), 1), else_=0))
    query = (
        select(history.c.activity_id, new, func.count())
        .where(history.c.starts_at >= low)
        .group_by(history.c.activity_id)
    )
    return {activity_id: (new, came - new) for activity_id, new, came in db.session.execute(query)}
