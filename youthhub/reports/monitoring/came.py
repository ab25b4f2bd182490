"""Who came when: the monitoring's counts of young people who came, read from the visits kept
beside the register (`activities.visits`) rather than from every attendance.

Whole London months come from `months_of_visits`, grouped by month and the month each person
came before it: everyone who came in a run of months is counted once, by the row whose previous
month is before the run. A period that starts or ends part way through a month (from the 3rd,
say) counts its young people from the same rows, each month knowing the first and last day they
came in it and the last day before it (`Split.first_months`); only those days' attendances are
counted from the register, and only a period inside one month reads who came from it. Who came
for the first time, and who came back, come from `first_visits`, counted by the database between
the edges the page's rows need. A handful of queries, however long the history.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from flask import g
from sqlalchemy import and_, case, func, or_, select

from youthhub.activities.models import Activity, Attendance, FirstVisit, MonthOfVisits
from youthhub.activities.visits import RETURN_WITHIN_MONTHS
from youthhub.core.buckets import side_by_side
from youthhub.core.time import LONDON, add_months, utcnow
from youthhub.extensions import db
from youthhub.reports.monitoring.buckets import slice_of
from youthhub.reports.monitoring.period import london_midnight, month_start, next_month
from youthhub.reports.stages import held


def _day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


@dataclass(frozen=True)
class Split:
    """London days from `start` until `after` as whole months [`first_month`, `after_months`)
    and the instants before and after them that do not fill a month (`partial`); or, for days
    within one month not from its first, those days alone (`in_one_month`)."""

    start: date
    after: date
    first_month: date
    after_months: date
    partial: tuple[tuple[datetime, datetime], ...]
    in_one_month: bool = False

    @classmethod
    def of(cls, low: datetime, high: datetime) -> "Split":
        start, after = _day(low), _day(high)
        first = start if start.day == 1 else next_month(start)
        last = month_start(after)
        if first > last:  # within one month, not from its first day
            return cls(start, after, first, first, ((low, high),), in_one_month=True)
        partial = []
        if start < first:
            partial.append((low, london_midnight(first)))
        if last < after:
            partial.append((london_midnight(last), high))
        return cls(start, after, first, last, tuple(partial))

    def in_months(self, column):
        return and_(column >= self.first_month, column < self.after_months)

    def first_months(self):
        """The `months_of_visits` rows that are each young person's first month in these days
        (not for days within one month): a month in the whole months whose day before is
        before the start; the month the days start part way through, if they came on or after
        the start; the month they end part way through, if they came before the end and not
        since the start before it."""
        months = MonthOfVisits
        before = or_(months.previous_on.is_(None), months.previous_on < self.start)
        ways = [and_(self.in_months(months.month), before)]
        if self.start < self.first_month:
            ways.append(and_(months.month == month_start(self.start), months.last_on >= self.start))
        # One range of the index, however many ways: the months the days touch.
        last_month = months.month < self.after_months
        if self.after_months < self.after:  # the days end part way through a month
            ways.append(
                and_(months.month == self.after_months, months.first_on < self.after, before)
            )
            last_month = months.month <= self.after_months
        return and_(months.month >= month_start(self.start), last_month, or_(*ways))


def _register_in(split: Split):
    """The attendances at held activities in the split's days that do not fill a month."""
    in_days = or_(
        *(and_(Activity.starts_at >= low, Activity.starts_at < high) for low, high in split.partial)
    )
    return (
        select()
        .select_from(Attendance)
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), *held(), in_days)
    )


@dataclass
class Came:
    """Who came from `low` until `high`: the months' grouped counts and everyone who first came,
    read once; days that do not fill a month asked as needed (who came of the months' first and
    last days, their attendances of the register)."""

    now: datetime
    months: list[tuple[date, date | None, int, int]]  # month, month before, people, attendances
    edges: list[datetime]  # the instants the page's rows start and end at, in order
    # Between each two edges: who first came, came back, whose three months are over, and came
    # back of those.
    firsts: list[tuple[int, int, int, int]]
    unnamed: list[tuple[datetime, int]]  # held activities' headcounts without names, in order
    _partial: dict = field(default_factory=dict)

    def _with_partial_days(self, split: Split) -> tuple[int, int]:
        """(attendances in the days that do not fill a month, young people in all the days),
        in one statement."""
        if split not in self._partial:
            attendances = _register_in(split).add_columns(func.count().label("attendances"))
            if split.in_one_month:
                query = attendances.add_columns(func.count(func.distinct(Attendance.person_id)))
            else:
                people = select(func.count().label("people")).where(split.first_months())
                query = side_by_side([attendances.subquery(), people.subquery()])
            self._partial[split] = tuple(db.session.execute(query).one())
        return self._partial[split]

    def counts_between(self, low: datetime, high: datetime) -> tuple[int, int]:
        """(young people who came, their attendances) from `low` until `high`."""
        split = Split.of(low, high)
        people = attendances = 0
        for month, before, number, attended in self.months:
            if split.first_month <= month < split.after_months:
                attendances += attended
                if before is None or before < split.first_month:
                    people += number
        if not split.partial:
            return people, attendances
        partial_attendances, everyone = self._with_partial_days(split)
        return everyone, attendances + partial_attendances

    def _firsts(self, low: datetime, high: datetime) -> tuple[int, int, int, int]:
        begin, end = self.edges.index(low), self.edges.index(high)
        totals = [0, 0, 0, 0]
        for counts in self.firsts[begin:end]:
            totals = [total + number for total, number in zip(totals, counts, strict=True)]
        return tuple(totals)

    def new_between(self, low: datetime, high: datetime) -> int:
        """How many came for the first time ever from `low` until `high` (two edges)."""
        return self._firsts(low, high)[0]

    def cohort_between(self, low: datetime, high: datetime) -> tuple[int, int]:
        """(came for the first time, came back within three months) from `low` until `high`."""
        return self._firsts(low, high)[:2]

    def over_between(self, low: datetime, high: datetime) -> tuple[int, int]:
        """The same, of those whose three months are over."""
        return self._firsts(low, high)[2:]

    def people_query(self, low: datetime, high: datetime):
        """A query of who came from `low` until `high`, each id once (equality monitoring
        counts their answers in the database)."""
        split = Split.of(low, high)
        if split.in_one_month:
            return _register_in(split).add_columns(Attendance.person_id).distinct()
        return select(MonthOfVisits.person_id).where(split.first_months())

    def unnamed_between(self, low: datetime, high: datetime) -> int:
        begin, end = bisect_left(self.unnamed, (low,)), bisect_left(self.unnamed, (high,))
        return sum(number for _, number in self.unnamed[begin:end])


def _firsts(edges: list[datetime], high: datetime, now: datetime) -> list[tuple]:
    """Between each two edges: (who first came, came back before `high`, whose three months
    are over by `now`, came back of those), one grouped query."""
    slices = list(pairwise(edges))
    came_back = and_(
        FirstVisit.next_at.is_not(None),
        FirstVisit.next_at <= FirstVisit.back_by,
        FirstVisit.next_at < high,
    )
    over = FirstVisit.back_by <= now
    each = (
        select(
            slice_of(FirstVisit.first_at, slices).label("slice"),
            case((came_back, 1), else_=0).label("back"),
            case((over, 1), else_=0).label("over"),
            case((and_(over, came_back), 1), else_=0).label("back_over"),
        )
        .where(FirstVisit.first_at >= edges[0], FirstVisit.first_at < edges[-1])
        .subquery()
    )
    found = {
        row[0]: tuple(int(value) for value in row[1:])
        for row in db.session.execute(
            select(
                each.c.slice,
                func.count(),
                func.sum(each.c.back),
                func.sum(each.c.over),
                func.sum(each.c.back_over),
            ).group_by(each.c.slice)
        )
    }
    return [found.get(index, (0, 0, 0, 0)) for index in range(len(slices))]


def load(
    low: datetime, high: datetime, edges: list[datetime] | None = None, now: datetime | None = None
) -> Came:
    """Who came between `edges` (London midnights; by default `low` and `high`), counting
    sessions until `high` as coming back."""
    now = now or utcnow()
    edges = sorted(set(edges) if edges else {low, high})
    first, last = edges[0], edges[-1]
    months = db.session.execute(
        select(
            MonthOfVisits.month,
            MonthOfVisits.previous_month,
            func.count(),
            func.sum(MonthOfVisits.attendances),
        )
        .where(MonthOfVisits.month >= month_start(_day(first)), MonthOfVisits.month < _day(last))
        .group_by(MonthOfVisits.month, MonthOfVisits.previous_month)
    ).all()
    unnamed = db.session.execute(
        select(Activity.starts_at, Activity.unnamed_young_people)
        .where(
            *held(),
            Activity.unnamed_young_people > 0,
            Activity.starts_at >= first,
            Activity.starts_at < last,
        )
        .order_by(Activity.starts_at)
    ).all()
    return Came(
        now,
        [(month, before, number, int(attended or 0)) for month, before, number, attended in months],
        edges,
        _firsts(edges, high, now),
        [tuple(row) for row in unnamed],
    )


def _edges(period) -> set[datetime]:
    """Where the page's rows start and end: each month and quarter (and the month after the
    last, for who came back), the period and the one before."""
    months = period.months()
    days = {*months, next_month(months[-1]), *period.quarters()}
    return {london_midnight(day) for day in days} | {period.previous.low, period.low, period.high}


def for_period(period) -> Came:
    """Who came in `period` and the one before it, with the three months after it to see who
    came back: read once per request however many sections ask."""
    read = g.setdefault("monitoring_came", {})
    if period not in read:
        after = london_midnight(add_months(period.end, RETURN_WITHIN_MONTHS) + timedelta(days=1))
        high = max(min(utcnow(), after), period.high)
        read[period] = load(period.previous.low, high, sorted(_edges(period)))
    return read[period]


def who_came(period, low: datetime, high: datetime):
    """A query of the young people known by name who came from `low` until `high` (within
    `period`'s reach: it and the one before), each id once."""
    return for_period(period).people_query(low, high)
