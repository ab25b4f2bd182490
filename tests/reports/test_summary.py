"""The activity table in a programme's own shape: month, activity, attended, who attended."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.factories import log_in, make_worker, make_young_person
from tests.support.queries import count_queries
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.extensions import db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def years_back(app):
    """Spring 2022: a first session, a mixed one a month later, and a big drop-in."""
    old_hand, newcomer = make_young_person(), make_young_person()
    first = make_activity(title="Local Offer Re-design", starts_at=at(2022, 1, 3, 17))
    make_attendance(first, old_hand)
    theatre = make_activity(title="Theatre Trip", starts_at=at(2022, 4, 5, 18))
    for person in (old_hand, newcomer):
        make_attendance(theatre, person)
    make_activity(
        title="BCJ Drop In",
        starts_at=at(2022, 4, 20, 12),
        professionals_count=15,
        unnamed_young_people=25,
        online_link="https://meet.example/drop-in",
    )


def test_the_page_shows_months_years_back_with_who_attended(client, years_back):
    log_in(client, make_worker())
    page = "/manage/reports/activities/summary?start=2022-03&end=2022-04"
    months = client.get(page).get_data(as_text=True)
    assert "March 2022" in months and "April 2022" in months and "Theatre Trip" not in months
    assert "Reach counts young people we know by name." in months
    assert 'href="/manage/reports/activities/summary?month=2022-04&amp;start=2022-03' in months

    html = client.get(page + "&month=2022-04").get_data(as_text=True)
    assert "Local Offer" not in html  # January is outside the months chosen
    assert "Activities in April 2022" in html and "Theatre Trip" in html
    # The old hand's three months have passed; the newcomer's first session.
    assert "New and old members" in html
    assert "Professionals &amp; YP&#39;s, Online" in html


def test_the_csv_is_the_programmes_shape(client, years_back):
    log_in(client, make_worker())
    response = client.get("/manage/reports/activities/summary.csv?start=2022-01&end=2022-04")
    assert "activities-2022-01-to-2022-04.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[:4] == [
        ["Month", "Activity", "Attended", "Who attended"],
        ["January 2022", "Local Offer Re-design", "1", "New members"],
        ["April 2022", "Theatre Trip", "2", "New and old members"],
        ["April 2022", "BCJ Drop In", "40", "Young people, Professionals & YP's, Online"],
    ]
    assert rows[4][1:3] == ["Total", "43"]
    assert rows[5][1:3] == ["Reach (different young people)", "2"]
    assert rows[6][1:3] == ["Attendances by young people", "28"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2022&end=2022-04", "Enter months like 2022-03"),
        ("start=2022-13&end=2023-01", "Enter months like 2022-03"),
        ("start=2023-05&end=2023-01", "up to ten years apart"),
        ("start=2001-01&end=2023-01", "up to ten years apart"),
    ],
)
def test_months_that_are_not_months_fall_back_with_a_message(client, query, message):
    log_in(client, make_worker())
    response = client.get(f"/manage/reports/activities/summary?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def _add_history(months: int, per_month: int, people: int) -> None:
    """`months` of activities from 2023, each with `people` young people, committed at once."""
    group = [make_young_person() for _ in range(people)]
    activities = [
        Activity(
            title=f"Session {month}-{number}",
            kind=ActivityKind.MEETING,
            starts_at=at(2023, 1, 1, 12) + timedelta(days=30 * month + number),
            ends_at=at(2023, 1, 1, 14) + timedelta(days=30 * month + number),
            professionals_count=number % 2,
            online_link="https://meet.example/x" if number else None,
        )
        for month in range(months)
        for number in range(per_month)
    ]
    db.session.add_all(activities)
    db.session.flush()
    db.session.add_all(
        Attendance(activity_id=activity.id, person_id=person.id, attended=True)
        for activity in activities
        for person in group
    )
    db.session.commit()


def queries_for(client, url) -> int:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_queries_stay_the_same_as_the_history_grows(client):
    log_in(client, make_worker())
    urls = [
        "/manage/reports/activities/summary?start=2023-01&end=2024-12",
        "/manage/reports/activities/summary.csv?start=2023-01&end=2024-12",
        "/manage/reports/activities?start=2023-01-01&end=2024-12-31",
        "/manage/reports/activities.csv?start=2023-01-01&end=2024-12-31",
        "/manage/reports/activities/summary?start=2023-01&end=2024-12&month=2023-01",
        "/manage/reports/activities?start=2023-01-01&end=2024-12-31&month=2023-01",
    ]
    _add_history(months=1, per_month=1, people=1)
    small = [queries_for(client, url) for url in urls]
    _add_history(months=12, per_month=4, people=6)
    assert [queries_for(client, url) for url in urls] == small
