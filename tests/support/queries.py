"""Counting the SQL statements a request runs, to keep pages constant as data grows."""

from contextlib import contextmanager

from sqlalchemy import event

from tests.support.harness import is_session_savepoint


@contextmanager
def count_queries(engine):
    statements: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)
        # The rollback harness turns each session's BEGIN and COMMIT into SAVEPOINT statements
        # that production never runs; the app's own savepoints still count.
        statements[:] = [s for s in statements if not is_session_savepoint(s)]


# The one write a GET may make: a staff member's look at a young person's data, written after the
# request's own transaction is over (`youthhub/core/access_log.py`).
ACCESS_LOG_INSERT = "INSERT INTO data_access_entries ("

# The other: moving a signed-in session's "last seen" on, at most once a minute, also after the
# request's own transaction is over (`youthhub/accounts/sessions.py`).
LAST_SEEN_UPDATE = "UPDATE user_sessions SET last_seen_at="
