"""The "distance travelled" report: per area, how young people's first and latest ratings in a
period compare. No names, and small numbers are hidden so no one can be picked out.

Each row's improved + same + lower adds up to its total, so the row is hidden by the shared
rule (`core.small_numbers`: "fewer than N", and a second cell hidden beside a lone small one).
There is no grand total across areas for the same reason.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from youthhub.core.small_numbers import Cell, parts_of
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.goals.models import Area, Rating


@dataclass(frozen=True)
class AreaRow:
    area: Area
    people: Cell
    improved: Cell
    same: Cell
    lower: Cell
    average_change: float | None  # None when the row is hidden


def london_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants from London midnight at the start of `start` to the end of `end`."""
    begin = datetime.combine(start, time.min, LONDON).astimezone(UTC)
    finish = datetime.combine(end + timedelta(days=1), time.min, LONDON).astimezone(UTC)
    return begin, finish


def _counts_per_area(start: date, end: date) -> dict[int, tuple[int, int, int, int, int]]:
    """area id -> (people, improved, same, lower, total change).

    One pass over the period's ratings (from the index by time, person and area, without
    reading the rows) finds each person's first and latest moment in an area; only for those
    who rated an area twice or more are the two scores looked up, by person, area and moment
    (ratings of the same moment taken in the order they were saved). The database returns how
    many people went from each score to each, so at most 100 rows an area however many ratings
    there are. (A window sorting every rating of the period by person, area and time took
    twice as long, and spilled to disk on PostgreSQL.)"""
    begin, finish = london_day_bounds(start, end)
    pairs = (
        select(
            Rating.owner_id,
            Rating.area_id,
            func.min(Rating.rated_at).label("first_at"),
            func.max(Rating.rated_at).label("latest_at"),
        )
        .where(Rating.rated_at >= begin, Rating.rated_at < finish)
        .group_by(Rating.owner_id, Rating.area_id)
        .having(func.count() >= 2)
        .subquery()
    )
    each_person = select(
        pairs.c.area_id,
        _score_at(pairs, pairs.c.first_at, last=False).label("first"),
        _score_at(pairs, pairs.c.latest_at, last=True).label("latest"),
    ).subquery()
    scores = (each_person.c.area_id, each_person.c.first, each_person.c.latest)
    query = select(*scores, func.count()).group_by(*scores)
    counts: dict[int, list[int]] = {}
    for area_id, was, now, people in db.session.execute(query):
        change = now - was
        row = counts.setdefault(area_id, [0, 0, 0, 0, 0])
        row[0] += people
        row[1 if change > 0 else 2 if change == 0 else 3] += people
        row[4] += change * people
    return {area_id: tuple(row) for area_id, row in counts.items()}


def _score_at(pairs, moment, *, last: bool):
    """The score a person gave an area at `moment` (the first or, if `last`, the last of that
    moment's ratings)."""
    rating = aliased(Rating)
    return (
        select(rating.score)
        .where(
            rating.rated_at == moment,
            rating.owner_id == pairs.c.owner_id,
            rating.area_id == pairs.c.area_id,
        )
        .order_by(rating.id.desc() if last else rating.id)
        .limit(1)
        .scalar_subquery()
    )


def suppress(people: int, improved: int, same: int, lower: int, threshold: int):
    """Cells for one row, hiding small numbers and anything that would reveal them."""
    total, parts = parts_of(people, (improved, same, lower), threshold)
    return total, *parts


def distance_travelled(start: date, end: date, threshold: int) -> list[AreaRow]:
    """One row per area for ratings made from `start` to `end` (London dates, inclusive)."""
    counts = _counts_per_area(start, end)
    rows = []
    for area in db.session.scalars(select(Area).order_by(Area.position, Area.id)):
        people, improved, same, lower, change = counts.get(area.id, (0, 0, 0, 0, 0))
        cells = suppress(people, improved, same, lower, threshold)
        # Adding 0.0 turns a rounded -0.0 into 0.0; nobody (shown when nothing is hidden) has
        # no average.
        average = round(change / people, 1) + 0.0 if cells[0].shown and people else None
        rows.append(AreaRow(area, *cells, average_change=average))
    return rows
