"""When a transaction begins (core/database.py): on PostgreSQL plain reads run outside one, and
it begins before the first statement that is not one: a write, a lock, a server-side cursor.
(SQLite's driver has always worked so; what it needed is in test_request_rule.py.)"""

import psycopg
import pytest
from flask import Response
from sqlalchemy import event, select

from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_young_person
from youthhub.core.transaction import finish_transaction
from youthhub.extensions import db
from youthhub.groups.models import Group

pytestmark = [
    pytest.mark.committing,  # the harness's own outer transaction would hide the rule
    pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="psycopg's transactions"),
]


def in_transaction() -> bool:
    """Whether PostgreSQL holds a transaction open on the request's connection."""
    driver_connection = db.session.connection().connection.dbapi_connection
    return driver_connection.info.transaction_status.name != "IDLE"


def make_group(name: str) -> int:
    group = Group(name=name)
    db.session.add(group)
    db.session.commit()
    return group.id


def other_connection_locks(group_id: int) -> bool:
    """Whether a second connection can lock the group's row at once (NOWAIT)."""
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as other:
        try:
            other.execute("SELECT id FROM groups WHERE id = %s FOR UPDATE NOWAIT", [group_id])
        except psycopg.errors.LockNotAvailable:
            return False
        return True


def test_a_page_that_only_reads_begins_no_transaction(app):
    with app.test_request_context("/", method="GET"):
        db.session.scalar(select(Group.id))
        db.session.scalars(select(Group.name)).all()
        assert not in_transaction()
        finish_transaction(Response("page"))


def test_the_first_write_begins_one_and_a_get_still_keeps_nothing(app):
    with app.test_request_context("/", method="GET"):
        db.session.scalar(select(Group.id))
        db.session.add(Group(name="Written on a GET"))
        db.session.flush()
        assert in_transaction()
        finish_transaction(Response("page"))
    with app.app_context():
        assert db.session.scalar(select(Group).filter_by(name="Written on a GET")) is None


def test_a_post_commits_what_it_wrote_after_reading_outside(app):
    with app.test_request_context("/", method="POST"):
        db.session.scalar(select(Group.id))
        db.session.add(Group(name="Kept"))
        finish_transaction(Response("done"))
    with app.app_context():
        assert db.session.scalar(select(Group).filter_by(name="Kept")) is not None


def test_a_locking_read_holds_its_lock_until_the_request_ends(app):
    """`SELECT ... FOR UPDATE` outside a transaction would let go of the row at once, and two
    people could take the last place (activities/services.py)."""
    with app.app_context():
        group_id = make_group("Locked")
    with app.test_request_context("/", method="POST"):
        db.session.execute(select(Group.id).where(Group.id == group_id).with_for_update())
        assert in_transaction()
        assert not other_connection_locks(group_id)
        finish_transaction(Response("done"))
    assert other_connection_locks(group_id)


def test_rows_streamed_from_a_server_side_cursor_come_from_a_transaction(app):
    with app.app_context():
        for name in ("One", "Two", "Three"):
            make_group(name)
    with app.test_request_context("/", method="GET"):
        rows = db.session.execute(select(Group.name).execution_options(yield_per=2))
        assert {name for (name,) in rows} >= {"One", "Two", "Three"}
        assert in_transaction()
        finish_transaction(Response("page"))


def test_code_that_asks_for_autocommit_keeps_it(app):
    """VACUUM (bench/scale.py after its bulk inserts) is refused inside a transaction block: a
    connection asked for in autocommit must not have one begun for it."""
    with app.app_context():
        options = {"isolation_level": "AUTOCOMMIT"}
        with db.engine.connect().execution_options(**options) as connection:
            connection.exec_driver_sql("VACUUM ANALYZE groups")
            assert connection.connection.dbapi_connection.info.transaction_status.name == "IDLE"


def test_a_young_persons_pages_send_no_transaction(app, client):
    """Through the whole request (the signed-in person, the page's queries, the end of the
    request): every statement of these GETs ran outside a transaction, and none was left open."""
    log_in(client, make_young_person())
    inside = []

    def note(connection, cursor, statement, parameters, context, executemany):
        if cursor.connection.info.transaction_status.name != "IDLE":
            inside.append(statement.split("\n", 1)[0][:80])

    event.listen(db.engine, "after_cursor_execute", note)
    try:
        for page in ("/", "/whats-on", "/goals/", "/money"):
            assert client.get(page).status_code == 200, page
    finally:
        event.remove(db.engine, "after_cursor_execute", note)
    assert inside == []
