"""Counting rows into consecutive ranges (months, periods) in SQL, the same on SQLite and
PostgreSQL: the ranges are given as their edges, so no date function of either database is
needed, and London's months are simply the UTC instants (or dates) they start at. Several such
countings go to the database as one statement (`counted_together`): a page asks for a fixed
number of them whatever the data, and each statement is a round trip."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, Select, and_, case, func, literal, null, select, true, union_all

from youthhub.extensions import db


@dataclass(frozen=True)
class Counting:
    """Rows whose `column` falls from `edges[0]` until `edges[-1]` (exclusive), counted in each
    range between two edges: range `i` is from `edges[i]` until `edges[i + 1]`. `person` says
    whose a row is (counted once per range), `by` splits each range further, `where` narrows
    the rows."""

    column: object
    edges: Sequence
    person: object
    by: object = None
    where: tuple = ()

    def grouped(self, which: int) -> Select:
        """(which, range index, by value or NULL, people, rows) for each range with rows."""
        index = case(*((self.column < edge, number) for number, edge in enumerate(self.edges[1:])))
        inner = select(index.label("bucket"), self.person.label("person"))
        if self.by is not None:
            inner = inner.add_columns(self.by.label("by"))
        in_range = and_(self.column >= self.edges[0], self.column < self.edges[-1])
        inner = inner.where(in_range, *self.where).subquery()
        keys = [inner.c.bucket] + ([inner.c.by] if self.by is not None else [])
        return select(
            literal(which, Integer),
            inner.c.bucket,
            inner.c.by if self.by is not None else null(),
            func.count(func.distinct(inner.c.person)),
            func.count(),
        ).group_by(*keys)


def counted_together(countings: Sequence[Counting]) -> list[dict[tuple, tuple[int, int]]]:
    """For each of `countings`, {(range index, by value or None): (people, rows)}, ranges with
    no rows left out: all in one statement."""
    parts = [counting.grouped(which) for which, counting in enumerate(countings)]
    found: list[dict] = [{} for _counting in countings]
    for which, bucket, by, people, rows in db.session.execute(union_all(*parts)):
        found[which][(bucket, by)] = (people, rows)
    return found


def side_by_side(parts):
    """One statement reading one row of each subquery of `parts`, their columns side by side: a
    count per slice, each slice its own read of an index, instead of grouping every row by
    slice (which sorts them all)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, true())
    return select(*(column for part in parts for column in part.c)).select_from(joined)
