"""Distance travelled reads only the period's ratings, from indexes, and never sorts them
(PostgreSQL's plans; see tests/support/plans.py)."""

from datetime import timedelta

import pytest

from tests.conftest import DATABASE_KIND
from tests.goals.factories import make_rating
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
    # Each person's first and latest moment in an area come from a grouping, their scores from
    # an index (a window sorting every rating of the period spilled to disk at a region's scale).
    connection = db.session.connection()
    found = whole_table_reads(connection, statements, ("ratings",), not_sorted=("ratings",))
    assert found == []
