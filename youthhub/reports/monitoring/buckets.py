"""Counting in the database by time slices: each row is put in its slice by one CASE, so a
section asks for every month (or tax year) and the period before in one grouped query."""

from datetime import date, timedelta

from sqlalchemy import and_, case

from youthhub.reports.monitoring.period import Period, london_midnight, next_month


def slice_of(column, edges: list[tuple]) -> object:
    """A SQL expression giving the index of the slice in `edges` ((low, high), high excluded,
    not overlapping) that `column` falls in, or NULL."""
    return case(
        *((and_(column >= low, column < high), index) for index, (low, high) in enumerate(edges)),
        else_=None,
    )


def month_days(period: Period) -> list[tuple[date, date]]:
    """Each month the period touches, cut to the period: (first day, day after the last)."""
    edges = []
    for month in period.months():
        start = max(month, period.start)
        after = min(next_month(month), period.end + timedelta(days=1))
        edges.append((start, after))
    return edges


def instants(days: list[tuple[date, date]]) -> list[tuple]:
    """London days as UTC instants (for columns holding a moment)."""
    return [(london_midnight(low), london_midnight(high)) for low, high in days]


def with_before(period: Period, days: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """`days`, then the whole period before as the last slice."""
    previous = period.previous
    return [*days, (previous.start, previous.end + timedelta(days=1))]
