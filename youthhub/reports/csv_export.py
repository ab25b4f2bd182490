"""The activity table as CSV rows, for spreadsheets and funders' returns: the detailed table,
and the shape of a programme's own table (month, activity, attended, who attended). Every cell
is made safe for spreadsheets by `core.csv` when the rows are written out. The rows are read from
the database as they are written (`activity_table.rows`), so five years cost no more memory than
one."""

from collections.abc import Iterator
from datetime import timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.core.time import LONDON
from youthhub.reports.activity_table import ActivityTable, Counts, Month, Row, rows
from youthhub.reports.labels import who_attended_text


def reach_note() -> str:
    return _("Reach counts young people we know by name.")


def _numbers(counts: Counts) -> list:
    return [
        counts.attended,
        counts.young_people,
        counts.new_members,
        counts.movement_members,
        counts.unnamed,
        counts.professionals,
        counts.guests,
    ]


def _heading() -> list:
    return [
        _("Month"),
        _("Date"),
        _("Activity"),
        _("Kind"),
        _("Who it was for"),
        _("Attended"),
        _("Young people"),
        _("New members"),
        _("Movement members"),
        _("Young people without names"),
        _("Professionals"),
        _("Guests"),
        _("Who attended"),
    ]


def _totals(table: ActivityTable, blanks: list) -> Iterator[list]:
    yield [*blanks, _("Reach (different young people)"), "", "", table.reach]
    yield [*blanks, _("Attendances by young people"), "", "", table.attendances]
    yield [*blanks, reach_note()]


def _by_month(table: ActivityTable) -> Iterator[tuple[Month, str, list[Row] | None]]:
    """Each row with its month and the month's label; after a month's last row, the month
    again with None, where its subtotal goes."""
    months = iter(table.months)
    month = label = None
    for row in rows(table):
        while month is None or row.activity.starts_at.astimezone(LONDON).date() >= _next(month):
            if month is not None:
                yield month, label, None
            month = next(months)
            label = format_date(month.first_day, "MMMM yyyy")
        yield month, label, row
    if month is not None:
        yield month, label, None


def _next(month: Month):
    return (month.first_day + timedelta(days=31)).replace(day=1)


def activity_table_rows(table: ActivityTable) -> Iterator[list]:
    """The heading, a row per activity with each month's subtotal, then the totals."""
    yield _heading()
    for month, label, row in _by_month(table):
        if row is None:
            yield [label, "", _("Subtotal"), "", "", *_numbers(month.subtotal)]
            continue
        activity = row.activity
        yield [
            label,
            format_date(activity.starts_at, "yyyy-MM-dd"),
            activity.title,
            KIND_NAMES[activity.kind],
            ", ".join(str(AUDIENCE_NAMES[tag]) for tag in activity.audience),
            *_numbers(row.counts),
            who_attended_text(row),
        ]
    yield ["", "", _("Total"), "", "", *_numbers(table.totals)]
    yield from _totals(table, ["", ""])


def summary_rows(table: ActivityTable) -> Iterator[list]:
    """A programme's own shape: month, activity, attended, who attended; then the total."""
    yield [_("Month"), _("Activity"), _("Attended"), _("Who attended")]
    for _month, label, row in _by_month(table):
        if row is not None:
            yield [label, row.activity.title, row.counts.attended, who_attended_text(row)]
    yield ["", _("Total"), table.totals.attended, ""]
    yield ["", _("Reach (different young people)"), table.reach]
    yield ["", _("Attendances by young people"), table.attendances]
    yield ["", reach_note()]
