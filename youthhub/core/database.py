"""The database connection's rules below the ORM.

SQLite that keeps the transaction rules PostgreSQL keeps.

Python's sqlite3 driver starts a transaction only before an INSERT/UPDATE/DELETE, never before a
SAVEPOINT: a service's `begin_nested()` that is the first write of a request would then commit
the moment it is released, and the request's rollback could not undo it (a GET would write; a
refused action would keep half its work). So before a SAVEPOINT outside a transaction, begin
one. Reads stay outside transactions as the driver does them, so a reader never holds a lock.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "savepoint")
def _begin_before_a_savepoint(connection, name):
    if connection.dialect.name != "sqlite":
        return
    driver_connection = connection.connection.dbapi_connection
    if not driver_connection.in_transaction:
        driver_connection.execute("BEGIN")


# A transaction that only read, ended with COMMIT on PostgreSQL --------------------------------
# psycopg forgets every statement it has prepared on a connection at each ROLLBACK (a rolled-back
# change to a table could leave a plan pointing at nothing), so a page that ends its transaction
# with one, as every GET does, has PostgreSQL parse and plan each of its statements again on the
# next request: about as much of the server's time as running them. For a transaction that only
# read, COMMIT and ROLLBACK are the same thing, and COMMIT keeps the prepared statements.

WROTE = "youthhub_wrote"


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, parameters, context, executemany):
    # Anything but a plain SELECT (a write, a SAVEPOINT, a `WITH` that may hold one) counts.
    if not statement.startswith("SELECT"):
        connection.info[WROTE] = True


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ended(connection):
    # A connection that dropped has no `info` left to clear (and asking would reconnect).
    if not connection.invalidated:
        connection.info.pop(WROTE, None)


def commit_if_only_read(connection) -> None:
    """End `connection`'s transaction with COMMIT, below the ORM, if it ran nothing but SELECTs
    on PostgreSQL; the session's own rollback afterwards then finds nothing to roll back (and
    its rollback hooks, which drop queued emails and pushes, run as they always did)."""
    if connection.dialect.name != "postgresql" or connection.invalidated:
        return
    if connection.info.get(WROTE):
        return
    driver_connection = connection.connection.dbapi_connection
    # Only a transaction in good order: one a failed statement aborted is rolled back as ever.
    if driver_connection.info.transaction_status.name == "INTRANS":
        driver_connection.commit()
