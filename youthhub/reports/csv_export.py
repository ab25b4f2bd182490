"""The activity table as CSV, for spreadsheets and funders' returns."""

import csv
import io

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.activities.forms import AUDIENCE_NAMES, KIND_NAMES
from youthhub.activities.models import AudienceTag
from youthhub.reports.activity_table import ActivityTable, Counts

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _numbers(counts: Counts) -> list:
    return [
        counts.attended,
        counts.young_people,
        counts.professionals,
        counts.guests,
        *(counts.by_tag[tag] for tag in AudienceTag),
    ]


def activity_table_csv(table: ActivityTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
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
    )
    for month in table.months:
        label = format_date(month.first_day, "MMMM yyyy")
        for row in month.rows:
            activity = row.activity
            writer.writerow(
                [
                    label,
                    format_date(activity.starts_at, "yyyy-MM-dd"),
                    safe(activity.title),
                    KIND_NAMES[activity.kind],
                    ", ".join(str(AUDIENCE_NAMES[tag]) for tag in activity.audience),
                    *_numbers(row.counts),
                ]
            )
        writer.writerow([label, "", _("Subtotal"), "", "", *_numbers(month.subtotal)])
    writer.writerow(["", "", _("Total"), "", "", *_numbers(table.totals)])
    writer.writerow(["", "", _("Reach (different young people)"), "", "", table.reach])
    writer.writerow(["", "", _("Attendances by young people"), "", "", table.attendances])
    return out.getvalue()
