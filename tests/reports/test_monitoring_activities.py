"""Monitoring: activities held by kind, format and month, counted by hand at London's month
and period edges; the share led by young people; the one count of young people hidden when
small; nobody's name on the page or in a CSV."""

from datetime import UTC, date, datetime

import pytest

from tests.activities.factories import make_activity, make_attendance, make_group
from tests.factories import log_in, make_admin, make_evaluator, make_young_person
from youthhub.activities.models import ActivityKind
from youthhub.core.small_numbers import SMALL, Cell
from youthhub.reports.monitoring import activities
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))
DATES = "start=2025-04-01&end=2025-09-30"
LINK = "https://meet.example.org/planted"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def held():
    """Activities either side of London's midnights (British Summer Time is UTC+1), a power
    group's sessions with two young people, a cancelled one, and one after the period."""
    group = make_group(name="Planted group")
    people = [make_young_person(name=f"Planted {name}") for name in "AB"]
    # 1 April in London: this period
    make_activity(starts_at=at(2025, 3, 31, 23, 30), audience_csv="open_to_all,new_members")
    # 31 March in London: the period before
    make_activity(starts_at=at(2025, 3, 31, 22, 30), online_link=LINK, audience_csv="online")
    # 1 May in London
    make_activity(
        starts_at=at(2025, 4, 30, 23, 30), kind=ActivityKind.TRIP, audience_csv="open_to_all"
    )
    may = make_activity(starts_at=at(2025, 5, 10, 17), kind=ActivityKind.MEETING, group_id=group.id)
    for person in people:
        make_attendance(may, person)
    september = make_activity(  # 30 September at 23:30 in London: still this period
        starts_at=at(2025, 9, 30, 22, 30),
        kind=ActivityKind.MEETING,
        group_id=group.id,
        online_link=LINK,
    )
    make_attendance(september, people[0])
    make_attendance(september, make_young_person(), attended=False)
    make_activity(starts_at=at(2025, 9, 30, 23, 30))  # 1 October in London: after
    make_activity(starts_at=at(2025, 6, 5, 17), cancelled_at=at(2025, 6, 1))
    february = make_activity(
        starts_at=at(2025, 2, 1, 12), kind=ActivityKind.MEETING, group_id=group.id
    )
    make_attendance(february, people[1])
    return people


def figures(section):
    return {figure.label: (figure.now, figure.before) for figure in section.figures}


def rows(section, key):
    return {row[0]: row[1:] for row in section.table(key).rows}


def test_the_period_and_the_one_before(app, held):
    with app.test_request_context():
        found = figures(activities.section(PERIOD, limit=0))
    assert found == {
        "Activities held": (4, 2),
        "In person": (3, 1),
        "Online": (1, 1),
        "Led by young people (power groups' sessions)": (2, 1),
        "Share led by young people": ("50%", "50%"),
        "Young people who came to sessions led by young people": (Cell(2), Cell(1)),
    }


def test_by_kind_and_format(app, held):
    with app.test_request_context():
        kinds = rows(activities.section(PERIOD, limit=0), "activities-by-kind")
    assert len(kinds) == len(ActivityKind)
    assert kinds["Workshop"] == (1, 0, 1, 0, 1)
    assert kinds["Trip"] == (1, 0, 1, 0, 0)
    assert kinds["Meeting"] == (1, 1, 2, 2, 1)
    assert kinds["Panel"] == (0, 0, 0, 0, 0)


def test_by_month_in_london_time(app, held):
    with app.test_request_context():
        section = activities.section(PERIOD, limit=0)
    months = rows(section, "activities-by-month")
    assert list(months) == ["Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sept 2025"]
    assert months["Apr 2025"] == (1, 0, 1, 0)
    assert months["May 2025"] == (2, 0, 2, 1)
    assert months["Jun 2025"] == (0, 0, 0, 0)
    assert months["Sept 2025"] == (0, 1, 1, 1)
    chart = section.table("activities-by-month").chart
    assert [bar.parts for bar in chart.bars][1] == (2, 0)


def test_by_audience(app, held):
    with app.test_request_context():
        audiences = rows(activities.section(PERIOD, limit=0), "activities-by-audience")
    assert audiences == {
        "Open to all": (2, 0),
        "Movement members": (0, 0),
        "New members": (1, 0),
        "Online": (0, 1),
    }


def test_a_period_with_nothing_has_no_share(app):
    with app.test_request_context():
        found = figures(activities.section(PERIOD, limit=0))
    assert found["Share led by young people"] == (activities.NO_SHARE, activities.NO_SHARE)


def test_few_young_people_are_hidden_but_activities_are_not(app, held):
    with app.test_request_context():
        found = figures(activities.section(PERIOD, limit=10))
    assert found["Activities held"] == (4, 2)
    now, before = found["Young people who came to sessions led by young people"]
    assert (now.state, before.state) == (SMALL, SMALL)


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_on_the_page_or_in_any_csv(client, held, who):
    log_in(client, who())
    page = client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)
    assert "Activities held, by kind and format" in page
    texts = [page]
    for table in ("activities-by-kind", "activities-by-month", "activities-by-audience"):
        response = client.get(f"/manage/monitoring/activities/{table}.csv?{DATES}")
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    assert "Meeting,1,1,2,2,1" in texts[1].splitlines()
    assert not [text for text in texts if "Planted" in text.replace("Planted group", "")]
