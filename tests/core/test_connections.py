"""A database connection that dropped (the server restarted, a firewall forgot it) costs a
person nothing: found before use when it waited a while, or the request answered again when
it is found in use (core/connections.py). PostgreSQL only: a SQLite connection cannot drop."""

import logging
import os

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from tests.factories import log_in, make_young_person
from youthhub.accounts.models import User
from youthhub.core import connections
from youthhub.extensions import db

pytestmark = [
    pytest.mark.committing,
    pytest.mark.skipif(
        os.environ.get("YOUTHHUB_TEST_DATABASE", "sqlite") != "postgresql",
        reason="only a PostgreSQL connection can drop",
    ),
]


def drop_the_pools_connections() -> int:
    """End every server process serving the app's pool, as a restart of the server would."""
    outside = create_engine(db.engine.url, poolclass=NullPool)
    with outside.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    outside.dispose()
    return ended


@pytest.fixture
def signed_in(client):
    person = make_young_person(name="Kai")
    log_in(client, person)
    db.session.remove()  # the test's own connection back to the pool, as a request leaves it
    assert client.get("/").status_code == 200  # the pool holds a connection that worked
    return person


def test_a_page_whose_connection_dropped_in_use_is_answered_again(client, signed_in, caplog):
    assert drop_the_pools_connections() >= 1
    with caplog.at_level(logging.WARNING, logger=connections.__name__):
        page = client.get("/")
    assert page.status_code == 200
    assert "Hi Kai!" in page.get_data(as_text=True)
    assert "answering the request again" in caplog.text


def test_a_form_sent_as_the_connection_dropped_is_kept_once(client, signed_in, caplog):
    """The signed-in person is read before the view: nothing was done when the drop showed, so
    the form is sent again, and its change is made once."""
    drop_the_pools_connections()
    with caplog.at_level(logging.WARNING, logger=connections.__name__):
        answer = client.post("/language", data={"locale": "cy", "next": "/"})
    assert answer.status_code == 302
    assert "answering the request again" in caplog.text
    db.session.remove()
    assert db.session.scalar(select(User.locale).where(User.id == signed_in.id)) == "cy"


def test_a_connection_idle_a_while_is_tried_before_use(client, signed_in, caplog, monkeypatch):
    monkeypatch.setattr(connections, "PING_AFTER_IDLE_SECONDS", 0)
    drop_the_pools_connections()
    with caplog.at_level(logging.WARNING, logger=connections.__name__):
        assert client.get("/").status_code == 200
    assert "idle in the pool had dropped" in caplog.text
    assert "answering the request again" not in caplog.text  # found before the request used it
