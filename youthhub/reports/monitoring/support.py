"""Support given: for each kind of support an admin lists, how many young people were given it
and how many times, in the period and the one before, and by month."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.core.small_numbers import count, hidden_with
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period, next_month
from youthhub.support import queries
from youthhub.support.monitoring import given_between


def _given(logs, kind_id: int | None, first: date, last: date, limit: int) -> tuple:
    """(young people, times given) for one kind (or any, if None) from `first` to `last`; the
    times describe those young people, so they are hidden with them."""
    chosen = [
        person
        for kind, person, day in logs
        if (kind_id is None or kind == kind_id) and first <= day <= last
    ]
    people = count(len(set(chosen)), limit)
    return people, hidden_with(people, len(chosen))


def _kinds(logs):
    """The kinds offered now, and retired ones only if given in the window."""
    used = {kind for kind, _person, _day in logs}
    return [kind for kind in queries.kinds() if not kind.is_retired or kind.id in used]


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    logs = given_between(previous.start, period.end)
    kinds = _kinds(logs)
    anyone_now = _given(logs, None, period.start, period.end, limit)
    anyone_before = _given(logs, None, previous.start, previous.end, limit)
    figures = [
        Figure(_("Young people given any support"), anyone_now[0], anyone_before[0]),
        Figure(_("Support given, times"), anyone_now[1], anyone_before[1]),
    ]
    by_kind = []
    for kind in kinds:
        now = _given(logs, kind.id, period.start, period.end, limit)
        before = _given(logs, kind.id, previous.start, previous.end, limit)
        by_kind.append((kind.name, *now, *before))
    by_month = []
    for month in period.months():
        first, last = max(month, period.start), min(next_month(month) - timedelta(1), period.end)
        for kind in kinds:
            label = format_date(month, "MMM yyyy")
            by_month.append((label, kind.name, *_given(logs, kind.id, first, last, limit)))
    return Section(
        key="support",
        title=_("Support given"),
        figures=tuple(figures),
        tables=(
            Table(
                key="support-by-kind",
                caption=_("Support given, by kind"),
                headings=(
                    _("Kind of support"),
                    _("Young people given it"),
                    _("Times given"),
                    _("Young people given it, the period before"),
                    _("Times given, the period before"),
                ),
                rows=tuple(by_kind),
                note=_(
                    "Times given are hidden with the number of young people they were given to."
                ),
            ),
            Table(
                key="support-by-month",
                caption=_("Support given, by month"),
                headings=(
                    _("Month"),
                    _("Kind of support"),
                    _("Young people given it"),
                    _("Times given"),
                ),
                rows=tuple(by_month),
            ),
        ),
    )
