"""The board's report: a PDF (A4, English or Welsh) of a period's monitoring, for a partnership
board's table. Headline figures, the charts, celebration moments, young people's own words (only
messages they chose to share with future members, without names) and the activity table in the
shape of a programme's appendix — every count of young people hidden by the shared rule."""

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale, format_date

from youthhub.core.garbage import full_collections_held
from youthhub.core.i18n import locale_for
from youthhub.core.pdf import render_pdf
from youthhub.core.small_numbers import HIDDEN, Cell, count, parts_of
from youthhub.core.time import london_today
from youthhub.endings import queries as ending_queries
from youthhub.reports import activity_table
from youthhub.reports.activity_table import Counts, who_attended
from youthhub.reports.labels import who_attended_words
from youthhub.reports.monitoring import drawing, sections
from youthhub.reports.monitoring.period import Period

MESSAGES_SHOWN = 12


@dataclass(frozen=True)
class AppendixRow:
    title: str
    sessions: int
    attended: Cell
    who: str


@dataclass(frozen=True)
class AppendixMonth:
    label: str
    rows: list[AppendixRow]
    subtotal: Cell


def _sessions_of_each(month) -> list[tuple[str, int, Counts, str]]:
    """A month's activities with one title (a weekly session, say) as one line: its title, how
    many sessions, everyone who came to them, and who attended in a programme's words."""
    grouped: dict[tuple, list] = {}
    for row in month.rows:
        activity = row.activity
        key = (activity.title, activity.is_online, activity.stated_who_attended)
        line = grouped.setdefault(key, [0, Counts()])
        line[0] += 1
        line[1].add(row.counts)
    return [
        (title, sessions, counts, stated or who_attended_words(who_attended(counts, online=online)))
        for (title, online, stated), (sessions, counts) in grouped.items()
    ]


def appendix(period: Period, limit: int) -> tuple[list[AppendixMonth], Cell]:
    """Month, activity, attended, who attended, as a programme's appendix has them, with each
    month's sessions of one activity on one line (a board reads a year on a few pages; the
    activity table's CSV keeps every session). An attendance that is small is hidden, with
    another beside it where a subtotal would give it away."""
    table = activity_table.build(period.start, period.end)
    total, subtotals = parts_of(
        table.totals.attended, [month.subtotal.attended for month in table.months], limit
    )
    months = []
    for month, subtotal in zip(table.months, subtotals, strict=True):
        lines = _sessions_of_each(month)
        _, cells = parts_of(
            month.subtotal.attended, [counts.attended for _, _, counts, _ in lines], limit
        )
        if not subtotal.shown:
            cells = [Cell(None, HIDDEN) if cell.shown else cell for cell in cells]
        rows = [
            AppendixRow(title, sessions, cell, who)
            for (title, sessions, _, who), cell in zip(lines, cells, strict=True)
        ]
        months.append(AppendixMonth(format_date(month.first_day, "MMMM yyyy"), rows, subtotal))
    return months, total


def board_pdf(period: Period, limit: int, *, language: str) -> bytes:
    # A year's sections and appendix, then WeasyPrint's boxes, all live until the file is
    # written: Python's full sweeps of the heap wait until then (`core/garbage.py`).
    with full_collections_held(), force_locale(locale_for(language)):
        months, total = appendix(period, limit)
        built = sections.build(period, limit)
        html = render_template(
            "reports/print/board.html",
            lang=locale_for(language).replace("_", "-"),
            programme_name=current_app.config["PROGRAMME_NAME"],
            period=period,
            threshold=limit,
            sections=built,
            drawings={
                table.key: drawing.draw(table.chart)
                for section in built
                for table in section.tables
                if table.chart
            },
            graduations=[
                (day, title, count(number, limit))
                for day, title, number in ending_queries.graduations_between(
                    period.start, period.end
                )
            ],
            messages=ending_queries.shared_messages_between(
                period.low, period.high, limit=MESSAGES_SHOWN
            ),
            appendix=months,
            appendix_total=total,
            made_on=london_today(),
        )
        return render_pdf(html)
