"""The activity table: for a period, one row per activity with how many came and who, monthly
subtotals, and the totals a funder asks for (reach: unique young people; attendances).

Built from two queries whatever the period: the activities with their attendance counts, and
the number of different young people who came. Nothing in it names a young person.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import distinct, func, select

from youthhub.activities.models import Activity, Attendance, AudienceTag
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db


@dataclass
class Counts:
    young_people: int = 0
    professionals: int = 0
    guests: int = 0
    by_tag: dict = field(default_factory=lambda: dict.fromkeys(AudienceTag, 0))

    @property
    def attended(self) -> int:
        return self.young_people + self.professionals + self.guests

    def add(self, other: "Counts") -> None:
        self.young_people += other.young_people
        self.professionals += other.professionals
        self.guests += other.guests
        for tag, number in other.by_tag.items():
            self.by_tag[tag] += number


@dataclass
class Row:
    activity: Activity
    counts: Counts


@dataclass
class Month:
    first_day: date
    rows: list[Row] = field(default_factory=list)
    subtotal: Counts = field(default_factory=Counts)


@dataclass
class ActivityTable:
    start: date
    end: date
    months: list[Month]
    totals: Counts
    reach: int

    @property
    def attendances(self) -> int:
        """Times a young person came to something (one person at three activities is three)."""
        return self.totals.young_people

    @property
    def activities(self) -> int:
        return sum(len(month.rows) for month in self.months)


def _utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    def midnight(day):
        return datetime.combine(day, time()).replace(tzinfo=LONDON).astimezone(UTC)

    return midnight(start), midnight(end + timedelta(days=1))


def _in_period(start: date, end: date):
    low, high = _utc_bounds(start, end)
    return (
        Activity.starts_at >= low,
        Activity.starts_at < high,
        Activity.starts_at <= utcnow(),
        Activity.cancelled_at.is_(None),
    )


def build(start: date, end: date) -> ActivityTable:
    """The activity table for activities that have happened between `start` and `end`
    (London dates, both included). Cancelled activities are left out."""
    came = (
        select(func.count(Attendance.id))
        .where(Attendance.activity_id == Activity.id, Attendance.attended.is_(True))
        .correlate(Activity)
        .scalar_subquery()
    )
    query = (
        select(Activity, came)
        .where(*_in_period(start, end))
        .order_by(Activity.starts_at, Activity.id)
    )
    months: dict[date, Month] = {}
    totals = Counts()
    for activity, young_people in db.session.execute(query):
        counts = Counts(young_people, activity.professionals_count, activity.guests_count)
        for tag in activity.audience:
            counts.by_tag[tag] = young_people
        first_day = activity.starts_at.astimezone(LONDON).date().replace(day=1)
        month = months.setdefault(first_day, Month(first_day))
        month.rows.append(Row(activity, counts))
        month.subtotal.add(counts)
        totals.add(counts)
    reach = db.session.scalar(
        select(func.count(distinct(Attendance.person_id)))
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), *_in_period(start, end))
    )
    return ActivityTable(start, end, list(months.values()), totals, reach)
