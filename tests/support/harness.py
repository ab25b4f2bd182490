"""The fast path for tests: every session in the test (the test's own, each request's, each CLI
command's) is bound to one connection inside an outer transaction that is rolled back at the end.

Each session joins with `join_transaction_mode="create_savepoint"`, so services and views still
commit and roll back through the normal Session API (and mail still leaves on `after_commit`);
their commits release a SAVEPOINT instead of committing for real. Nothing ever reaches another
connection, so a test that needs real commits (another connection, thread or process looking)
must be marked `@pytest.mark.committing`; the harness fails any unmarked test that tries.
"""

import contextlib
import threading

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, NestedTransaction

from youthhub.extensions import db

# Set on a pooled SQLite connection while the harness owns it: pysqlite then leaves transactions
# to SQLAlchemy (SQLAlchemy's documented recipe), or SAVEPOINT would not nest inside BEGIN.
SQLITE_OWNED = "youthhub_rollback_harness"


class NeedsRealCommits(RuntimeError):
    """An unmarked test reached the database from somewhere the rollback cannot reach."""


class RollbackHarness:
    active: "RollbackHarness | None" = None

    def __init__(self, engine: Engine):
        self.engine = engine
        self.thread = threading.get_ident()
        self.problems: list[str] = []
        # Names of the SAVEPOINTs that stand in for a session's own BEGIN/COMMIT: statements the
        # app would not run in production, so query counts leave them out.
        self.session_savepoints: set[str] = set()

    def start(self) -> "RollbackHarness":
        self.connection = self.engine.connect()
        self.sqlite = self.engine.dialect.name == "sqlite"
        if self.sqlite:
            self.connection.info[SQLITE_OWNED] = True
            self.connection.connection.dbapi_connection.isolation_level = None
        self.transaction = self.connection.begin()
        self.factory_settings = dict(db.session.session_factory.kw)
        db.session.session_factory.configure(
            bind=self.connection, join_transaction_mode="create_savepoint"
        )
        RollbackHarness.active = self
        return self

    def stop(self) -> None:
        RollbackHarness.active = None
        db.session.session_factory.kw = self.factory_settings
        if self.transaction.is_active:
            self.transaction.rollback()
        if self.sqlite:
            self.connection.connection.dbapi_connection.isolation_level = ""
            self.connection.info.pop(SQLITE_OWNED, None)
        self.connection.close()

    def refuse(self, what: str) -> NeedsRealCommits:
        problem = (
            f"{what}, which cannot see this test's rolled-back data: "
            "mark the test @pytest.mark.committing to give it real commits"
        )
        self.problems.append(problem)
        return NeedsRealCommits(problem)


class HarnessSession:
    """Mixed into db.session's class: a session made while the harness runs uses its
    connection (Flask-SQLAlchemy's own get_bind would always pick the engine)."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        harness = RollbackHarness.active
        if bind is None and isinstance(self.bind, Connection):
            if harness is None or self.bind is not harness.connection:
                raise NeedsRealCommits("a session outlived the test that made it")
            if threading.get_ident() != harness.thread:
                raise harness.refuse("a database session was used from another thread")
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def install_session_class() -> None:
    factory = db.session.session_factory
    if not issubclass(factory.class_, HarnessSession):
        factory.class_ = type("HarnessSession", (HarnessSession, factory.class_), {})
        event.listen(factory.class_, "after_begin", _remember_session_savepoint)


def _remember_session_savepoint(session, session_transaction, connection) -> None:
    harness = RollbackHarness.active
    if harness is None or session_transaction.nested or connection is not harness.connection:
        return
    transaction = session_transaction._connections[connection][1]
    if isinstance(transaction, NestedTransaction):
        harness.session_savepoints.add(transaction._savepoint)


def watch_engine(engine: Engine) -> None:
    """Once per engine: the SQLite transaction recipe, and a loud failure when an unmarked test
    opens a second connection (to look from outside, as another request would)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "begin", _begin_sqlite)
        event.listen(engine, "connect", _no_waiting_for_the_disk)
        engine.dispose()  # connections made before the listener get it too
    event.listen(engine, "checkout", _refuse_second_connection)


def _no_waiting_for_the_disk(dbapi_connection, record) -> None:
    # The test database is thrown away after the run, so no commit needs to wait until the disk
    # has it (about 19 ms a commit here, with SQLite's default of syncing twice; the browser
    # journeys and committing tests commit thousands of times). PostgreSQL's test server runs
    # with fsync off for the same reason.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def _begin_sqlite(connection) -> None:
    if connection.info.get(SQLITE_OWNED):
        connection.exec_driver_sql("BEGIN")


def _refuse_second_connection(dbapi_connection, record, proxy) -> None:
    harness = RollbackHarness.active
    if harness is not None:
        # Only noted here (raising inside the pool would leave it untidy); the test then fails.
        harness.refuse("the test opened a second database connection")


def is_session_savepoint(statement: str) -> bool:
    """Whether `statement` is the harness's stand-in for a session's BEGIN, COMMIT or ROLLBACK."""
    harness = RollbackHarness.active
    if harness is None:
        return False
    words = statement.split()
    return (
        bool(words)
        and words[-1] in harness.session_savepoints
        and (words[0] in {"SAVEPOINT", "RELEASE", "ROLLBACK"})
    )


@contextlib.contextmanager
def undone():
    """Whatever the block changes is rolled back at its end (the rollback harness's connection,
    one SAVEPOINT deeper): one example of a property-based test, one probing request, one
    button pressed. A block that rolls back the test's own session must end that session's
    transaction before it starts (see test_claim_actions.accepts): the session's SAVEPOINT
    would enclose the block's, and rolling it back would take the block's with it."""
    savepoint = RollbackHarness.active.connection.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        db.session.expire_all()
