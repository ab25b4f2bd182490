"""SQLite that keeps the transaction rules PostgreSQL keeps.

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
