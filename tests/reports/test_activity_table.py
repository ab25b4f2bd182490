"""The activity table, checked against figures worked out by hand."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.factories import log_in, make_finance, make_worker, make_young_person
from youthhub.core.time import utcnow
from youthhub.reports import activity_table
from youthhub.reports.activity_table import WhoAttended


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def half_year(app):
    """January to June 2026: three activities that count, and three that must not."""
    p = [make_young_person() for _ in range(8)]
    theatre = make_activity(
        title="Theatre trip",
        starts_at=at(2026, 1, 10, 18),
        audience_csv="movement_members",
        professionals_count=2,
        guests_count=1,
        register_taken_at=utcnow(),
    )
    for person in p[:3]:
        make_attendance(theatre, person)
    make_attendance(theatre, p[3], attended=False)
    eat_club = make_activity(
        title="=Eat Club", starts_at=at(2026, 1, 20, 17), audience_csv="new_members,online"
    )
    for person in (p[0], p[4]):
        make_attendance(eat_club, person)
    drop_in = make_activity(
        title="Drop in",
        starts_at=at(2026, 2, 3, 16),
        audience_csv="open_to_all",
        professionals_count=5,
        guests_count=3,
    )
    make_attendance(drop_in, p[1])
    make_attendance(drop_in, p[5], walk_in=True)
    cancelled = make_activity(
        title="Called off", starts_at=at(2026, 2, 10, 16), cancelled_at=utcnow()
    )
    make_attendance(cancelled, p[6])
    # 23:30 UTC on 30 June is 00:30 on 1 July in London: outside the period.
    make_attendance(make_activity(title="Midsummer", starts_at=at(2026, 6, 30, 23, 30)), p[7])
    make_attendance(make_activity(title="Before", starts_at=at(2025, 12, 31, 23)), p[7])
    return p


def test_figures_match_the_hand_count(half_year):
    table = activity_table.build(date(2026, 1, 1), date(2026, 6, 30))

    assert [m.first_day for m in table.months] == [date(2026, 1, 1), date(2026, 2, 1)]
    january, february = table.months
    assert [r.activity.title for r in january.rows] == ["Theatre trip", "=Eat Club"]
    theatre = january.rows[0].counts
    assert (theatre.young_people, theatre.professionals, theatre.guests) == (3, 2, 1)
    assert theatre.attended == 6
    # Everyone is in their first three months and six sessions: all new members.
    assert (theatre.new_members, theatre.movement_members) == (3, 0)
    assert january.rows[0].who_attended == (WhoAttended.NEW_MEMBERS, WhoAttended.PROFESSIONALS)
    assert january.subtotal.attended == 8
    assert january.subtotal.new_members == 5
    assert february.subtotal.attended == 10

    totals = table.totals
    assert (totals.young_people, totals.professionals, totals.guests) == (7, 7, 4)
    assert totals.attended == 18
    assert table.reach == 5  # people 0, 1, 2, 4 and 5
    assert table.attendances == 7
    assert table.activities == 3


def test_future_activities_are_not_in_the_table(app):
    make_activity(title="Next week")
    today = datetime.now(UTC).date()
    table = activity_table.build(date(2020, 1, 1), date(today.year + 1, 12, 31))
    assert table.activities == 0 and table.reach == 0


PAGE = "/manage/reports/activities?start=2026-01-01&end=2026-06-30"


def test_the_page_shows_a_row_per_month_with_its_totals(client, half_year):
    log_in(client, make_worker())
    html = client.get(PAGE).get_data(as_text=True)
    assert "January 2026" in html and "February 2026" in html
    assert "Theatre trip" not in html  # a month's rows only when asked for
    assert "Reach counts young people we know by name." in html
    assert "<dd>5</dd>" in html  # reach
    january = html[html.index("<tbody>") : html.index("February 2026")]
    assert 'href="/manage/reports/activities?month=2026-01&amp;start=2026-01-01' in january
    assert ">2</td>" in january and "5 new members · 2 professionals · 1 guest" in january
    assert "No register yet" not in html  # a row's warning is with its row


def test_a_months_rows_are_shown_when_asked_for(client, half_year):
    log_in(client, make_worker())
    html = client.get(PAGE + "&month=2026-01").get_data(as_text=True)
    rows = html[html.index('id="month-rows"') :]
    assert "Activities in January 2026" in rows
    assert "Theatre trip" in rows and "Called off" not in html and "Midsummer" not in html
    assert "New members, Professionals &amp; YP&#39;s<br>" in rows
    assert "3 new members · 2 professionals · 1 guest" in rows
    assert "No register yet" in rows  # Eat Club's register was never saved
    assert "Back to every month" in rows


@pytest.mark.parametrize("month", ["2025-12", "2026-13", "soon"])
def test_a_month_outside_the_period_says_so_and_shows_the_months(client, half_year, month):
    log_in(client, make_worker())
    response = client.get(PAGE + f"&month={month}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "That month isn&#39;t in this period: choose one from the table." in html
    assert "January 2026" in html and 'id="month-rows"' not in html


def test_the_csv_has_every_row_subtotals_and_totals(client, half_year):
    log_in(client, make_worker())
    response = client.get("/manage/reports/activities.csv?start=2026-01-01&end=2026-06-30")
    assert response.mimetype == "text/csv"
    assert "activity-table-2026-01-01-to-2026-06-30.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "Month",
        "Date",
        "Activity",
        "Kind",
        "Who it was for",
        "Attended",
        "Young people",
        "New members",
        "Movement members",
        "Young people without names",
        "Professionals",
        "Guests",
        "Who attended",
    ]
    assert rows[1] == [
        "January 2026",
        "2026-01-10",
        "Theatre trip",
        "Workshop",
        "Movement members",  # who it was for: the audience tag
        "6",
        "3",
        "3",
        "0",
        "0",
        "2",
        "1",
        "New members, Professionals & YP's",  # who came: their stage
    ]
    assert rows[2][2] == "'=Eat Club"  # never run as a spreadsheet formula
    assert rows[3][2:12] == ["Subtotal", "", "", "8", "5", "5", "0", "0", "2", "1"]
    assert rows[-4][2:12] == ["Total", "", "", "18", "7", "7", "0", "0", "7", "4"]
    assert rows[-3][2:6] == ["Reach (different young people)", "", "", "5"]
    assert rows[-2][2:6] == ["Attendances by young people", "", "", "7"]
    assert rows[-1][2] == "Reach counts young people we know by name."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=nonsense&end=2026-01-01", "Showing the last twelve months"),
        ("start=2026-05-01&end=2026-01-01", "up to five years apart"),
        ("start=1900-01-01&end=2026-01-01", "up to five years apart"),
    ],
)
def test_a_bad_period_falls_back_to_the_last_year_with_a_message(client, query, message):
    log_in(client, make_worker())
    response = client.get(f"/manage/reports/activities?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_finance_does_not_see_the_report(client):
    log_in(client, make_finance())
    assert client.get("/manage/reports/activities").status_code == 403


def test_a_young_persons_attendance_history(client, half_year):
    log_in(client, make_worker())
    html = client.get(f"/manage/reports/people/{half_year[0].id}/attendance").get_data(as_text=True)
    assert "Theatre trip" in html and "=Eat Club" in html
    assert "<dt>Came</dt><dd>2</dd>" in html
    missed = client.get(f"/manage/reports/people/{half_year[3].id}/attendance").get_data(
        as_text=True
    )
    assert "<dt>Missed</dt><dd>1</dd>" in missed


def test_attendance_history_is_only_for_young_people(client):
    worker = make_worker()
    log_in(client, worker)
    assert client.get(f"/manage/reports/people/{worker.id}/attendance").status_code == 404
    assert client.get("/manage/reports/people/99999/attendance").status_code == 404
