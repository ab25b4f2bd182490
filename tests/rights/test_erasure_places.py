"""Erasing a booked young person frees their places: the first person waiting gets each one and
is told, as when someone cancels; places at activities already past or called off stay as
they were (the register and the activity table do not change)."""

from datetime import timedelta

from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking
from tests.factories import in_a_request, make_admin, make_young_person
from youthhub.activities.models import Booking, BookingStatus
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.rights import services as rights


def erase(person):
    with in_a_request():
        rights.erase_person(person, actor=make_admin())
        db.session.commit()


def status_of(activity, person):
    return db.session.scalar(
        select(Booking.status).where(
            Booking.activity_id == activity.id, Booking.person_id == person.id
        )
    )


def test_the_first_person_waiting_gets_the_place_and_is_told(app):
    leaving, first, second = make_young_person(), make_young_person(), make_young_person()
    trip = make_activity(capacity=1, title="Climbing wall")
    make_booking(trip, leaving)
    make_booking(trip, first, BookingStatus.WAITLISTED, queued_at=utcnow() - timedelta(hours=2))
    make_booking(trip, second, BookingStatus.WAITLISTED, queued_at=utcnow() - timedelta(hours=1))
    erase(leaving)
    assert status_of(trip, first) == BookingStatus.BOOKED
    assert status_of(trip, second) == BookingStatus.WAITLISTED
    assert status_of(trip, leaving) is None  # their booking is gone with their data
    told = db.session.scalars(select(Notice.text).where(Notice.recipient_id == first.id)).all()
    assert any("Climbing wall" in text and "it's yours" in text for text in told)


def test_their_place_in_a_queue_promotes_nobody(app):
    leaving, booked, waiting = make_young_person(), make_young_person(), make_young_person()
    trip = make_activity(capacity=1)
    make_booking(trip, booked)
    make_booking(trip, leaving, BookingStatus.WAITLISTED, queued_at=utcnow() - timedelta(hours=2))
    make_booking(trip, waiting, BookingStatus.WAITLISTED)
    erase(leaving)
    assert status_of(trip, booked) == BookingStatus.BOOKED
    assert status_of(trip, waiting) == BookingStatus.WAITLISTED


def test_a_place_at_an_activity_already_started_is_not_given_away(app):
    leaving, waiting = make_young_person(), make_young_person()
    started = make_activity(starts_in=-timedelta(minutes=30), capacity=1)
    make_booking(started, leaving)
    make_booking(started, waiting, BookingStatus.WAITLISTED)
    erase(leaving)
    assert status_of(started, waiting) == BookingStatus.WAITLISTED
