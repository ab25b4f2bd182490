"""Counting the SQL statements a request runs, to keep pages constant as data grows."""

from contextlib import contextmanager

from sqlalchemy import event

from tests.support.harness import is_session_savepoint


class Statements(list):
    """The statements' text; `run` pairs each with the parameters it ran with, so a test can
    ask the database how it would run it again (`tests/support/plans.py`)."""

    def __init__(self):
        super().__init__()
        self.run: list[tuple[str, object]] = []


@contextmanager
def count_queries(engine):
    statements = Statements()

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.run.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)
        # The rollback harness turns each session's BEGIN and COMMIT into SAVEPOINT statements
        # that production never runs; the app's own savepoints still count.
        statements.run[:] = [run for run in statements.run if not is_session_savepoint(run[0])]
        statements[:] = [statement for statement, _ in statements.run]


# The one write a GET may make: a staff member's look at a young person's data, written after the
# request's own transaction is over (`youthhub/core/access_log.py`).
ACCESS_LOG_INSERT = "INSERT INTO data_access_entries ("

# The other: moving a signed-in session's "last seen" on, at most once a minute, also after the
# request's own transaction is over (`youthhub/accounts/sessions.py`).
LAST_SEEN_UPDATE = "UPDATE user_sessions SET last_seen_at="
