"""Activities held: by kind and by format (in person or online), by month, and the share led
by young people (power groups' sessions). Counts of activities, not of people, so they are
not hidden; the one count of young people here is."""

from collections import Counter

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.activities.models import Activity, ActivityKind, Attendance, split_tags
from youthhub.core.small_numbers import count
from youthhub.extensions import db
from youthhub.reports.monitoring.buckets import instants, month_days, slice_of, with_before
from youthhub.reports.monitoring.figures import Bar, Chart, Figure, Section, Table
from youthhub.reports.monitoring.period import Period
from youthhub.reports.stages import held

NO_SHARE = "\N{EN DASH}"  # no activity to take a share of


def _is_online():
    """An activity's format: online when it has a link to join (as the activity table says)."""
    return case((and_(Activity.online_link.is_not(None), Activity.online_link != ""), 1), else_=0)


def _within(edges):
    return (
        Activity.starts_at >= min(low for low, _high in edges),
        Activity.starts_at < max(high for _low, high in edges),
    )


def _counts(edges) -> Counter:
    """(slice, kind, online, led by young people) -> activities held, and (slice, audience) ->
    activities held for it, in one grouped query."""
    each = (
        select(
            slice_of(Activity.starts_at, edges).label("slice"),
            Activity.kind.label("kind"),
            _is_online().label("online"),
            case((Activity.group_id.is_not(None), 1), else_=0).label("led"),
            Activity.audience_csv.label("audience"),
        )
        .where(*held(), *_within(edges))
        .subquery()
    )
    columns = (each.c.slice, each.c.kind, each.c.online, each.c.led, each.c.audience)
    found = Counter()
    for slice_index, kind, online, led, audience, number in db.session.execute(
        select(*columns, func.count()).group_by(*columns)
    ):
        if slice_index is not None:
            key = (slice_index, ActivityKind(kind), bool(online), bool(led))
            found[key] += number
            for tag in split_tags(audience or ""):
                found[(slice_index, tag)] += number
    return found


def _young_people_at_youth_led(edges) -> dict[int, int]:
    """slice -> young people (known by name) who came to a power group's session."""
    each = (
        select(
            slice_of(Activity.starts_at, edges).label("slice"),
            Attendance.person_id.label("person_id"),
        )
        .join(Attendance, Attendance.activity_id == Activity.id)
        .where(
            *held(),
            Attendance.attended.is_(True),
            Activity.group_id.is_not(None),
            *_within(edges),
        )
        .subquery()
    )
    query = select(each.c.slice, func.count(func.distinct(each.c.person_id))).group_by(each.c.slice)
    return {index: number for index, number in db.session.execute(query) if index is not None}


class _Tally:
    """Activities counted one way or another, from `_counts`."""

    def __init__(self, counts: Counter):
        self.counts = counts
        # Each slice's own (kind, online, led, activities), so a month's row looks at that
        # month's counts only (a page asks for about a hundred sums).
        self.by_slice: dict[int, list[tuple]] = {}
        for key, number in counts.items():
            if len(key) == 4:
                self.by_slice.setdefault(key[0], []).append((*key[1:], number))

    def held(self, slices, kind=None, online=None, led=None) -> int:
        return sum(
            number
            for index in slices
            for its_kind, its_online, its_led, number in self.by_slice.get(index, ())
            if kind in (None, its_kind) and online in (None, its_online) and led in (None, its_led)
        )

    def for_audience(self, slices, tag) -> int:
        return sum(self.counts[(index, tag)] for index in slices)

    def row(self, slices, kind=None):
        in_person = self.held(slices, kind, online=False)
        online = self.held(slices, kind, online=True)
        return in_person, online, in_person + online, self.held(slices, kind, led=True)


def _share(part: int, whole: int) -> str:
    return format_percent(part / whole) if whole else NO_SHARE


def section(period: Period, limit: int) -> Section:
    months = month_days(period)
    edges = instants(with_before(period, months))
    this, before = set(range(len(months))), {len(months)}
    tally = _Tally(_counts(edges))
    came = _young_people_at_youth_led(
        [(period.low, period.high), (period.previous.low, period.previous.high)]
    )
    now, then = tally.row(this), tally.row(before)
    figures = (
        Figure(_("Activities held"), now[2], then[2]),
        Figure(_("In person"), now[0], then[0]),
        Figure(_("Online"), now[1], then[1]),
        Figure(_("Led by young people (power groups' sessions)"), now[3], then[3]),
        Figure(_("Share led by young people"), _share(now[3], now[2]), _share(then[3], then[2])),
        Figure(
            _("Young people who came to sessions led by young people"),
            count(came.get(0, 0), limit),
            count(came.get(1, 0), limit),
        ),
    )
    by_kind = tuple(
        (str(name), *tally.row(this, kind), tally.row(before, kind)[2])
        for kind, name in KIND_NAMES.items()
    )
    by_month = tuple(
        (format_date(start, "MMM yyyy"), *tally.row({index}))
        for index, (start, _after) in enumerate(months)
    )
    headings = (_("In person"), _("Online"), _("All"), _("Led by young people"))
    return Section(
        key="activities",
        title=_("Activities"),
        figures=figures,
        tables=(
            Table(
                key="activities-by-kind",
                caption=_("Activities held, by kind and format"),
                headings=(_("Kind"), *headings, _("All, the period before")),
                rows=by_kind,
                note=_(
                    "An activity is online when it has a link to join. Led by young people: "
                    "a power group's sessions."
                ),
            ),
            Table(
                key="activities-by-month",
                caption=_("Activities held, by month"),
                headings=(_("Month"), *headings),
                rows=by_month,
                chart=_chart(by_month),
            ),
            Table(
                key="activities-by-audience",
                caption=_("Activities held, by who they were for"),
                headings=(_("Who it was for"), _("Activities held"), _("All, the period before")),
                rows=tuple(
                    (str(name), tally.for_audience(this, tag), tally.for_audience(before, tag))
                    for tag, name in AUDIENCE_NAMES.items()
                ),
                note=_(
                    "As the activity said when it was planned; one for several audiences "
                    "counts under each, and one for none under none."
                ),
            ),
        ),
    )


def _chart(rows) -> Chart:
    return Chart(
        title=_("Activities held each month"),
        summary=_(
            "A bar for each month: the lower part is activities held in person, the upper part "
            "those held online. The table after the chart gives every number."
        ),
        series=(_("In person"), _("Online")),
        bars=tuple(Bar(row[0], (row[1], row[2])) for row in rows),
    )
