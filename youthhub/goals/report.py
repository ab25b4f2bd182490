"""The "distance travelled" report: per area, how young people's first and latest ratings in a
period compare. No names, and small numbers are hidden so no one can be picked out.

Each row's improved + same + lower adds up to its total, so the row is hidden by the shared
rule (`core.small_numbers`: "fewer than N", and a second cell hidden beside a lone small one).
There is no grand total across areas for the same reason.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select

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
    """area id -> (people, improved, same, lower, total change), in one query.

    The period's ratings are sorted once, by person, area and time: each one's place in that
    order and how many the person gave the area find the first and the latest (a second window
    sorted the other way round doubled the work, and spilled to disk on PostgreSQL)."""
    begin, finish = london_day_bounds(start, end)
    person_area = (Rating.owner_id, Rating.area_id)
    ranked = (
        select(
            Rating.owner_id,
            Rating.area_id,
            Rating.score,
            func.row_number()
            .over(partition_by=person_area, order_by=(Rating.rated_at, Rating.id))
            .label("place"),
            func.count().over(partition_by=person_area).label("given"),
        )
        .where(Rating.rated_at >= begin, Rating.rated_at < finish)
        .subquery()
    )
    each_person = (
        select(
            ranked.c.area_id,
            func.max(case((ranked.c.place == 1, ranked.c.score))).label("first"),
            func.max(case((ranked.c.place == ranked.c.given, ranked.c.score))).label("latest"),
        )
        .group_by(ranked.c.owner_id, ranked.c.area_id)
        .having(func.count() >= 2)
        .subquery()
    )
    change = each_person.c.latest - each_person.c.first
    query = select(
        each_person.c.area_id,
        func.count(),
        func.sum(case((change > 0, 1), else_=0)),
        func.sum(case((change == 0, 1), else_=0)),
        func.sum(case((change < 0, 1), else_=0)),
        func.sum(change),
    ).group_by(each_person.c.area_id)
    return {
        row[0]: tuple(int(value or 0) for value in row[1:]) for row in db.session.execute(query)
    }


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
