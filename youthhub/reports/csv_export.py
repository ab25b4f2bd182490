"""The activity table as CSV rows, for spreadsheets and funders' returns. Every cell is made
safe for spreadsheets by `core.csv` when the rows are written out."""

from collections.abc import Iterator

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.activities.models import AudienceTag
from youthhub.reports.activity_table import ActivityTable, Counts


def _numbers(counts: Counts) -> list:
    return [
        counts.attended,
        counts.young_people,
        counts.professionals,
        counts.guests,
        *(counts.by_tag[tag] for tag in AudienceTag),
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
        _("Professionals"),
        _("Guests"),
        *(AUDIENCE_NAMES[tag] for tag in AudienceTag),
    ]


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
            ]
        yield [label, "", _("Subtotal"), "", "", *_numbers(month.subtotal)]
    yield ["", "", _("Total"), "", "", *_numbers(table.totals)]
    yield ["", "", _("Reach (different young people)"), "", "", table.reach]
    yield ["", "", _("Attendances by young people"), "", "", table.attendances]
