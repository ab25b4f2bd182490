"""The "distance travelled" report: per area, how young people's first and latest ratings in a
period compare. No names, and small numbers are hidden so no one can be picked out.

Each row's improved + same + lower adds up to its total, so the row is hidden by the shared
rule (`core.small_numbers`: "fewer than N", and a second cell hidden beside a lone small one).
There is no grand total across areas for the same reason.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

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

    A person's latest rating in an area minus their first in the period is the sum of the moves
    of the ratings that follow another of theirs in the period (`Rating.change`, kept as
    ratings are saved), so only those ratings are read, from their index: each person's sum,
    then how many people moved by each amount, so at most 19 rows an area however many ratings
    there are. (Finding each person's first and latest rating read every rating of the period
    and looked two up for each person: six times as long on PostgreSQL at a region's scale.)"""
    begin, finish = london_day_bounds(start, end)
    each_person = (
        select(Rating.area_id, func.sum(Rating.change).label("moved"))
        .where(
            Rating.previous_at >= begin,
            Rating.previous_at < finish,
            Rating.rated_at < finish,
        )
        .group_by(Rating.owner_id, Rating.area_id)
        .subquery()
    )
    moves = (each_person.c.area_id, each_person.c.moved)
    counts: dict[int, list[int]] = {}
    for area_id, change, people in db.session.execute(
        select(*moves, func.count()).group_by(*moves)
    ):
        row = counts.setdefault(area_id, [0, 0, 0, 0, 0])
        row[0] += people
        row[1 if change > 0 else 2 if change == 0 else 3] += people
        row[4] += change * people
    return {area_id: tuple(row) for area_id, row in counts.items()}


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
