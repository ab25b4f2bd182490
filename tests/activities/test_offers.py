"""What a page offers is exactly what the service would accept.

For every state of a booking and of its activity, and for a young person and for staff: render
the page, note which buttons are there, then press each button (POST) on an identical scene and
check the service accepted it if and only if the page offered it. The same goes for the
register page's form and the staff page's cancel button.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking, make_group, make_member
from tests.factories import log_in, make_worker, make_young_person
from youthhub.activities import publishing, services
from youthhub.activities.models import Booking, BookingStatus
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db

ACTIVITY_STATES = ["open", "full", "booking closed", "started", "past", "cancelled", "clashing"]
BOOKING_STATES = ["none", "booked", "waitlisted", "cancelled"]
ACTIONS = {"book": "book", "join_waiting_list": "waiting-list", "cancel": "cancel-booking"}


def scene(state: str, booking: str, person, copy: int):
    """An activity in `state`, with `person`'s booking in `booking`. Each `copy` is a day
    later (or closes a day earlier), so copies never clash with each other."""
    later = timedelta(days=copy)
    fields = {"capacity": 5, "starts_in": timedelta(days=3) + later, "hours": 2}
    if state == "booking closed":
        fields.update(starts_in=timedelta(hours=1), booking_closes_hours=2 + 24 * copy)
    elif state == "started":
        fields.update(starts_in=timedelta(minutes=-30))
    elif state == "past":
        fields.update(starts_in=timedelta(days=-3) - later)
    elif state == "cancelled":
        fields.update(cancelled_at=utcnow())
    activity = make_activity(**fields)
    if booking != "none":
        make_booking(activity, person, BookingStatus(booking))
    if state == "full":
        make_booking(activity, make_young_person())
        activity.capacity = services.booked_count(activity)
        db.session.commit()
    if state == "clashing":
        make_booking(make_activity(starts_at=activity.starts_at), person)
    return activity


def accepted(client, person, activity, action: str) -> bool:
    """Press the button; True if the service said yes. Joining the waiting list counts only
    if it queued the person (a place that has come up is booked instead, as `book` would)."""
    client.post(f"/activities/{activity.id}/{ACTIONS[action]}")
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    said_yes = any(category == "success" for category, _message in flashes)
    if action != "join_waiting_list" or not said_yes:
        return said_yes
    db.session.expire_all()
    status = db.session.scalar(
        select(Booking.status).where(
            Booking.activity_id == activity.id, Booking.person_id == person.id
        )
    )
    return status == BookingStatus.WAITLISTED


def offered(client, activity) -> set[str]:
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    return {
        action
        for action, path in ACTIONS.items()
        if f'action="/activities/{activity.id}/{path}"' in page
    }


def check_offers_match(client, person, state, booking):
    shown = offered(client, scene(state, booking, person, copy=0))
    said_yes = {
        action
        for copy, action in enumerate(ACTIONS, start=1)
        if accepted(client, person, scene(state, booking, person, copy), action)
    }
    assert shown == said_yes
    return shown


@pytest.mark.parametrize("booking", BOOKING_STATES)
@pytest.mark.parametrize("state", ACTIVITY_STATES)
def test_a_young_person_is_offered_exactly_what_booking_accepts(client, state, booking):
    person = make_young_person()
    log_in(client, person)
    shown = check_offers_match(client, person, state, booking)
    options = services.booking_options(scene(state, booking, person, copy=9), person)
    assert {action for action in ACTIONS if getattr(options, action)} == shown
    # When nothing may be done, the page says why instead.
    assert bool(options.why_not) == (not shown)


def test_the_buttons_people_see_most(client):
    """A sanity check on the table above: the common cases offer what people expect."""
    person = make_young_person()
    log_in(client, person)
    assert offered(client, scene("open", "none", person, 0)) == {"book"}
    assert offered(client, scene("full", "none", person, 1)) == {"join_waiting_list"}
    assert offered(client, scene("open", "booked", person, 2)) == {"cancel"}
    assert offered(client, scene("full", "waitlisted", person, 3)) == {"cancel"}
    assert offered(client, scene("booking closed", "none", person, 4)) == set()


@pytest.mark.parametrize("state", ACTIVITY_STATES)
def test_staff_are_offered_no_booking_and_the_service_refuses_them(client, state):
    worker = make_worker()
    log_in(client, worker)
    activity = scene(state, "none", make_young_person(), copy=0)
    assert offered(client, activity) == set()
    options = services.booking_options(activity, worker)
    assert not (options.book or options.join_waiting_list or options.cancel)
    for action in ACTIONS:
        assert not accepted(client, worker, activity, action)


def today_at(hour: int) -> datetime:
    return datetime.now(LONDON).replace(hour=hour, minute=0, second=0, microsecond=0)


REGISTER_STATES = {
    "today": lambda: {"starts_at": today_at(23).astimezone(UTC), "hours": 0.5},
    "yesterday": lambda: {"starts_at": (today_at(12) - timedelta(days=1)).astimezone(UTC)},
    "next week": lambda: {"starts_in": timedelta(days=7)},
    "cancelled": lambda: {
        "starts_at": today_at(23).astimezone(UTC),
        "hours": 0.5,
        "cancelled_at": utcnow(),
    },
}


@pytest.mark.parametrize("who", ["worker", "lead"])
@pytest.mark.parametrize("state", REGISTER_STATES)
def test_the_register_is_offered_exactly_when_saving_is_accepted(client, state, who):
    group = make_group()
    person = make_worker() if who == "worker" else make_young_person()
    if who == "lead":
        make_member(group, person, lead=True)
    log_in(client, person)
    activity = make_activity(group=group, **REGISTER_STATES[state]())
    page = client.get(f"/activities/{activity.id}/register").get_data(as_text=True)
    shown = "Save the register" in page
    client.post(f"/activities/{activity.id}/register", data={"professionals": "1"})
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    assert shown == any(category == "success" for category, _message in flashes)
    assert shown == (state in ("today", "yesterday"))


CANCEL_STATES = {
    "coming up": {"starts_in": timedelta(days=2)},
    "on now": {"starts_in": timedelta(minutes=-30)},
    "over": {"starts_in": timedelta(days=-2)},
}


@pytest.mark.parametrize("state", CANCEL_STATES)
def test_staff_are_offered_cancelling_exactly_when_it_is_accepted(client, state):
    worker = make_worker()
    log_in(client, worker)
    activity = make_activity(**CANCEL_STATES[state])
    page = client.get(f"/manage/activities/{activity.id}").get_data(as_text=True)
    shown = f'action="/manage/activities/{activity.id}/cancel"' in page
    assert shown == publishing.may_cancel(activity, worker)
    client.post(f"/manage/activities/{activity.id}/cancel", data={"reason": ""})
    db.session.expire_all()
    assert shown == activity.is_cancelled
    # Once cancelled, it is not offered again.
    again = client.get(f"/manage/activities/{activity.id}").get_data(as_text=True)
    assert f'action="/manage/activities/{activity.id}/cancel"' not in again
