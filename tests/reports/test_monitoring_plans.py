"""The monitoring page counts who came without reading every attendance: the register is read
only for the days that do not fill a month, through its activities (PostgreSQL's plans; see
tests/support/plans.py)."""

from datetime import UTC, datetime

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_admin, make_young_person
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.extensions import db

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def test_who_came_reads_no_whole_table_of_attendance(client):
    people = [make_young_person(name=f"Sam {n}") for n in range(3)]
    for month in range(1, 13):
        activity = make_activity(starts_at=datetime(2025, month, 14, 18, tzinfo=UTC))
        for person in people[: month % 3 + 1]:
            make_attendance(activity, person)
    log_in(client, make_admin())
    # From the 2nd: the days before March are read from the register.
    url = "/manage/monitoring?start=2025-02-02&end=2025-12-31"
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    tables = ("attendances", "first_visits", "months_of_visits")
    found = whole_table_reads(db.session.connection(), statements, tables)
    assert found == []
