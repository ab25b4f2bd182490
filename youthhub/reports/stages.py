"""New members and movement members, worked out from who came when.

A young person is a *new member* at the sessions they come to in their first months (counted
from their first session, to the same time of day) or their first sessions, whichever ends
first — the programme's settings, e.g. three months or six sessions — and a *movement member* at
every session after that. No stage is stored: each attendance keeps where it falls in the
person's history (which of their sessions it was, and how many whole months after their first,
`activities.session_numbers`, kept with the register), and its stage is those two numbers held
against the programme's point as the table is counted. So a changed setting re-tells the whole
history, and a person is only ever one of the two at one session.

The database counts each activity's people by stage from an index, reading only the period's
attendances: no one's earlier history is read (bench/activity_table.py).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select, true

from youthhub.activities.models import Activity, Attendance
from youthhub.activities.visits import held
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


@dataclass
class Stages:
    """Who came to the activities of a period: per activity, how many as new members and as
    movement members; and reach, how many different young people came to any of them."""

    by_activity: dict[int, tuple[int, int]]
    reach: int


def _is_new(rule: StageRule):
    """Whether an attendance was a new member's: within the point's sessions and months."""
    limits = []
    if rule.sessions is not None:
        limits.append(Attendance.session_number <= rule.sessions)
    if rule.months is not None:
        limits.append(Attendance.months_since_first < rule.months)
    return and_(true(), *limits)


def _came_in(low: datetime, high: datetime):
    return (
        Attendance.attended.is_(True),
        Activity.starts_at >= low,
        Activity.starts_at < high,
        *held(),
    )


def by_activity(rule: StageRule, low: datetime, high: datetime) -> dict[int, tuple[int, int]]:
    """Each activity held from `low` until `high` that anyone came to: (new members, movement
    members). One query, whatever the period or the history."""
    counted = db.session.execute(
        select(
            Attendance.activity_id,
            func.count(),
            func.sum(case((_is_new(rule), 1), else_=0)),
        )
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(*_came_in(low, high))
        .group_by(Attendance.activity_id)
    )
    return {activity_id: (new, came - new) for activity_id, came, new in counted}


def reach(low: datetime, high: datetime) -> int:
    """How many different young people came to an activity held from `low` until `high`."""
    return db.session.scalar(
        select(func.count(Attendance.person_id.distinct()))
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(*_came_in(low, high))
    )


def attendance_by_stage(rule: StageRule, low: datetime, high: datetime) -> Stages:
    """The stages of everyone who came to an activity held from `low` until `high`, and the
    reach. Two queries, whatever the period or the history."""
    return Stages(by_activity(rule, low, high), reach(low, high))
