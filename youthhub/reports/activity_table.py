"""The activity table: for a period, one row per activity with how many came and who, monthly
subtotals, and the totals a funder asks for (reach: different young people we know by name;
attendances).

Every person who came is counted once, in exactly one column: young people as new members or
movement members (their stage at that session, `reports/stages.py`) or as young people whose
names were not taken (a headcount), then professionals and guests. So a row's columns add up to
how many attended, and subtotals and totals add up the rows.

Built from three queries whatever the period: the programme's settings, the activities' numbers,
and the one that counts each activity's people by stage from the period's attendances alone
(`stages.by_activity`); a fourth counts the reach when it is first read (the board's appendix
never reads it: its report has the reach from the visits kept beside the register), and a fifth
reads the rows asked for (a month's on screen, or every row streamed a few hundred at a time for
the CSV, `rows`). Nothing in it names a young person.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from sqlalchemy import select

from youthhub.activities.models import Activity
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.reports import stages as stage_counts
from youthhub.reports.stages import StageRule, held

EVERY_MONTH = "every month"  # `build(rows_of=...)`: keep every month's rows
ROWS_AT_A_TIME = 500  # how many activities the streamed rows read from the database at once


class WhoAttended(StrEnum):
    """The words of a programme's own activity table for who came to a row."""

    NEW_MEMBERS = "new_members"
    MOVEMENT_MEMBERS = "movement_members"
    NEW_AND_OLD_MEMBERS = "new_and_old_members"
    YOUNG_PEOPLE = "young_people"  # only young people whose names were not taken
    PROFESSIONALS = "professionals"
    ONLINE = "online"


@dataclass
class Counts:
    """Everyone who came, each in one column."""

    new_members: int = 0
    movement_members: int = 0
    unnamed: int = 0  # young people whose names were not taken: a headcount
    professionals: int = 0
    guests: int = 0

    @property
    def young_people(self) -> int:
        return self.new_members + self.movement_members + self.unnamed

    @property
    def attended(self) -> int:
        return self.young_people + self.professionals + self.guests

    def add(self, other: "Counts") -> None:
        self.new_members += other.new_members
        self.movement_members += other.movement_members
        self.unnamed += other.unnamed
        self.professionals += other.professionals
        self.guests += other.guests


def who_attended(counts: Counts, *, online: bool) -> tuple[WhoAttended, ...]:
    """A row's who-attended words: its young people's stages, then professionals and the
    online format added, as a programme's table writes them."""
    if counts.new_members and counts.movement_members:
        words = [WhoAttended.NEW_AND_OLD_MEMBERS]
    elif counts.new_members:
        words = [WhoAttended.NEW_MEMBERS]
    elif counts.movement_members:
        words = [WhoAttended.MOVEMENT_MEMBERS]
    else:
        words = [WhoAttended.YOUNG_PEOPLE] if counts.unnamed else []
    if counts.professionals:
        words.append(WhoAttended.PROFESSIONALS)
    if online:
        words.append(WhoAttended.ONLINE)
    return tuple(words)


@dataclass
class Row:
    activity: Activity
    counts: Counts

    @property
    def who_attended(self) -> tuple[WhoAttended, ...]:
        return who_attended(self.counts, online=self.activity.is_online)


@dataclass
class Month:
    first_day: date
    # The month's rows, when they were asked for (None: only its subtotal is known).
    rows: list[Row] | None = None
    subtotal: Counts = field(default_factory=Counts)
    activities: int = 0


@dataclass
class ActivityTable:
    start: date
    end: date
    months: list[Month]
    totals: Counts
    # Each activity's young people by stage: (new members, movement members).
    stages: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    @cached_property
    def reach(self) -> int:
        """Different young people who came (known by name), counted when first read."""
        return stage_counts.reach(*utc_bounds(self.start, self.end))

    @property
    def attendances(self) -> int:
        """Times a young person came to something (one person at three activities is three;
        young people whose names were not taken are attendances too)."""
        return self.totals.young_people

    @property
    def activities(self) -> int:
        return sum(month.activities for month in self.months)

    def month(self, first_day: date | None) -> Month | None:
        return next((month for month in self.months if month.first_day == first_day), None)


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From London midnight at the start of `start` to the one after `end`, in UTC."""

    def midnight(day):
        return datetime.combine(day, time()).replace(tzinfo=LONDON).astimezone(UTC)

    return midnight(start), midnight(end + timedelta(days=1))


def _in_period(low: datetime, high: datetime):
    return (Activity.starts_at >= low, Activity.starts_at < high, *held())


def _counts(activity, stages: dict[int, tuple[int, int]]) -> Counts:
    new, movement = stages.get(activity.id, (0, 0))
    return Counts(
        new_members=new,
        movement_members=movement,
        unnamed=activity.unnamed_young_people,
        professionals=activity.professionals_count,
        guests=activity.guests_count,
    )


def _first_day(starts_at: datetime) -> date:
    return starts_at.astimezone(LONDON).date().replace(day=1)


def build(start: date, end: date, *, rows_of: date | str | None = EVERY_MONTH) -> ActivityTable:
    """The activity table for activities held between `start` and `end` (London dates, both
    included), with every month's subtotal; and the rows of the month `rows_of` (its first
    day), of every month (`EVERY_MONTH`), or of none (None; `rows` streams them). Cancelled
    activities are left out."""
    low, high = utc_bounds(start, end)
    stages = stage_counts.by_activity(StageRule.of_programme(), low, high)
    # Only the numbers: a long period has thousands of activities, and a month's subtotal needs
    # nothing else.
    numbers = db.session.execute(
        select(
            Activity.id,
            Activity.starts_at,
            Activity.unnamed_young_people,
            Activity.professionals_count,
            Activity.guests_count,
        )
        .where(*_in_period(low, high))
        .order_by(Activity.starts_at, Activity.id)
    )
    months: dict[date, Month] = {}
    totals = Counts()
    for activity in numbers:
        counts = _counts(activity, stages)
        first_day = _first_day(activity.starts_at)
        month = months.setdefault(first_day, Month(first_day))
        month.subtotal.add(counts)
        month.activities += 1
        totals.add(counts)
    table = ActivityTable(start, end, list(months.values()), totals, stages)
    if rows_of == EVERY_MONTH:
        for month in table.months:
            month.rows = []
        for row in rows(table):
            table.month(_first_day(row.activity.starts_at)).rows.append(row)
    elif (month := table.month(rows_of)) is not None:
        month.rows = list(rows(table, month.first_day))
    return table


def _month_bounds(table: ActivityTable, first_day: date) -> tuple[date, date]:
    """The days of the month starting `first_day` that are in the table's period."""
    next_month = (first_day + timedelta(days=31)).replace(day=1)
    return max(first_day, table.start), min(next_month - timedelta(days=1), table.end)


def rows(table: ActivityTable, month: date | None = None) -> Iterator[Row]:
    """The table's rows in order (or only those of the month starting `month`), read from the
    database a few hundred at a time: a CSV of years is written as it is read, and never held."""
    low, high = utc_bounds(*(_month_bounds(table, month) if month else (table.start, table.end)))
    activities = db.session.scalars(
        select(Activity)
        .where(*_in_period(low, high))
        .order_by(Activity.starts_at, Activity.id)
        .execution_options(yield_per=ROWS_AT_A_TIME)
    )
    for activity in activities:
        yield Row(activity, _counts(activity, table.stages))
