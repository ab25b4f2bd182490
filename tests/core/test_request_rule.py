"""The request rule (core/transaction.py): one commit per request, after the view; GET never
writes; every refusal is answered in one place, rolled back, said, and nothing typed is lost."""

import ast
import html
from datetime import date
from pathlib import Path

import pytest
from flask import Response
from sqlalchemy import event, insert, select
from sqlalchemy import text as sql
from sqlalchemy.exc import DBAPIError
from werkzeug.routing import Rule

from tests.activities.factories import make_group, make_member
from tests.conftest import DATABASE_KIND
from tests.core.test_routes import committed_world, world  # noqa: F401  (one of everything)
from tests.factories import PASSWORD, log_in, make_young_person
from youthhub.accounts.services import (
    confirm_sign_up,
    make_sign_up_token,
    sign_up_young_person,
)
from youthhub.core.errors import DomainError
from youthhub.core.transaction import (
    finish_transaction,
    refused_goes_to,
    refused_shows,
    show_refusal,
    writes_on_get,
)
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


PACKAGE = Path(__file__).resolve().parents[2] / "youthhub"


def add_group(name: str) -> None:
    db.session.add(Group(name=name))


def group_named(name: str) -> Group | None:
    db.session.rollback()
    return db.session.scalar(select(Group).filter_by(name=name))


class TestOneCommitPerRequest:
    def test_a_successful_post_is_committed_after_the_view(self, app):
        with app.test_request_context("/anything", method="POST"):
            add_group("Kept")
            finish_transaction(Response("done"))
        assert group_named("Kept") is not None

    @pytest.mark.parametrize("status", [400, 403, 404, 500])
    def test_a_post_that_failed_is_rolled_back(self, app, status):
        with app.test_request_context("/anything", method="POST"):
            add_group("Dropped")
            finish_transaction(Response("no", status=status))
        assert group_named("Dropped") is None

    @pytest.mark.parametrize("method", ["GET", "HEAD"])
    def test_a_get_never_writes_even_if_something_tried(self, app, method):
        with app.test_request_context("/anything", method=method):
            add_group("Sneaky")
            finish_transaction(Response("page"))
        assert group_named("Sneaky") is None

    def test_a_view_marked_writes_on_get_keeps_its_writes(self, app):
        app.view_functions["test_stripe_return"] = writes_on_get(lambda: "ok")
        try:
            with app.test_request_context("/anything", method="GET") as context:
                context.request.url_rule = Rule("/anything", endpoint="test_stripe_return")
                add_group("Returned from Stripe")
                finish_transaction(Response("page"))
        finally:
            del app.view_functions["test_stripe_return"]
        assert group_named("Returned from Stripe") is not None


class TestOneAnswerToEveryRefusal:
    def test_a_refusal_rolls_back_says_why_and_goes_where_the_view_said(self, app):
        with app.test_request_context("/anything", method="POST"):
            add_group("Half done")
            refused_goes_to("/groups/")
            response = show_refusal(DomainError("You're already in this group."))
            finish_transaction(response)
            from flask import get_flashed_messages

            assert get_flashed_messages(with_categories=True) == [
                ("error", "You're already in this group.")
            ]
        assert response.status_code == 302 and response.location == "/groups/"
        assert group_named("Half done") is None

    def test_a_refused_form_shows_its_page_again(self, app):
        with app.test_request_context("/anything", method="POST"):
            refused_shows(lambda: ("the form, as typed", 200))
            assert show_refusal(DomainError("No.")) == ("the form, as typed", 200)

    def test_without_a_place_to_go_it_goes_back_where_the_person_came_from(self, app):
        came_from = {"Referer": "http://localhost/activities/?week=2"}
        with app.test_request_context("/anything", method="POST", headers=came_from):
            assert show_refusal(DomainError("No.")).location == "/activities/?week=2"

    @pytest.mark.parametrize(
        "referrer", ["https://evil.example/phish", "http://localhost//evil.example", None]
    )
    def test_it_never_goes_back_to_another_site(self, app, referrer):
        headers = {"Referer": referrer} if referrer else {}
        with app.test_request_context("/anything", method="POST", headers=headers):
            assert show_refusal(DomainError("No.")).location == "/"

    def test_a_refused_button_keeps_nothing_and_shows_the_message(self, client):
        group = make_group("Eat Club")
        young = make_young_person()
        make_member(group, young, status=MembershipStatus.REQUESTED)
        log_in(client, young)
        response = client.post(f"/groups/{group.id}/join", follow_redirects=True)
        assert "You've already asked to join" in text(response)
        assert "Eat Club" in text(response)  # back on the group's page
        asks = db.session.scalars(select(Membership).filter_by(group_id=group.id)).all()
        assert len(asks) == 1

    def test_a_refused_form_keeps_what_was_typed(self, client):
        from tests.activities.test_views import ACTIVITY_FORM

        group = make_group("Brothers")
        lead = make_young_person()
        make_member(group, lead, lead=True)
        log_in(client, lead)
        backwards = {**ACTIVITY_FORM, "repeat": "none", "end_time": "17:00"}
        backwards["title"] = "A title nobody else would type"
        response = client.post(f"/groups/{group.id}/sessions/new", data=backwards)
        assert response.status_code == 200
        assert "The finish time needs to be after the start time." in text(response)
        assert "A title nobody else would type" in response.get_data(as_text=True)


# --- Rules that walk the code, so they stay true without anyone remembering them ---


def view_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("views*.py"))


def test_there_are_views_to_check():
    assert len(view_modules()) >= 15


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_never_commit_nor_catch_a_refusal(path):
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"
        ):
            found.append(f"line {node.lineno}: commit()")
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = ast.unparse(node.type)
            if "DomainError" in caught or "NotAllowed" in caught:
                found.append(f"line {node.lineno}: except {caught}")
    assert found == []


# --- GET never writes: every page, as every role ---


@pytest.fixture
def write_statements(app):
    """Every INSERT, UPDATE or DELETE the app sends while the fixture is watching."""
    seen: list[str] = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(statement.strip().splitlines()[0][:80])

    event.listen(db.engine, "before_cursor_execute", watch)
    yield seen
    event.remove(db.engine, "before_cursor_execute", watch)


from tests.support.queries import ACCESS_LOG_INSERT, LAST_SEEN_UPDATE  # noqa: E402


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "young_person",
        "newcomer",
        "youth_worker",
        "finance",
        "admin",
    ],
)
def test_no_page_writes_to_the_database(app, world, role, write_statements):  # noqa: F811
    """ "newcomer" has just signed up and has nothing else yet (no calendar link, no bookings,
    no goals, no money), so no page can be tempted to make something on the way."""
    from tests.core.test_routes import client_as, routes

    if role == "newcomer":
        with app.test_request_context():
            newcomer = sign_up_young_person(
                preferred_name="Newcomer",
                email="newcomer@example.org",
                password=PASSWORD,
                date_of_birth=date(2007, 5, 1),
            )
            confirm_sign_up(make_sign_up_token(newcomer))  # the emailed link, opened
            world.people["newcomer"] = newcomer
        db.session.commit()
    client = client_as(app, world, role)
    writers = {}
    for rule in routes(app, "GET"):
        if getattr(app.view_functions[rule.endpoint], "writes_on_get", False):
            continue  # Stripe's return addresses: the documented exception
        write_statements.clear()
        client.get(world.url(rule))
        # The other documented exception: a staff member opening a young person's record is
        # written down for the young person to see ("who has looked at my data"), after the
        # page's own transaction was rolled back, on its own connection (core/access_log.py).
        # Exactly that insert, and nothing else. And the signed-in session's "last seen", at most
        # once a minute, written the same way (accounts/sessions.py).
        others = [
            s for s in write_statements if not s.startswith((ACCESS_LOG_INSERT, LAST_SEEN_UPDATE))
        ]
        if others:
            writers[rule.rule] = others
    assert writers == {}


def test_only_stripes_return_addresses_write_on_get(app):
    writers = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "writes_on_get", False)
    }
    assert all(endpoint.startswith("payments") for endpoint in writers), writers


def test_the_watcher_sees_a_write(app, client, write_statements):
    """The check above would pass on nothing if it could not see writes: it can."""
    group = make_group("Parent Power")
    log_in(client, make_young_person())
    write_statements.clear()
    client.post(f"/groups/{group.id}/join")
    assert any(statement.startswith("INSERT INTO memberships") for statement in write_statements)


@pytest.mark.committing
def test_a_savepoint_as_the_first_write_is_still_rolled_back(app):
    """SQLite's driver would commit a released SAVEPOINT that no BEGIN came before: the request's
    rollback must undo it on every database, or a GET or a refused action could keep writes.
    (With real commits: inside the test harness's own transaction it could not go wrong.)"""
    with app.test_request_context("/anything", method="GET"):
        with db.session.begin_nested():
            add_group("Inside a savepoint")
        finish_transaction(Response("page"))
    assert group_named("Inside a savepoint") is None


@pytest.mark.committing
@pytest.mark.parametrize("write", ["flushed", "by statement"])
def test_a_get_that_wrote_is_rolled_back_with_real_commits(app, write):
    """A GET that only read ends with COMMIT on PostgreSQL (core/database.py); one that wrote,
    through the ORM or by a statement of its own, must still be rolled back on every database."""
    with app.test_request_context("/anything", method="GET"):
        if write == "flushed":
            add_group("Flushed on a GET")
            db.session.flush()
        else:
            db.session.connection().execute(insert(Group).values(name="Written on a GET"))
        finish_transaction(Response("page"))
    assert group_named("Flushed on a GET") is None
    assert group_named("Written on a GET") is None


@pytest.mark.committing
@pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="psycopg's prepared statements")
def test_pages_that_only_read_keep_their_prepared_statements(app, client):
    """psycopg prepares a statement once it has run five times on a connection and forgets them
    all at a ROLLBACK: pages that end their reads with one are planned again every time."""
    log_in(client, make_young_person())
    db.session.remove()
    db.engine.dispose()  # connections other tests left in the pool would take turns with it
    served = []
    record = lambda dbapi_connection, *_: served.append(dbapi_connection)  # noqa: E731
    event.listen(db.engine, "checkout", record)
    try:
        for _ in range(12):  # five times on each connection, if the pool takes turns with two
            assert client.get("/goals/").status_code == 200
    finally:
        event.remove(db.engine, "checkout", record)
    connection = served[-1]  # back in the pool, idle: asked directly, then left as it was
    prepared = connection.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
    connection.rollback()
    assert prepared > 0


@pytest.mark.committing
@pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="an aborted PostgreSQL transaction")
def test_a_get_whose_statement_failed_is_rolled_back_and_the_next_page_works(app, client):
    log_in(client, make_young_person())
    with app.test_request_context("/anything", method="GET"):
        db.session.scalar(select(Group.id))
        with pytest.raises(DBAPIError):
            db.session.execute(sql("SELECT 1 / 0"))
        finish_transaction(Response("error page", status=500))
    assert client.get("/goals/").status_code == 200
