"""Distance travelled reads only the period's ratings, and sorts them once (PostgreSQL's plans;
see tests/support/plans.py)."""

from datetime import timedelta

import pytest

from tests.conftest import DATABASE_KIND
from tests.goals.factories import make_rating
from tests.support.plans import sorts_of, whole_table_reads
from tests.support.queries import count_queries
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.goals import report

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def test_distance_travelled_reads_the_periods_ratings_once(young):
    for days_ago, score in ((400, 3), (20, 4), (2, 7)):
        make_rating(young, score, days_ago=days_ago)
    today = london_today()
    with count_queries(db.engine) as statements:
        rows = report.distance_travelled(today - timedelta(days=364), today, threshold=0)
    assert [row.people.value for row in rows if row.people.value]
    connection = db.session.connection()
    assert whole_table_reads(connection, statements, ("ratings",)) == []
    # One sort finds each person's first and latest rating in an area (a second, the other way
    # round, doubled the work and spilled to disk at a region's scale).
    assert sorts_of(connection, statements, "ratings") == 1
