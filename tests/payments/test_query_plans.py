"""The claims queue and the finance queue read and sort only a page of their rows, however many
claims and payments there are (PostgreSQL's plans; see tests/support/plans.py)."""

import pytest

from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_approved_claim
from tests.payments.test_query_counts import add_money
from tests.support.plans import plan_of, whole_table_reads
from tests.support.queries import count_queries
from youthhub.core import paging
from youthhub.extensions import db
from youthhub.payments import queries
from youthhub.payments.models import ClaimStatus, Contribution

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def page_reads(client, url, tables, not_sorted) -> list:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return whole_table_reads(db.session.connection(), statements, tables, not_sorted=not_sorted)


def test_the_claims_queue_reads_the_oldest_in_order_without_every_user(client, cast):
    add_money(cast, 1)
    log_in(client, cast.worker)

    found = page_reads(
        client, "/manage/claims?status=approved", ("users", "contributions"), ("contributions",)
    )
    assert found == []


def test_the_finance_queue_reads_the_latest_payments_in_order(client, cast):
    add_money(cast, 1)
    log_in(client, cast.finance)

    assert page_reads(client, "/manage/finance", ("payments",), ("payments",)) == []


def full_sorts(node: dict) -> list[str]:
    """The plan's Sort nodes: each takes in every row below it. (An Incremental Sort is not
    one: its rows come presorted by the leading keys, and a Limit above it stops the reading.)"""
    own = [node.get("Sort Key")] if node["Node Type"] == "Sort" else []
    return own + [found for child in node.get("Plans", []) for found in full_sorts(child)]


def test_the_finance_queue_reads_the_oldest_approved_claims_a_page_at_a_time(client, cast):
    add_money(cast, 2)
    log_in(client, cast.finance)

    with count_queries(db.engine) as statements:
        assert client.get("/manage/finance").status_code == 200
    connection = db.session.connection()
    tables = ("users", "contributions", "payments", "payment_profiles")
    assert whole_table_reads(connection, statements, tables, not_sorted=("payments",)) == []
    # As in `whole_table_reads`: a tiny table makes reading and sorting all of it the cheapest
    # plan, so both are priced out; a Sort that is still there has no other way to run.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    sorts = [
        sort
        for statement, parameters in statements.run
        if statement.lstrip().upper().startswith("SELECT") and "contributions" in statement
        for sort in full_sorts(plan_of(connection, statement, parameters))
    ]
    assert sorts == []


def users_read(node: dict) -> int:
    """How many rows of `users` a run plan (EXPLAIN ANALYZE) read, all its loops together."""
    own = node["Actual Rows"] * node["Actual Loops"] if node.get("Relation Name") == "users" else 0
    return own + sum(users_read(child) for child in node.get("Plans", []))


def test_a_later_page_of_the_claims_queue_looks_up_only_its_own_people(client, cast, monkeypatch):
    """The claims skipped to reach a page are skipped in the status index: joined to their people
    first, the last of 500 pages looked each of 25,000 people up only to skip them."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for _ in range(6):
        make_approved_claim(cast.young, cast.worker)
    log_in(client, cast.worker)

    with count_queries(db.engine) as statements:
        assert client.get("/manage/claims?status=approved&page=3").status_code == 200
    connection = db.session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # as at scale (plans.py)
    read = [
        users_read(plan_of(connection, statement, parameters, analyze=True))
        for statement, parameters in statements.run
        if "JOIN users" in statement and "contributions" in statement
    ]
    assert read == [2]


def test_the_young_persons_money_page_reads_only_their_own_claims_and_payments(client, cast):
    # Their claims are all shown, sorted: a sort of one person's claims, not of the table.
    add_money(cast, 1)
    log_in(client, cast.young)

    tables = ("contributions", "payments", "payment_profiles", "users")
    assert page_reads(client, "/money", tables, ()) == []


def many_approved_claims(how_many: int) -> None:
    """Copies of an approved claim, so the planner sees a region's queue (plans are priced by
    the table's size: on a few rows every plan costs the same)."""
    table = Contribution.__table__
    columns = ", ".join(column.name for column in table.c if column.name != "id")
    connection = db.session.connection()
    connection.exec_driver_sql(
        f"INSERT INTO contributions ({columns}) SELECT {columns} FROM contributions,"  # noqa: S608 - the table's own column names
        " generate_series(1, %(copies)s) WHERE id = (SELECT min(id) FROM contributions"
        " WHERE status = 'approved')",
        {"copies": how_many},
    )
    connection.exec_driver_sql("ANALYZE contributions")


def test_the_queues_statements_are_planned_once_not_on_every_run(app, cast):
    """PostgreSQL plans a prepared statement for its values for five runs, then keeps one plan
    if it looks no dearer. A LIMIT (or a status) sent as a parameter made every plan for all
    values look dearer, so each statement was planned again on every run (issue 19: ~0.3 ms of
    the server's CPU each)."""
    add_money(cast, 1)
    many_approved_claims(5_000)
    runs = 12  # psycopg prepares a statement at its fifth run; PostgreSQL decides at its sixth
    for _ in range(runs):
        queries.finance_queue(1)
        queries.claims_listed(ClaimStatus.APPROVED, 1)
    kept = db.session.connection().exec_driver_sql(
        "SELECT statement, generic_plans FROM pg_prepared_statements"
        " WHERE statement LIKE 'SELECT%%contributions%%'"
    )
    plans = {" ".join(statement.split())[:90]: generic for statement, generic in kept}
    assert len(plans) >= 4  # the approved page, those in flight, the latest payments, the list
    assert {statement: generic for statement, generic in plans.items() if not generic} == {}
