"""The period a monitoring page is about, and the one before it to compare with."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from youthhub.core.time import LONDON

# UK financial quarters start in April; a tax year starts on 6 April.
FIRST_QUARTER_MONTH = 4
TAX_YEAR_START = (4, 6)


def london_midnight(day: date) -> datetime:
    """The UTC instant a London day starts."""
    return datetime.combine(day, time.min, LONDON).astimezone(UTC)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def quarter_start(day: date) -> date:
    """The first day of the financial quarter (April to June, July to September, October to
    December, January to March) of `day`."""
    months_in = (day.month - FIRST_QUARTER_MONTH) % 3
    start = month_start(day)
    for _ in range(months_in):
        start = month_start(start - timedelta(days=1))
    return start


def tax_year_start(day: date) -> date:
    """The 6 April on or before `day`: UK tax years run from 6 April to 5 April."""
    this_year = date(day.year, *TAX_YEAR_START)
    return this_year if day >= this_year else date(day.year - 1, *TAX_YEAR_START)


@dataclass(frozen=True)
class Period:
    """London dates from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def previous(self) -> "Period":
        """The same number of days just before."""
        end = self.start - timedelta(days=1)
        return Period(end - (self.end - self.start), end)

    @property
    def low(self) -> datetime:
        return london_midnight(self.start)

    @property
    def high(self) -> datetime:
        """The instant just after the period (exclusive)."""
        return london_midnight(self.end + timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        months, month = [], month_start(self.start)
        while month <= self.end:
            months.append(month)
            month = next_month(month)
        return months

    def quarters(self) -> list[date]:
        """The first day of every financial quarter the period touches, in order."""
        return sorted({quarter_start(month) for month in self.months()})

    def tax_years(self) -> list[date]:
        """The 6 April starting every tax year the period touches, in order."""
        starts, year = [], tax_year_start(self.start)
        while year <= self.end:
            starts.append(year)
            year = date(year.year + 1, *TAX_YEAR_START)
        return starts


def month_edges(period: Period) -> list[date]:
    """Edges for counting by range in SQL (`core.buckets`): the period before as range 0, then
    each month of the period (its first day, or the period's) as ranges 1, 2, ..., ending the
    day after the period."""
    starts = [max(month, period.start) for month in period.months()]
    return [period.previous.start, *starts, period.end + timedelta(days=1)]
