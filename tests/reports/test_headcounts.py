"""Young people we didn't take names for: a headcount on the register that counts as
attendances by young people, never in reach."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.factories import log_in, make_worker, make_young_person
from youthhub.activities import register
from youthhub.core.errors import DomainError
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.activity_table import WhoAttended


def tonight(**fields):
    start = datetime.now(LONDON).replace(hour=23, minute=0, second=0, microsecond=0)
    return make_activity(starts_at=start.astimezone(UTC), hours=0.5, **fields)


def this_month():
    today = london_today()
    return today.replace(day=1), today + timedelta(days=1)


def test_a_fun_day_counts_its_unnamed_young_people_but_not_in_reach(app):
    fun_day, known = tonight(title="Fun Affair"), make_young_person()
    make_attendance(fun_day, known)
    register.save_register(
        fun_day,
        actor=make_worker(),
        marks={known.id: True},
        professionals=12,
        guests=3,
        unnamed=137,
    )
    db.session.commit()  # the saved register, as the table's next reader sees it
    table = activity_table.build(*this_month())
    [row] = [row for month in table.months for row in month.rows]
    assert (row.counts.young_people, row.counts.unnamed, row.counts.attended) == (138, 137, 153)
    assert table.attendances == 138
    assert table.reach == 1  # only the young person we know by name
    assert row.who_attended == (WhoAttended.NEW_MEMBERS, WhoAttended.PROFESSIONALS)


def test_a_headcount_alone_says_young_people(app):
    fun_day = tonight(online_link="https://meet.example/fun")
    register.save_register(
        fun_day, actor=make_worker(), marks={}, professionals=0, guests=0, unnamed=40
    )
    [row] = [row for month in activity_table.build(*this_month()).months for row in month.rows]
    assert row.who_attended == (WhoAttended.YOUNG_PEOPLE, WhoAttended.ONLINE)


@pytest.mark.parametrize("unnamed", [-1, 10_001])
def test_a_headcount_must_be_a_sensible_number(app, unnamed):
    with pytest.raises(DomainError, match="from 0 to 10000"):
        register.save_register(
            tonight(), actor=make_worker(), marks={}, professionals=0, guests=0, unnamed=unnamed
        )


def test_a_register_taken_today_counts_before_the_activity_starts(app):
    soon = make_activity(starts_at=utcnow() + timedelta(minutes=1))
    make_attendance(soon, make_young_person())
    period = london_today() - timedelta(days=1), london_today() + timedelta(days=1)
    assert activity_table.build(*period).attendances == 0  # not held yet, no register
    soon.register_taken_at = utcnow()
    db.session.commit()
    assert activity_table.build(*period).attendances == 1


def test_the_register_page_takes_and_shows_the_headcount(client):
    log_in(client, make_worker())
    activity = tonight()
    url = f"/activities/{activity.id}/register"
    page = client.get(url).get_data(as_text=True)
    assert "take names for</label>" in page
    response = client.post(url, data={"unnamed": "137", "professionals": "2"})
    assert response.status_code == 302
    db.session.refresh(activity)
    assert activity.unnamed_young_people == 137
    assert 'value="137"' in client.get(url).get_data(as_text=True)


def test_a_bad_headcount_is_explained_and_kept(client):
    log_in(client, make_worker())
    activity = tonight()
    response = client.post(f"/activities/{activity.id}/register", data={"unnamed": "-5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a number from 0 to 10000." in html and 'value="-5"' in html
    db.session.refresh(activity)
    assert activity.unnamed_young_people == 0 and activity.register_taken_at is None


def test_reach_says_it_counts_young_people_we_know_by_name(client):
    log_in(client, make_worker())
    for url in ("/manage/reports/activities", "/manage/reports/activities/summary"):
        assert "Reach counts young people we know by name." in client.get(url).get_data(
            as_text=True
        )
