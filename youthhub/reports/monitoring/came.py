"""Who came when: the attendances a monitoring section counts, read once per page.

Three narrow queries whatever the period: the held activities of the window (with their
headcounts of young people without a name), who came to which (whole numbers read straight from
the driver, as `reports.stages` does), and when each young person first came at all.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from youthhub.activities.models import Activity, Attendance
from youthhub.extensions import db
from youthhub.reports.stages import held


@dataclass(frozen=True)
class Came:
    """Attendances from `low` until `high`."""

    first: dict[int, datetime]  # each young person who came: their first session ever
    sessions: dict[int, list[datetime]]  # each young person: when they came, in order
    headcounts: list[tuple[datetime, int]]  # held activities with young people counted unnamed

    def people_between(self, low: datetime, high: datetime) -> set[int]:
        return {person for person, starts in self.sessions.items() if _count(starts, low, high)}

    def attendances_between(self, low: datetime, high: datetime) -> int:
        return sum(_count(starts, low, high) for starts in self.sessions.values())

    def unnamed_between(self, low: datetime, high: datetime) -> int:
        return sum(number for starts_at, number in self.headcounts if low <= starts_at < high)

    def new_between(self, low: datetime, high: datetime) -> set[int]:
        """Who came for the first time ever in the window."""
        return {person for person, first in self.first.items() if low <= first < high}


def _count(starts: list[datetime], low: datetime, high: datetime) -> int:
    """How many of the sorted `starts` fall from `low` until `high`."""
    return bisect_left(starts, high) - bisect_left(starts, low)


def load(low: datetime, high: datetime) -> Came:
    activities = db.session.execute(
        select(Activity.id, Activity.starts_at, Activity.unnamed_young_people).where(
            Activity.starts_at >= low, Activity.starts_at < high, *held()
        )
    ).all()
    starts = {row.id: row.starts_at for row in activities}
    came = (
        select(Attendance.person_id, Attendance.activity_id)
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), Activity.starts_at >= low, Activity.starts_at < high)
    )
    result = db.session.connection().execute(came)
    try:
        pairs = result.cursor.fetchall()
    finally:
        result.close()
    sessions = defaultdict(list)
    for person_id, activity_id in pairs:
        if activity_id in starts:
            sessions[person_id].append(starts[activity_id])
    for history in sessions.values():
        history.sort()
    first = dict(
        db.session.execute(
            select(Attendance.person_id, func.min(Activity.starts_at))
            .join(Activity, Activity.id == Attendance.activity_id)
            .where(Attendance.attended.is_(True), *held())
            .group_by(Attendance.person_id)
        ).all()
    )
    headcounts = [
        (row.starts_at, row.unnamed_young_people) for row in activities if row.unnamed_young_people
    ]
    return Came(first, dict(sessions), headcounts)


def people_who_came(low: datetime, high: datetime) -> set[int]:
    """The young people known by name who came from `low` until `high`: the same people as
    `load(...).people_between(low, high)`, in one narrow query, for a section that needs only
    who came (not when or how often)."""
    return set(
        db.session.scalars(
            select(Attendance.person_id)
            .distinct()
            .join(Activity, Activity.id == Attendance.activity_id)
            .where(
                Attendance.attended.is_(True),
                Activity.starts_at >= low,
                Activity.starts_at < high,
                *held(),
            )
        )
    )
