"""The monitoring page counts who came without reading every attendance: the register is read
only for the days that do not fill a month, through its activities; who rated, and how far they
moved, come from the period's ratings alone (PostgreSQL's plans; see tests/support/plans.py)."""

from datetime import UTC, datetime

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_admin, make_young_person
from tests.goals.factories import default_areas
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.extensions import db
from youthhub.goals.models import Rating

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def at(month: int) -> datetime:
    return datetime(2025, month, 14, 18, tzinfo=UTC)


def test_who_came_and_who_rated_read_no_whole_table(client):
    people = [make_young_person(name=f"Sam {n}") for n in range(3)]
    for month in range(1, 13):
        activity = make_activity(starts_at=at(month))
        for person in people[: month % 3 + 1]:
            make_attendance(activity, person)
    job = default_areas()["job"]
    for month, score in ((1, 3), (4, 6), (9, 8)):
        for person in people:
            db.session.add(
                Rating(owner_id=person.id, area_id=job.id, score=score, rated_at=at(month))
            )
    db.session.commit()
    log_in(client, make_admin())
    # From the 2nd: the days before March are read from the register.
    url = "/manage/monitoring?start=2025-02-02&end=2025-12-31"
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    tables = ("attendances", "first_visits", "months_of_visits", "ratings")
    found = whole_table_reads(db.session.connection(), statements, tables)
    assert found == []
