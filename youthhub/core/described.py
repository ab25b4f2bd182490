"""PostgreSQL's result columns described only when something reads the description.

After every statement SQLAlchemy asks the driver's `cursor.description`, and psycopg answers
by making a `Column` object for each column of the result (its name decoded, its type looked
up): about 1.6 µs a column, 20-70 columns a page. SQLAlchemy reads those columns only the
first time it runs a statement (to match them with what it compiled); every later run it
keeps what it learnt then and only asks whether the description is None (whether rows came
back). Measured on a region's money page, making the columns was a third of the time
SQLAlchemy spent running its statements.

So the connections' cursors answer with the same description made on demand: the same
columns, in the same order, built the first time one is read (from the result as it was when
the description was asked for, so a later statement on the cursor cannot change them).
"""

from collections.abc import Sequence
from types import SimpleNamespace

import psycopg
from psycopg.pq import ExecStatus
from sqlalchemy import event
from sqlalchemy.engine import Engine

# What psycopg's own `Cursor.description` counts as a result with columns.
_ROWS = {ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK}


class DescriptionWhenRead(Sequence):
    """`cursor.description`: a sequence of psycopg `Column`s, made on first reading."""

    __slots__ = ("_columns", "_count", "_source")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        # What `Column` reads from a cursor, with this result held, not the cursor's next one.
        self._source = SimpleNamespace(
            pgresult=result, _encoding=cursor._encoding, adapters=cursor.adapters
        )
        self._count = result.nfields
        self._columns: list[psycopg.Column] | None = None

    def _made(self) -> list[psycopg.Column]:
        if self._columns is None:
            self._columns = [psycopg.Column(self._source, i) for i in range(self._count)]
        return self._columns

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._made()[index]

    def __iter__(self):
        return iter(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class Cursor(psycopg.Cursor):
    """psycopg's cursor, its description made when read (above)."""

    @property
    def description(self) -> DescriptionWhenRead | None:
        result = self.pgresult
        if result and (result.nfields or result.status in _ROWS):
            return DescriptionWhenRead(self, result)
        return None


def describe_when_read(engine: Engine) -> None:
    """On PostgreSQL, give every new connection the cursor above."""
    if engine.dialect.name != "postgresql":
        return
    event.listen(engine, "connect", _use_cursor)


def _use_cursor(dbapi_connection, record) -> None:
    dbapi_connection.cursor_factory = Cursor
