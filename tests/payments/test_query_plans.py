"""The claims queue and the finance queue read and sort only a page of their rows, however many
claims and payments there are (PostgreSQL's plans; see tests/support/plans.py)."""

import pytest

from tests.conftest import DATABASE_KIND
from tests.factories import log_in
from tests.payments.test_query_counts import add_money
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.extensions import db

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
