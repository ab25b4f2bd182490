"""Goals: distance travelled in each area (`goals.report`: how young people's first and latest
ratings in the period compare, small numbers hidden) and how many young people rated at all.
Never a goal's words or a rating's note: only scores, counted."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from youthhub.core.small_numbers import count, hidden_with
from youthhub.extensions import db
from youthhub.goals.models import Rating
from youthhub.goals.report import distance_travelled
from youthhub.reports.monitoring.buckets import slice_of
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period

THIS, BEFORE = 0, 1
NOBODY = "\N{EN DASH}"  # no young person rated twice: no average


def _rated(edges) -> dict[int, tuple[int, int]]:
    """slice -> (young people who rated, ratings), in one grouped query."""
    each = (
        select(
            slice_of(Rating.rated_at, edges).label("slice"),
            Rating.owner_id.label("owner_id"),
        )
        .where(Rating.rated_at >= edges[BEFORE][0], Rating.rated_at < edges[THIS][1])
        .subquery()
    )
    query = select(each.c.slice, func.count(func.distinct(each.c.owner_id)), func.count()).group_by(
        each.c.slice
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(query) if row[0] is not None}


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    rated = _rated([(period.low, period.high), (previous.low, previous.high)])
    (people_now, ratings_now), (people_then, ratings_then) = (
        rated.get(THIS, (0, 0)),
        rated.get(BEFORE, (0, 0)),
    )
    now, then = count(people_now, limit), count(people_then, limit)
    rows = tuple(
        (
            row.area.name,
            row.people,
            row.improved,
            row.same,
            row.lower,
            # A number, not text, so a spreadsheet can add up the CSV's falls and rises.
            hidden_with(row.people, NOBODY if row.average_change is None else row.average_change),
        )
        for row in distance_travelled(period.start, period.end, limit)
    )
    return Section(
        key="goals",
        title=_("Goals: distance travelled"),
        figures=(
            Figure(_("Young people who rated where they are"), now, then),
            Figure(
                _("Ratings given"), hidden_with(now, ratings_now), hidden_with(then, ratings_then)
            ),
        ),
        tables=(
            Table(
                key="distance-travelled",
                caption=_("Distance travelled, by area"),
                headings=(
                    _("Area"),
                    _("Young people who rated at least twice"),
                    _("Improved"),
                    _("Same"),
                    _("Lower"),
                    _("Average change"),
                ),
                rows=rows,
                note=_(
                    "For each area: how many young people gave themselves a rating at least "
                    "twice in the period, and how their latest rating compares with their first "
                    "(from 1 to 10)."
                ),
            ),
        ),
    )
