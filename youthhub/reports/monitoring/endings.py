"""Endings: planned endings reached, ending plans written, graduations held and certificates
issued and revoked, each a count of young people."""

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.core.small_numbers import count
from youthhub.core.time import london_today
from youthhub.endings.monitoring import MILESTONES, milestone_counts
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period, london_midnight, month_edges


def _labels() -> tuple[str, ...]:
    return (
        _("Planned endings reached"),
        _("Ending plans written"),
        _("Graduations held"),
        _("Young people given a certificate"),
        _("Young people whose certificate was revoked"),
    )


def _with_instants(days) -> tuple[list, list]:
    return days, [london_midnight(day) for day in days]


def section(period: Period, limit: int) -> Section:
    today = london_today()
    edges = month_edges(period)
    # 0: the period before; 1 on: the period's months. And the totals: a young person with two
    # certificates in two months is one young person in the period.
    by_range, totals = milestone_counts(
        [_with_instants(edges), _with_instants([period.previous.start, period.start, edges[-1]])],
        today=today,
    )
    figures = tuple(
        Figure(label, count(totals[name].get(1, 0), limit), count(totals[name].get(0, 0), limit))
        for label, name in zip(_labels(), MILESTONES, strict=True)
    )
    months = tuple(
        (
            format_date(month, "MMM yyyy"),
            *(count(by_range[name].get(index, 0), limit) for name in MILESTONES),
        )
        for index, month in enumerate(period.months(), start=1)
    )
    return Section(
        key="endings",
        title=_("Endings"),
        figures=figures,
        tables=(
            Table(
                key="endings-by-month",
                caption=_("Endings, by month"),
                headings=(_("Month"), *_labels()),
                rows=months,
                note=_(
                    "A plan counts in the month it was last changed. A young person whose "
                    "certificate was issued again counts once."
                ),
            ),
        ),
    )
