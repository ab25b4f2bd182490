"""Calendar files as calendar apps read them (parsed back with the `icalendar` library): one
stable UID per session whoever asks, a SEQUENCE that grows with every change a calendar shows,
and a feed that says how often to fetch it again."""

from dataclasses import replace
from datetime import timedelta

import pytest
import vobject
from icalendar import Calendar

from tests.activities.factories import make_activity, make_booking
from tests.factories import log_in, make_worker, make_young_person
from youthhub.activities import publishing, services
from youthhub.activities.publishing import ActivityDetails
from youthhub.extensions import db


@pytest.fixture
def young(client):
    person = make_young_person()
    log_in(client, person)
    return person


def event_of(client, activity, **request):
    response = client.get(f"/activities/{activity.id}/calendar.ics", **request)
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    return event


def change(activity, **what):
    details = replace(ActivityDetails.of(activity), **what)
    publishing.update_activity(activity, details, actor=make_worker())
    db.session.commit()


def feed_path(person) -> str:
    token = services.feed_address_token(services.calendar_feed_for(person))
    db.session.commit()
    return f"/calendar/{token}.ics"


def test_the_uid_never_depends_on_the_host_asked(app, young):
    activity = make_activity()
    make_booking(activity, young)
    path, phone = feed_path(young), app.test_client()
    uids = {
        str(event["UID"])
        for host in ("http://localhost", "http://127.0.0.1")
        for event in Calendar.from_ical(phone.get(path, base_url=host).data).walk("VEVENT")
    }
    assert uids == {f"activity-{activity.id}@youthhub.invalid"}


def test_the_uid_takes_its_domain_from_the_public_address(app, client, young, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://youthhub.example.org")
    activity = make_activity()
    event = event_of(client, activity)  # asked on localhost
    assert str(event["UID"]) == f"activity-{activity.id}@youthhub.example.org"


def test_each_change_a_calendar_shows_raises_the_sequence(client, young):
    activity = make_activity(title="Theatre trip", place="Young Vic", capacity=10)
    first = event_of(client, activity)
    assert first.decoded("SEQUENCE") == 0

    change(activity, starts_at=activity.starts_at + timedelta(hours=1))
    moved = event_of(client, activity)
    assert moved.decoded("SEQUENCE") == 1
    assert str(moved["UID"]) == str(first["UID"])

    change(activity, capacity=12)  # places are not on anyone's calendar
    assert event_of(client, activity).decoded("SEQUENCE") == 1

    change(activity, title="Theatre trip: Hamlet")
    assert event_of(client, activity).decoded("SEQUENCE") == 2

    publishing.cancel_activity(activity, actor=make_worker(), reason="The theatre closed")
    db.session.commit()
    cancelled = event_of(client, activity)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") == 3
    assert str(cancelled["UID"]) == str(first["UID"])


def test_the_feed_says_how_often_to_fetch_it_again(app, client, young):
    make_booking(make_activity(title="Mine"), young)
    feed = Calendar.from_ical(app.test_client().get(feed_path(young)).data)
    assert str(feed["METHOD"]) == "PUBLISH"
    assert feed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert feed.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(feed["X-PUBLISHED-TTL"].to_ical(), "ascii") == "PT1H"
    [event] = feed.walk("VEVENT")
    assert event.decoded("SEQUENCE") == 0


def test_a_second_parser_reads_a_move_and_a_cancellation_as_updates_of_one_event(client, young):
    # vobject shares no code with the `icalendar` library that writes the files: what it reads
    # is what the file says, not what one library agrees with itself about.
    activity = make_activity(title="Theatre trip")
    make_booking(activity, young)
    path = feed_path(young)

    def event_read_by_vobject():
        feed = vobject.readOne(client.get(path).get_data(as_text=True))
        assert feed.method.value == "PUBLISH"
        [event] = feed.vevent_list
        return event

    first = event_read_by_vobject()
    later = timedelta(hours=2)
    change(activity, starts_at=activity.starts_at + later, ends_at=activity.ends_at + later)
    moved = event_read_by_vobject()
    publishing.cancel_activity(activity, actor=make_worker(), reason="The theatre closed")
    db.session.commit()
    cancelled = event_read_by_vobject()

    assert {first.uid.value, moved.uid.value, cancelled.uid.value} == {first.uid.value}
    sequences = [int(event.sequence.value) for event in (first, moved, cancelled)]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert moved.dtstart.value - first.dtstart.value == later
    assert [event.status.value for event in (first, moved, cancelled)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
