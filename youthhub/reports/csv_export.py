"""The activity table as CSV rows, for spreadsheets and funders' returns: the detailed table,
and the shape of a programme's own table (month, activity, attended, who attended). Every cell
is made safe for spreadsheets by `core.csv` when the rows are written out."""

from collections.abc import Iterator

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.reports.activity_table import ActivityTable, Counts
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


def activity_table_rows(table: ActivityTable) -> Iterator[list]:
    """The heading, a row per activity with each month's subtotal, then the totals."""
    yield _heading()
    for month in table.months:
        label = format_date(month.first_day, "MMMM yyyy")
        for row in month.rows:
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
        yield [label, "", _("Subtotal"), "", "", *_numbers(month.subtotal)]
    yield ["", "", _("Total"), "", "", *_numbers(table.totals)]
    yield from _totals(table, ["", ""])


def summary_rows(table: ActivityTable) -> Iterator[list]:
    """A programme's own shape: month, activity, attended, who attended; then the total."""
    yield [_("Month"), _("Activity"), _("Attended"), _("Who attended")]
    for month in table.months:
        label = format_date(month.first_day, "MMMM yyyy")
        for row in month.rows:
            yield [label, row.activity.title, row.counts.attended, who_attended_text(row)]
    yield ["", _("Total"), table.totals.attended, ""]
    yield ["", _("Reach (different young people)"), table.reach]
    yield ["", _("Attendances by young people"), table.attendances]
    yield ["", reach_note()]
