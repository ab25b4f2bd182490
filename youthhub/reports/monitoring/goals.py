"""Goals: distance travelled in each area (`goals.report`: how young people's first and latest
ratings in the period compare, small numbers hidden) and how many young people rated at all.
Never a goal's words or a rating's note: only scores, counted."""

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from youthhub.core.buckets import side_by_side
from youthhub.core.small_numbers import count, hidden_with
from youthhub.extensions import db
from youthhub.goals.models import Rating
from youthhub.goals.report import distance_travelled
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period

NOBODY = "\N{EN DASH}"  # no young person rated twice: no average


def _rated(edges) -> list[tuple[int, int]]:
    """For each (low, high) of `edges`: (young people who rated, ratings), in one query.

    A young person's first rating of a period is the one whose rating before it (in any area)
    is older, so both are counts of one reading of the index by time, without sorting out who
    is who (counting distinct people took twice as long on PostgreSQL)."""
    counts = []
    for low, high in edges:
        first_of_theirs = or_(Rating.previous_any_at.is_(None), Rating.previous_any_at < low)
        counts.append(
            select(
                func.count().filter(first_of_theirs).label("people"),
                func.count().label("ratings"),
            )
            .where(Rating.rated_at >= low, Rating.rated_at < high)
            .subquery()
        )
    row = db.session.execute(side_by_side(counts)).one()
    return [(row[2 * index], row[2 * index + 1]) for index in range(len(edges))]


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    (people_now, ratings_now), (people_then, ratings_then) = _rated(
        [(period.low, period.high), (previous.low, previous.high)]
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
