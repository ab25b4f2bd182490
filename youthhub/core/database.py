"""The database connection's rules below the ORM: when a transaction begins.

SQLite that keeps the transaction rules PostgreSQL keeps, and PostgreSQL that reads outside
transactions as SQLite does (below).

Python's sqlite3 driver starts a transaction only before an INSERT/UPDATE/DELETE, never before a
SAVEPOINT: a service's `begin_nested()` that is the first write of a request would then commit
the moment it is released, and the request's rollback could not undo it (a GET would write; a
refused action would keep half its work). So before a SAVEPOINT outside a transaction, begin
one. Reads stay outside transactions as the driver does them, so a reader never holds a lock.
"""

import re

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "savepoint")
def _begin_before_a_savepoint(connection, name):
    if connection.dialect.name != "sqlite":
        return
    driver_connection = connection.connection.dbapi_connection
    if not driver_connection.in_transaction:
        driver_connection.execute("BEGIN")


# Reads outside transactions on PostgreSQL too -------------------------------------------------
# psycopg, left to itself, sends BEGIN before a connection's first statement and the request
# then ends with COMMIT or ROLLBACK: two round trips to the server of their own, two of the six
# of a young person's home (each round trip wakes the server's process and ours). And
# a ROLLBACK makes psycopg forget every statement it had prepared on the connection (a change
# rolled back could leave a plan pointing at nothing), so PostgreSQL would parse and plan every
# statement of every GET again. So a connection is handed out in autocommit, as SQLite's driver
# and Django run theirs, and a transaction begins before the first statement that is not a plain
# read: a write, a SAVEPOINT, a `WITH`, a lock (`SELECT ... FOR UPDATE`), a server-side cursor.
# The same guarantees as before: at READ COMMITTED, PostgreSQL's default and ours, each statement
# of a transaction sees a snapshot of its own anyway, so reads outside one see what they would
# have seen inside; everything written is still in one transaction, committed or rolled back
# whole by the request rule (core/transaction.py).

_LOCKS = re.compile(r" FOR (?:NO KEY UPDATE|UPDATE|KEY SHARE|SHARE)\b")


def read_outside_transactions(engine: Engine) -> None:
    """On PostgreSQL, run plain reads outside transactions (above). Registered before anything
    else that uses a connection as it is handed out (the idle ping, core/connections.py)."""
    if engine.dialect.name != "postgresql":
        return
    event.listen(engine, "checkout", _in_autocommit)
    event.listen(engine, "before_cursor_execute", _begin_before_a_change)


def _in_autocommit(dbapi_connection, record, proxy) -> None:
    # Handed back rolled back (the pool's reset) or committed: never inside a transaction.
    idle = dbapi_connection.info.transaction_status.name == "IDLE"
    if idle and not dbapi_connection.autocommit:
        dbapi_connection.autocommit = True  # an attribute: nothing is sent to the server


def _begin_before_a_change(connection, cursor, statement, parameters, context, executemany):
    driver_connection = cursor.connection
    if not driver_connection.autocommit or _only_reads(statement, cursor):
        return
    if not _asked_for_autocommit(connection):
        # psycopg begins the transaction itself, before this statement.
        driver_connection.autocommit = False


def _asked_for_autocommit(connection) -> bool:
    # Code that asked for autocommit itself (a VACUUM, CREATE DATABASE, an index built
    # CONCURRENTLY: statements PostgreSQL refuses inside a transaction) keeps it.
    return connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


def _only_reads(statement: str, cursor) -> bool:
    if not statement.startswith("SELECT"):
        return False
    if " FOR " in statement and _LOCKS.search(statement):
        return False  # a lock, held until the transaction ends
    # A server-side cursor (rows streamed to a CSV) lives only inside a transaction.
    return getattr(cursor, "name", None) is None
