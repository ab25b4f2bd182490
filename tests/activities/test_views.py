"""Activities through the web pages, as young people and staff use them on their phones."""

import json
import re
from datetime import UTC, datetime, time, timedelta
from html import unescape

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.factories import log_in, make_admin, make_worker, make_young_person
from youthhub.activities.models import (
    Activity,
    Attendance,
    Booking,
    BookingStatus,
    CalendarFeed,
)
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.notices.models import Notice


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in(client, person):
    log_in(client, person)
    return client


@pytest.fixture
def young(client):
    person = make_young_person(name="Jordan")
    log_in(client, person)
    return person


@pytest.fixture
def worker(client):
    person = make_worker(name="Sam")
    log_in(client, person)
    return person


def later_this_week() -> datetime:
    """A moment still in this week (London), however late on a Sunday the test runs."""
    now = datetime.now(LONDON)
    week_end = datetime.combine(now.date() + timedelta(days=7 - now.weekday()), time(), LONDON)
    return (now + (week_end - now) / 2).astimezone(UTC)


def afternoon_in(*, days: int) -> datetime:
    day = datetime.now(LONDON).date() + timedelta(days=days)
    return datetime.combine(day, time(14), LONDON).astimezone(UTC)


class TestWhatsOn:
    def test_upcoming_activities_soonest_first_with_places_left(self, client, young):
        make_activity(title="Later trip", starts_in=timedelta(days=10), capacity=10)
        make_activity(title="Soon workshop", starts_at=later_this_week(), capacity=3)
        make_activity(title="Called off", cancelled_at=utcnow())
        make_activity(title="Already over", starts_in=timedelta(days=-1))
        html = text(client.get("/whats-on"))
        assert html.index("Soon workshop") < html.index("Later trip")
        assert "This week" in html and "Later" in html
        assert "3 places left" in html
        assert "Called off" not in html and "Already over" not in html

    def test_filter_by_kind(self, client, young):
        make_activity(title="Pizza night", kind="meal")
        make_activity(title="Ice skating", kind="trip")
        html = text(client.get("/whats-on?kind=trip"))
        assert "Ice skating" in html and "Pizza night" not in html
        assert "Pizza night" in text(client.get("/whats-on?kind=nonsense"))

    def test_my_own_booking_shows(self, client, young):
        make_booking(make_activity(title="Bowling"), young)
        assert "You're booked" in text(client.get("/whats-on"))

    def test_a_card_says_when_where_and_that_i_wait_for_a_full_session(self, client, young):
        starts = afternoon_in(days=15)  # the second fortnight: no "This week" split
        pottery = make_activity(
            title="Pottery & tea", starts_at=starts, place="Kiln <2>", capacity=1
        )
        make_booking(pottery, make_young_person())
        make_booking(pottery, young, status=BookingStatus.WAITLISTED)
        html = client.get(f"/whats-on?start={starts.astimezone(LONDON).date()}").text
        assert f'<a href="/activities/{pottery.id}">Pottery &amp; tea</a>' in html
        day = starts.astimezone(LONDON).day
        when = rf'"activity-card__when">\w+ {day} \w+, 14:00–16:00 · Kiln &lt;2&gt;</p>'  # noqa: RUF001
        assert re.search(when, html)
        assert '<span class="tag">Workshop</span>' in html
        assert "Full: waiting list open" in html and "You&#39;re on the waiting list" not in html
        assert "You're on the waiting list" in html


class TestActivityPage:
    def test_everything_needed_to_turn_up(self, client, young):
        activity = make_activity(
            title="Kiln workshop",
            place="Kiln Theatre, 269 Kilburn High Rd",
            what_to_bring="Comfy shoes",
            contact="Sam on 07700 900123",
            starts_at=datetime(2031, 7, 1, 17, 0, tzinfo=UTC),
        )
        html = text(client.get(f"/activities/{activity.id}"))
        assert "Tue 1 Jul, 18:00" in html  # 17:00 UTC is 18:00 in London in summer
        assert "maps/search/?api=1&amp;query=Kiln%20Theatre" in html
        assert "Comfy shoes" in html and "Sam on 07700 900123" in html
        assert "Book my place" in html

    def test_unknown_activity_is_404(self, client, young):
        assert client.get("/activities/999999").status_code == 404

    def test_a_cancelled_activity_says_so(self, client, young):
        activity = make_activity(cancelled_at=utcnow(), cancel_reason="Snow day")
        html = text(client.get(f"/activities/{activity.id}"))
        assert "This activity has been cancelled." in html and "Snow day" in html
        assert "Book my place" not in html


class TestBooking:
    def test_book_and_cancel_in_one_tap_each(self, client, young):
        activity = make_activity(title="Eid meal", capacity=5)
        response = client.post(f"/activities/{activity.id}/book", follow_redirects=True)
        assert "You&#39;re booked on Eid meal" in text(response)
        assert "Cancel my place" in text(response)
        response = client.post(f"/activities/{activity.id}/cancel-booking", follow_redirects=True)
        assert "Your place at Eid meal is cancelled" in text(response)

    def test_when_full_the_waiting_list_is_offered_and_joined(self, client, young):
        activity = make_activity(capacity=1)
        make_booking(activity, make_young_person())
        page = text(client.get(f"/activities/{activity.id}"))
        assert "Join the waiting list" in page and "Book my place" not in page
        response = client.post(f"/activities/{activity.id}/book", follow_redirects=True)
        assert "You can join the waiting list" in text(response)
        response = client.post(f"/activities/{activity.id}/waiting-list", follow_redirects=True)
        assert "number 1 on the waiting list" in text(response)

    def test_an_overlap_names_the_clash(self, client, young):
        first = make_activity(title="Bowling")
        make_booking(first, young)
        clash = make_activity(title="Cinema", starts_at=first.starts_at)
        response = client.post(f"/activities/{clash.id}/book", follow_redirects=True)
        assert "same time as Bowling" in text(response)

    def test_a_young_person_cannot_cancel_someone_elses_place(self, client, young):
        activity = make_activity()
        other = make_young_person()
        make_booking(activity, other)
        response = client.post(f"/activities/{activity.id}/cancel-booking", follow_redirects=True)
        assert "You&#39;re not booked on this" in text(response)
        [status] = db.session.scalars(select(Booking.status)).all()
        assert status == BookingStatus.BOOKED

    def test_staff_cannot_book(self, client, worker):
        activity = make_activity()
        assert client.post(f"/activities/{activity.id}/book").status_code == 403


class TestMyActivities:
    def test_upcoming_and_past_with_attendance_shown_kindly(self, client, young):
        make_booking(make_activity(title="Coming trip"), young)
        came = make_activity(title="Film night", starts_in=timedelta(days=-7))
        missed = make_activity(title="Podcast", starts_in=timedelta(days=-3))
        for activity in (came, missed):
            make_booking(activity, young)
        make_attendance(came, young, attended=True)
        make_attendance(missed, young, attended=False)
        make_booking(make_activity(title="Someone else's"), make_young_person())
        html = text(client.get("/my-activities"))
        assert "Coming trip" in html
        assert "You were there" in html and "Missed this one, no worries" in html
        assert "Someone else" not in html


class TestCalendars:
    def test_an_activity_downloads_as_an_ics_event(self, client, young):
        activity = make_activity(title="Theatre trip", place="Young Vic")
        response = client.get(f"/activities/{activity.id}/calendar.ics")
        assert response.mimetype == "text/calendar"
        assert "attachment" in response.headers["Content-Disposition"]
        [event] = Calendar.from_ical(response.data).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Theatre trip"
        assert str(event["LOCATION"]) == "Young Vic"
        assert event.decoded("DTSTART") == activity.starts_at.replace(microsecond=0)

    def test_the_private_feed_has_my_bookings_and_resets(self, client, young):
        make_booking(make_activity(title="Mine"), young)
        make_booking(make_activity(title="Waiting one"), young, BookingStatus.WAITLISTED)
        make_booking(make_activity(title="Not mine"), make_young_person())
        # Looking at the page makes no link; the button does (a GET never writes).
        assert "Make my calendar link" in text(client.get("/my-activities/calendar"))
        assert db.session.scalar(select(CalendarFeed.id)) is None
        response = client.post("/my-activities/calendar/link", follow_redirects=True)
        assert "Your calendar link is ready." in text(response)
        page = text(client.get("/my-activities/calendar"))
        assert "Make my calendar link" not in page
        feed_url = page.split('id="feed-url" value="')[1].split('"')[0]
        path = feed_url.replace("http://localhost", "")
        assert "webcal://localhost/calendar/" in page

        anonymous = client.application.test_client()
        feed = anonymous.get(path)
        assert feed.status_code == 200
        titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
        assert titles == ["Mine"]

        client.post("/my-activities/calendar/reset")
        assert anonymous.get(path).status_code == 404

    def test_a_made_up_feed_token_is_404(self, client):
        assert client.get("/calendar/made-up.ics").status_code == 404


ACTIVITY_FORM = {
    "title": "Ninja Warrior",
    "kind": "trip",
    "description": "Climbing and jumping",
    "day": "2031-03-27",
    "start_time": "18:00",
    "end_time": "20:00",
    "place": "Ninja Warrior UK, Wembley",
    "capacity": "14",
    "audience": ["new_members", "movement_members"],
    "booking_closes_hours": "2",
    "repeat": "weekly",
    "sessions": "2",
}


class TestPublishing:
    def test_a_worker_publishes_a_weekly_series_in_london_time(self, client, worker):
        response = client.post("/manage/activities/new", data=ACTIVITY_FORM)
        assert response.status_code == 302
        sessions = db.session.scalars(select(Activity).order_by(Activity.starts_at)).all()
        # 27 March 2031 is before the clocks change (30 March), 3 April after.
        assert [a.starts_at.astimezone(LONDON).hour for a in sessions] == [18, 18]
        assert [a.starts_at.hour for a in sessions] == [18, 17]
        assert sessions[0].audience_csv == "movement_members,new_members"

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"title": ""}, "Give the activity a name."),
            ({"day": "2031-02-30"}, "Enter a real date"),
            ({"start_time": "25:00"}, "Enter a time like 18:30."),
            ({"end_time": "17:00"}, "The finish time needs to be after the start time."),
            ({"capacity": "lots"}, "Enter a whole number"),
            ({"capacity": "0"}, "Enter a number from 1 to 10000."),
            ({"online_link": "not a link"}, "Enter a full web address"),
            ({"sessions": "99"}, "Enter a number from 1 to 52."),
            ({"is_paid_role": "y"}, "Say what kind of contribution"),
            ({"expected_hours": "many"}, "Enter hours like 2 or 1.5."),
        ],
    )
    def test_a_refused_form_says_why_and_keeps_what_was_typed(
        self, client, worker, change, message
    ):
        response = client.post("/manage/activities/new", data={**ACTIVITY_FORM, **change})
        html = text(response)
        assert response.status_code == 200
        assert message in html
        assert 'value="Ninja Warrior UK, Wembley"' in html
        assert db.session.scalar(select(Activity.id)) is None

    def test_editing_keeps_the_london_time_and_cancelling_tells_people(self, client, worker):
        activity = make_activity(title="Bowling", capacity=2)
        make_booking(activity, make_young_person())
        form_page = text(client.get(f"/manage/activities/{activity.id}/edit"))
        local = activity.starts_at.astimezone(LONDON)
        assert f'value="{local:%H:%M}"' in form_page

        response = client.post(
            f"/manage/activities/{activity.id}/cancel",
            data={"reason": "Lanes closed"},
            follow_redirects=True,
        )
        assert "Everyone booked has been told" in text(response)
        assert db.session.scalar(select(Notice.text)).startswith("Sorry, Bowling")

    def test_raising_the_places_on_the_edit_form_promotes_the_first_waiting(self, client, worker):
        # An afternoon, so the form's one date holds it whatever time the test runs.
        activity = make_activity(title="Horse riding", capacity=1, starts_at=afternoon_in(days=3))
        make_booking(activity, make_young_person())
        waiting = make_young_person()
        make_booking(activity, waiting, BookingStatus.WAITLISTED)
        local = activity.starts_at.astimezone(LONDON)
        data = {
            **ACTIVITY_FORM,
            "title": "Horse riding",
            "day": f"{local:%Y-%m-%d}",
            "start_time": f"{local:%H:%M}",
            "end_time": f"{activity.ends_at.astimezone(LONDON):%H:%M}",
            "capacity": "2",
        }
        response = client.post(f"/manage/activities/{activity.id}/edit", data=data)
        assert response.status_code == 302
        status = db.session.scalar(select(Booking.status).where(Booking.person_id == waiting.id))
        assert status == BookingStatus.BOOKED
        mine = db.session.scalars(select(Notice.text).where(Notice.recipient_id == waiting.id))
        assert any("A place came up at Horse riding" in text for text in mine)

    def test_the_staff_page_lists_who_is_booked_and_waiting(self, client, worker):
        activity = make_activity(capacity=1)
        make_booking(activity, make_young_person(name="Ade"))
        make_booking(activity, make_young_person(name="Bea"), BookingStatus.WAITLISTED)
        html = text(client.get(f"/manage/activities/{activity.id}"))
        assert "Ade" in html and "Bea" in html
        assert "1 booked of 1" in html


def today_activity(**fields):
    now = datetime.now(LONDON)
    start = now.replace(hour=23, minute=0, second=0, microsecond=0)
    return make_activity(starts_at=start.astimezone(UTC), hours=0.5, **fields)


class TestRegister:
    def test_a_worker_marks_the_register_adds_a_walk_in_and_counts_guests(self, client, worker):
        activity = today_activity()
        came, missed = make_young_person(name="Ade"), make_young_person(name="Bea")
        walker = make_young_person(name="Walker Wren")
        for person in (came, missed):
            make_booking(activity, person)
        page = text(client.get(f"/activities/{activity.id}/register"))
        assert "Ade" in page and "Bea" in page

        found = text(client.get(f"/activities/{activity.id}/register?q=wren"))
        assert "Add Walker Wren" in found
        client.post(f"/activities/{activity.id}/register/walk-in/{walker.id}")

        marks = {
            f"came-{came.id}": "yes",
            f"came-{missed.id}": "no",
            f"came-{walker.id}": "yes",
            "professionals": "4",
            "guests": "2",
        }
        for _ in range(2):
            response = client.post(f"/activities/{activity.id}/register", data=marks)
            assert response.status_code == 302
        rows = dict(db.session.execute(select(Attendance.person_id, Attendance.attended)).all())
        assert rows == {came.id: True, missed.id: False, walker.id: True}
        db.session.refresh(activity)
        assert (activity.professionals_count, activity.guests_count) == (4, 2)
        page = text(client.get(f"/activities/{activity.id}/register"))
        assert "Walk-in" in page and 'value="4"' in page

    def test_a_bad_headcount_keeps_the_marks(self, client, worker):
        activity = today_activity()
        person = make_young_person()
        make_booking(activity, person)
        response = client.post(
            f"/activities/{activity.id}/register",
            data={f"came-{person.id}": "yes", "professionals": "loads"},
        )
        html = text(response)
        assert "Enter a whole number" in html
        checked = f'id="came-{person.id}-yes" name="came-{person.id}" value="yes" checked'
        assert checked in html
        assert db.session.scalar(select(Attendance.id)) is None

    def test_the_registers_script_speaks_each_workers_language(self, client, worker):
        """Its words are made once per language: a Welsh worker after an English one (and the
        English one again) each get their own."""
        url = f"/activities/{today_activity().id}/register"

        def words() -> dict:
            found = re.search(r"data-words='([^']*)'", text(client.get(url)))
            return json.loads(unescape(found.group(1)))

        english = words()
        assert english["allSent"] == "All changes sent."
        assert english["waiting"] == {
            "one": "{n} change waiting to send",
            "other": "{n} changes waiting to send",
        }
        log_in(client, make_worker(locale="cy"))
        welsh = words()
        assert welsh["allSent"] == "Mae'r holl newidiadau wedi'u hanfon."
        assert welsh["waiting"]["few"] == "{n} newid yn aros i'w hanfon"
        assert len(welsh["waiting"]) == 6
        log_in(client, worker)
        assert words() == english

    def test_a_young_person_who_leads_nothing_gets_no_register(self, client, young):
        activity = today_activity()
        assert client.get(f"/activities/{activity.id}/register").status_code == 403

    def test_a_lead_takes_their_groups_register_but_no_other(self, client, young):
        group = make_group()
        make_member(group, young, lead=True)
        mine, theirs = today_activity(group=group), today_activity(group=make_group())
        assert client.get(f"/activities/{mine.id}/register").status_code == 200
        assert client.get(f"/activities/{theirs.id}/register").status_code == 403
        walker = make_young_person()
        url = f"/activities/{theirs.id}/register/walk-in/{walker.id}"
        assert client.post(url).status_code == 403


class TestNotices:
    def test_unread_notices_show_on_home_until_read(self, client, young):
        notice = Notice(recipient_id=young.id, text="A place came up!", link="/whats-on")
        db.session.add(notice)
        db.session.commit()
        assert "A place came up!" in text(client.get("/"))
        client.post(f"/notices/{notice.id}/read")
        assert "A place came up!" not in text(client.get("/"))

    def test_someone_elses_notice_is_404(self, client, young):
        other = make_young_person()
        notice = Notice(recipient_id=other.id, text="Private")
        db.session.add(notice)
        db.session.commit()
        assert client.post(f"/notices/{notice.id}/read").status_code == 404
        db.session.refresh(notice)
        assert notice.read_at is None

    def test_mark_all_read(self, client, young):
        for number in range(2):
            db.session.add(Notice(recipient_id=young.id, text=f"News {number}"))
        db.session.commit()
        client.post("/notices/read-all")
        assert "News 0" not in text(client.get("/"))


def test_admins_see_the_activity_pages_too(client):
    signed_in(client, make_admin())
    assert client.get("/manage/activities/").status_code == 200
    assert client.get("/manage/activities/new").status_code == 200
