"""Who came when: the attendances the monitoring counts, read once per page.

Two narrow queries whatever the period: every held activity's start (and its headcount of young
people without a name), and every attendance as two whole numbers read straight from the driver,
as `reports.stages` does. Reading all of them costs less than asking the database to join each
to its activity (several times less on SQLite), and the whole history is needed anyway to know
when each young person first came. The counting is one pass in Python.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g
from sqlalchemy import select

from youthhub.activities.models import Activity, Attendance
from youthhub.core.time import utcnow
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.reports.monitoring.period import london_midnight
from youthhub.reports.stages import held

# Someone who first came is counted as coming back if they came again within this many months.
RETURN_WITHIN_MONTHS = 3


@dataclass(frozen=True)
class Came:
    """Who came to the held activities from `low` until `high`, and when everyone first came."""

    first: dict[int, datetime]  # each young person who ever came: their first session
    firsts: list[tuple[datetime, int]]  # the same, in order of that first session
    starts: list[datetime]  # the window's activities' starts, in order
    people: list[list[int]]  # who came to each of those activities
    unnamed: list[int]  # each of those activities' young people counted without a name
    sessions: dict[int, list[datetime]]  # each young person: when they came in the window

    def _between(self, low: datetime, high: datetime) -> range:
        return range(bisect_left(self.starts, low), bisect_left(self.starts, high))

    def people_between(self, low: datetime, high: datetime) -> set[int]:
        return {person for n in self._between(low, high) for person in self.people[n]}

    def attendances_between(self, low: datetime, high: datetime) -> int:
        return sum(len(self.people[n]) for n in self._between(low, high))

    def unnamed_between(self, low: datetime, high: datetime) -> int:
        return sum(self.unnamed[n] for n in self._between(low, high))

    def new_between(self, low: datetime, high: datetime) -> set[int]:
        """Who came for the first time ever from `low` until `high`."""
        begin = bisect_left(self.firsts, (low,))
        end = bisect_left(self.firsts, (high,))
        return {person for _, person in self.firsts[begin:end]}


def _attendances() -> list[tuple[int, int]]:
    result = db.session.connection().execute(
        select(Attendance.person_id, Attendance.activity_id).where(Attendance.attended.is_(True))
    )
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def load(low: datetime, high: datetime) -> Came:
    activities = db.session.execute(
        select(Activity.id, Activity.starts_at, Activity.unnamed_young_people)
        .where(*held())
        .order_by(Activity.starts_at, Activity.id)
    ).all()
    # Whole numbers compare faster than aware datetimes: an activity is its place in time order.
    rank = {row.id: n for n, row in enumerate(activities)}
    window = range(
        bisect_left([row.starts_at for row in activities], low),
        bisect_left([row.starts_at for row in activities], high),
    )
    people = [[] for _ in window]
    earliest: dict[int, int] = {}
    for person, activity in _attendances():
        n = rank.get(activity)
        if n is None:  # cancelled, or not happened yet
            continue
        if earliest.get(person, n + 1) > n:
            earliest[person] = n
        if window.start <= n < window.stop:
            people[n - window.start].append(person)
    first = {person: activities[n].starts_at for person, n in earliest.items()}
    sessions = defaultdict(list)
    for offset, who in enumerate(people):  # in time order, so each history comes out sorted
        for person in who:
            sessions[person].append(activities[window.start + offset].starts_at)
    return Came(
        first,
        sorted((when, person) for person, when in first.items()),
        [activities[n].starts_at for n in window],
        people,
        [activities[n].unnamed_young_people for n in window],
        dict(sessions),
    )


def for_period(period) -> Came:
    """Who came in `period`, in the one before it, and in the three months after it (to see
    who came back): read once per request however many sections ask."""
    read = g.setdefault("monitoring_came", {})
    if period not in read:
        after = london_midnight(add_months(period.end, RETURN_WITHIN_MONTHS) + timedelta(days=1))
        read[period] = load(period.previous.low, max(min(utcnow(), after), period.high))
    return read[period]


def people_who_came(period, low: datetime, high: datetime) -> set[int]:
    """The young people known by name who came from `low` until `high` (within `period`'s
    reach: it, the one before, and three months after)."""
    return for_period(period).people_between(low, high)
