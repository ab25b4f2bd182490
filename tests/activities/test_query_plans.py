"""The register and "my activities" read only their own rows, however many people and activities
there are (PostgreSQL's plans; see tests/support/plans.py)."""

from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance, make_booking
from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_worker, make_young_person
from tests.support.plans import whole_table_reads
from tests.support.queries import count_queries
from youthhub.extensions import db

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="asks PostgreSQL's planner")


def page_reads(client, url, tables) -> list:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return whole_table_reads(db.session.connection(), statements, tables)


def busy_programme():
    """Young people booked on, and marked at, activities past and coming."""
    people = [make_young_person(name=f"Sam {n}") for n in range(3)]
    coming = make_activity(starts_in=timedelta(hours=1))
    past = make_activity(starts_in=timedelta(days=-5))
    for person in people:
        make_booking(coming, person)
        make_attendance(past, person)
    return people, coming


def test_the_register_reads_only_the_people_on_it(client):
    _, coming = busy_programme()
    walk_in = make_young_person(name="Ash")
    make_attendance(coming, walk_in, walk_in=True)
    log_in(client, make_worker())

    found = page_reads(
        client, f"/activities/{coming.id}/register", ("users", "bookings", "attendances")
    )
    assert found == []


def test_my_activities_reads_only_the_persons_own(client):
    people, _ = busy_programme()
    make_activity(starts_in=timedelta(days=9))
    log_in(client, people[0])

    assert page_reads(client, "/my-activities", ("activities", "bookings", "attendances")) == []


def test_whats_on_reads_only_the_fortnight_it_shows(client):
    people, _ = busy_programme()
    make_activity(starts_in=timedelta(days=9))
    make_activity(starts_in=timedelta(days=30), kind="trip")
    log_in(client, people[0])

    for url in ("/whats-on", "/whats-on?kind=trip&paid=1", "/whats-on?start=2099-01-01"):
        assert page_reads(client, url, ("activities", "bookings")) == [], url
