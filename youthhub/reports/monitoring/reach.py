"""Reach and attendances: how many young people came (known by name), how often, how many came
for the first time, and how many of those came back."""

from datetime import timedelta

from flask_babel import format_date, format_percent
from flask_babel import gettext as _

from youthhub.activities.visits import back_by
from youthhub.core.small_numbers import count, hidden_with, parts_of
from youthhub.reports.monitoring import came as came_module
from youthhub.reports.monitoring.figures import Bar, Chart, Figure, Section, Table
from youthhub.reports.monitoring.period import Period, london_midnight, next_month

NO_SHARE = "\N{EN DASH}"  # nobody first came that month


def _row(came, low, high, limit):
    """Reach split into new and returning, and attendances (hidden with a hidden reach)."""
    people, attendances = came.counts_between(low, high)
    new = came.new_between(low, high)
    reach, (new_cell, returning) = parts_of(people, (new, people - new), limit)
    named = hidden_with(reach, attendances)
    return reach, new_cell, returning, named, count(came.unnamed_between(low, high), limit)


def _retention(cohort, limit):
    """(first came, came back, share who came back) for a group of young people who came for
    the first time: (how many, how many came back)."""
    people, back = cohort
    total, (back_cell, _gone) = parts_of(people, (back, people - back), limit)
    share = hidden_with(back_cell, format_percent(back / people) if people else NO_SHARE)
    return total, back_cell, share


def _period_retention(came, period, limit):
    """The share who came back, of those who first came in the period and whose three months
    are over."""
    over = came.over_between(period.low, period.high)
    return _retention(over, limit)[2] if over[0] else _("not known yet")


def _month_label(month) -> str:
    return format_date(month, "MMM yyyy")


def _quarter_label(quarter) -> str:
    last = next_month(next_month(quarter))
    return _("%(first)s to %(last)s", first=format_date(quarter, "MMM"), last=_month_label(last))


def _bucket_rows(came, starts, end, label, limit):
    rows = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else end
        low, high = london_midnight(start), london_midnight(stop)
        rows.append((label(start), *_row(came, low, high, limit)))
    return rows


def _headings():
    return (
        _("Month"),
        _("Young people who came (known by name)"),
        _("Came for the first time"),
        _("Came before"),
        _("Attendances of young people known by name"),
        _("Young people counted without a name"),
    )


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    came = came_module.for_period(period)
    this, before = (
        _row(came, period.low, period.high, limit),
        _row(came, previous.low, previous.high, limit),
    )
    figures = (
        Figure(_("Young people who came (known by name)"), this[0], before[0]),
        Figure(_("Came for the first time"), this[1], before[1]),
        Figure(_("Came before"), this[2], before[2]),
        Figure(_("Attendances of young people known by name"), this[3], before[3]),
        Figure(_("Young people counted without a name"), this[4], before[4]),
        Figure(
            _("Of those who came for the first time, came back within three months"),
            _period_retention(came, period, limit),
            _period_retention(came, previous, limit),
        ),
    )
    after_end = period.end + timedelta(days=1)
    by_month = _bucket_rows(came, period.months(), after_end, _month_label, limit)
    by_quarter = _bucket_rows(came, period.quarters(), after_end, _quarter_label, limit)
    return Section(
        key="reach",
        title=_("Who came"),
        figures=figures,
        tables=(
            Table(
                key="reach-by-month",
                caption=_("Who came, by month"),
                headings=_headings(),
                rows=tuple(by_month),
                chart=_chart(by_month),
            ),
            Table(
                key="reach-by-quarter",
                caption=_("Who came, by quarter (April to June is the first)"),
                headings=(_("Quarter"), *_headings()[1:]),
                rows=tuple(by_quarter),
            ),
            Table(
                key="retention",
                caption=_(
                    "Of those who first came each month, how many came back within three months"
                ),
                headings=(
                    _("Month"),
                    _("Came for the first time"),
                    _("Came back within three months"),
                    _("Share who came back"),
                ),
                rows=tuple(_retention_rows(came, period, limit)),
                note=_(
                    "A month shows “not known yet” until three months have passed since its end."
                ),
            ),
        ),
    )


def _retention_rows(came, period, limit):
    for month in period.months():
        low, high = london_midnight(month), london_midnight(next_month(month))
        cohort = came.cohort_between(low, high)
        if back_by(high) > came.now:
            yield _month_label(month), count(cohort[0], limit), *[_("not known yet")] * 2
        else:
            yield _month_label(month), *_retention(cohort, limit)


def _chart(rows) -> Chart:
    return Chart(
        title=_("Young people who came each month"),
        summary=_(
            "A bar for each month: the lower part is young people who came for the first time, "
            "the upper part those who came before. The table after the chart gives every number."
        ),
        series=(_("Came for the first time"), _("Came before")),
        bars=tuple(Bar(row[0], (row[2], row[3])) for row in rows),
    )
