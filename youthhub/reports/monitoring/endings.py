"""Endings: planned endings reached, ending plans written, graduations held and certificates
issued and revoked, each a count of young people."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.core.small_numbers import count
from youthhub.core.time import london_today
from youthhub.endings.monitoring import milestones
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period, next_month


def _labels() -> tuple[str, ...]:
    return (
        _("Planned endings reached"),
        _("Ending plans written"),
        _("Graduations held"),
        _("Young people given a certificate"),
        _("Young people whose certificate was revoked"),
    )


def _people(pairs, first: date, last: date) -> int:
    return len({person for person, day in pairs if first <= day <= last})


def _counts(found, first: date, last: date, limit: int) -> tuple:
    """One count of young people per kind of milestone, from `first` to `last`."""
    # A planned ending is reached on its day: one still to come is not counted yet.
    reached = [(person, day) for person, day in found.planned if day <= london_today()]
    kinds = (reached, found.plans, found.graduated, found.issued, found.revoked)
    return tuple(count(_people(pairs, first, last), limit) for pairs in kinds)


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    found = milestones(previous.start, period.end, previous.low, period.high)
    this = _counts(found, period.start, period.end, limit)
    before = _counts(found, previous.start, previous.end, limit)
    months = []
    for month in period.months():
        last = min(next_month(month) - timedelta(days=1), period.end)
        months.append(
            (format_date(month, "MMM yyyy"), *_counts(found, max(month, period.start), last, limit))
        )
    return Section(
        key="endings",
        title=_("Endings"),
        figures=tuple(
            Figure(label, now, then)
            for label, now, then in zip(_labels(), this, before, strict=True)
        ),
        tables=(
            Table(
                key="endings-by-month",
                caption=_("Endings, by month"),
                headings=(_("Month"), *_labels()),
                rows=tuple(months),
                note=_(
                    "A plan counts in the month it was last changed. A young person whose "
                    "certificate was issued again counts once."
                ),
            ),
        ),
    )
