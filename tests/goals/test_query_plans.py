"""Distance travelled reads only the period's ratings, from indexes, and never sorts them; a
young person's goal pages read only their own rows (PostgreSQL's plans; tests/support/plans.py)."""

from datetime import timedelta

import pytest

from tests.conftest import DATABASE_KIND
from tests.factories import log_in
from tests.goals.factories import area, make_comment, make_goal, make_rating
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.goals import report

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def test_distance_travelled_reads_the_periods_ratings_without_sorting_them(young):
    for days_ago, score in ((400, 3), (20, 4), (2, 7)):
        make_rating(young, score, days_ago=days_ago)
    today = london_today()
    with count_queries(db.engine) as statements:
        rows = report.distance_travelled(today - timedelta(days=364), today, threshold=0)
    assert [row.people.value for row in rows if row.people.value]
    # Only the ratings that follow another in the period, from their index (a window sorting
    # every rating of the period spilled to disk at a region's scale).
    connection = db.session.connection()
    found = whole_table_reads(connection, statements, ("ratings",), not_sorted=("ratings",))
    assert found == []


@pytest.mark.parametrize("url", ["/goals/", "/goals/areas/{area}"])
def test_the_young_persons_goal_pages_read_only_their_own_rows(client, young, worker, url):
    """The latest score in each area, the wins count, an area's ratings and the goals with their
    counts come from indexes, one person's rows at a time: never the whole table."""
    goal = make_goal(young, area_slug="happy", steps=["One"], shared_with=worker)
    make_comment(goal, worker)
    for days_ago, score in ((3, 4), (1, 8)):
        make_rating(young, score, days_ago=days_ago)
    log_in(client, young)

    with count_queries(db.engine) as statements:
        assert client.get(url.format(area=area("happy").id)).status_code == 200
    tables = ("ratings", "goals", "goal_steps", "goal_comments", "wins", "users")
    found = whole_table_reads(db.session.connection(), statements, tables, not_sorted=("ratings",))
    assert found == []
