"""The activity table counts a period's new and movement members, and its reach, from that
period's attendance alone: no young person's earlier history is read. Asked of PostgreSQL's
plans as they run (see tests/support/plans.py): an index read from end to end has an index
condition too, so the rows it reads are counted."""

import json
from datetime import UTC, datetime

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_admin, make_young_person
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.extensions import db

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")

YEAR = "start=2025-01-01&end=2025-12-31"


def _rows_read(node: dict, table: str) -> int:
    own = 0
    if node.get("Relation Name") == table:
        kept = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        own = kept * node["Actual Loops"]
    return own + sum(_rows_read(child, table) for child in node.get("Plans", []))


def most_rows_read(connection, statements, table: str) -> int:
    """The most rows of `table` any one of `statements` reads, as PostgreSQL runs it."""
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a test's tables are tiny
    most = 0
    for statement, parameters in statements.run:
        if statement.lstrip().upper().startswith("SELECT"):
            rows = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
            )
            plan = rows.scalar_one()
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            most = max(most, _rows_read(plan, table))
    connection.exec_driver_sql("RESET enable_seqscan")
    return most


@pytest.mark.parametrize(
    "url",
    [
        f"/manage/reports/activities?{YEAR}",
        f"/manage/reports/activities?{YEAR}&month=2025-06",
        f"/manage/reports/activities.csv?{YEAR}",
        "/manage/reports/activities/summary?start=2025-01&end=2025-12",
    ],
)
def test_the_activity_table_reads_only_the_period_s_attendance(client, url):
    people = [make_young_person(name=f"Sam {n}") for n in range(6)]
    for month in range(1, 13):  # a busy year before, everyone at everything
        activity = make_activity(starts_at=datetime(2024, month, 14, 18, tzinfo=UTC))
        for person in people:
            make_attendance(activity, person)
    for month in range(1, 13):  # this year: 24 attendances
        activity = make_activity(starts_at=datetime(2025, month, 14, 18, tzinfo=UTC))
        for person in people[: month % 3 + 1]:
            make_attendance(activity, person)
    log_in(client, make_admin())
    with count_queries(db.engine) as statements:
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()  # the CSV is written as it is read
    connection = db.session.connection()
    assert whole_table_reads(connection, statements, ("attendances",)) == []
    assert most_rows_read(connection, statements, "attendances") <= 24
