"""Counting rows into consecutive ranges (months, periods) in one SQL query, the same on SQLite
and PostgreSQL: the ranges are given as their edges, so no date function of either database is
needed, and London's months are simply the UTC instants (or dates) they start at."""

from collections.abc import Sequence

from sqlalchemy import Select, and_, case, func, select

from youthhub.extensions import db


def bucket_counts(
    column, edges: Sequence, *, person, by=None, where=()
) -> dict[tuple, tuple[int, int]]:
    """{(index, by value): (people, rows)} for the rows whose `column` falls from `edges[0]`
    until `edges[-1]` (exclusive): index `i` is the range from `edges[i]` until `edges[i + 1]`;
    `person` is the column saying whose a row is (counted once per range). Ranges with no rows
    are left out."""
    index = case(*((column < edge, number) for number, edge in enumerate(edges[1:])))
    inner: Select = select(index.label("bucket"), person.label("person"))
    if by is not None:
        inner = inner.add_columns(by.label("by"))
    inner = inner.where(and_(column >= edges[0], column < edges[-1]), *where).subquery()
    keys = [inner.c.bucket] + ([inner.c.by] if by is not None else [])
    query = select(*keys, func.count(func.distinct(inner.c.person)), func.count()).group_by(*keys)
    return {
        (row[0], row[1] if by is not None else None): (row[-2], row[-1])
        for row in db.session.execute(query)
    }
