"""Reads of plain columns, run on the session's own connection.

The ORM's execution layer wraps every statement's rows in its own result, even when a page asks
for columns and no objects: about a third of a small query's time, and ~0.2 ms of what's on's
21 rows at a region's scale (issue 19). Lists and pages that read columns go through here
instead. It is the session's connection, so a read here is in the session's transaction and
sees what the session wrote and flushed; it does not flush first, so a service that reads back
what it has only just changed asks the session (`db.session.execute`), as it would anyway for
objects."""

from youthhub.extensions import db


def rows(query, values: dict | None = None):
    """The rows of a statement of plain columns (a `CursorResult`: `.all()`, `.one()`, ...)."""
    return db.session.connection().execute(query, values)


def scalar(query, values: dict | None = None):
    """The first column of the first row, or None."""
    return db.session.connection().scalar(query, values)
