"""Support given: for each kind of support an admin lists, how many young people were given it
and how many times, in the period and the one before, and by month."""

from flask_babel import format_date
from flask_babel import gettext as _

from youthhub.core.small_numbers import count, hidden_with
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period, month_edges
from youthhub.support import queries
from youthhub.support.monitoring import given_counts


def _cells(found, key, limit) -> tuple:
    """(young people, times given): the times describe those young people, so they are hidden
    with them."""
    people, times = found.get(key, (0, 0))
    cell = count(people, limit)
    return cell, hidden_with(cell, times)


def section(period: Period, limit: int) -> Section:
    edges = month_edges(period)
    by_month, this_period, anyone = given_counts(
        [
            (edges, True),  # 0: the period before; 1 on: its months
            ([period.start, edges[-1]], True),
            ([period.previous.start, period.start, edges[-1]], False),
        ]
    )
    # Kinds offered now, and retired ones only where they were given in the window.
    given = {kind for _index, kind in by_month}
    kinds = [kind for kind in queries.kinds() if not kind.is_retired or kind.id in given]
    now, before = _cells(anyone, (1, None), limit), _cells(anyone, (0, None), limit)
    months = [
        (format_date(month, "MMM yyyy"), kind.name, *_cells(by_month, (index, kind.id), limit))
        for index, month in enumerate(period.months(), start=1)
        for kind in kinds
    ]
    return Section(
        key="support",
        title=_("Support given"),
        figures=(
            Figure(_("Young people given any support"), now[0], before[0]),
            Figure(_("Support given, times"), now[1], before[1]),
        ),
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
                rows=tuple(
                    (
                        kind.name,
                        *_cells(this_period, (0, kind.id), limit),
                        *_cells(by_month, (0, kind.id), limit),
                    )
                    for kind in kinds
                ),
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
                rows=tuple(months),
            ),
        ),
    )
