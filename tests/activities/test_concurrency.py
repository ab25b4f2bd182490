"""The last place goes to exactly one person, even when many tap "Book" at the same moment.

Each thread is its own request: its own app context, database session and connection, as in
a server with several workers. Needs PostgreSQL (SQLite takes one writer at a time anyway).
"""

import threading

import pytest

from tests.activities.factories import make_activity
from tests.conftest import DATABASE_KIND
from tests.factories import make_young_person
from youthhub.accounts.models import User
from youthhub.activities import services
from youthhub.activities.models import Activity, Booking, BookingStatus
from youthhub.core.errors import DomainError
from youthhub.extensions import db

pytestmark = [
    pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.committing,
]
PEOPLE = 8


def run_at_once(app, work, arguments) -> list[str]:
    """Run `work(*args)` for each args in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(arguments))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(*args):
        with app.app_context():
            barrier.wait()
            try:
                outcome = work(*args)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                outcome = type(error).__name__
            except Exception as error:  # shown in the assertion rather than lost in a thread
                db.session.rollback()
                outcome = repr(error)
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def book(activity_id, person_id, waiting_list=False) -> str:
    activity = db.session.get(Activity, activity_id)
    person = db.session.get(User, person_id)
    return services.book_activity(activity, actor=person, waiting_list=waiting_list).status.value


def booking_statuses(activity_id) -> list[str]:
    db.session.expire_all()
    return sorted(
        booking.status.value
        for booking in db.session.scalars(db.select(Booking).filter_by(activity_id=activity_id))
    )


def test_the_last_place_goes_to_exactly_one_person(app):
    activity = make_activity(capacity=1)
    people = [make_young_person().id for _ in range(PEOPLE)]

    outcomes = run_at_once(app, book, [(activity.id, person) for person in people])

    assert outcomes == ["ActivityFull"] * (PEOPLE - 1) + ["booked"]
    assert booking_statuses(activity.id) == ["booked"]


def test_with_the_waiting_list_everyone_else_queues(app):
    activity = make_activity(capacity=2)
    people = [make_young_person().id for _ in range(PEOPLE)]

    outcomes = run_at_once(app, book, [(activity.id, person, True) for person in people])

    assert outcomes == ["booked"] * 2 + ["waitlisted"] * (PEOPLE - 2)
    assert booking_statuses(activity.id).count(BookingStatus.BOOKED.value) == 2


def test_one_person_tapping_many_times_gets_one_booking(app):
    activity = make_activity(capacity=5)
    person = make_young_person().id

    outcomes = run_at_once(app, book, [(activity.id, person)] * 5)

    assert outcomes == ["DomainError"] * 4 + ["booked"]
    assert booking_statuses(activity.id) == ["booked"]


def test_one_person_cannot_book_two_overlapping_activities_at_once(app):
    first, second = make_activity(capacity=5), make_activity(capacity=5)
    second.starts_at, second.ends_at = first.starts_at, first.ends_at
    db.session.commit()
    person = make_young_person().id

    outcomes = run_at_once(app, book, [(first.id, person), (second.id, person)])

    assert outcomes == ["DomainError", "booked"]


def test_two_cancellations_at_once_promote_two_different_people(app):
    activity = make_activity(capacity=2)
    booked = [make_young_person() for _ in range(2)]
    waiting = [make_young_person() for _ in range(3)]
    for person in booked:
        services.book_activity(activity, actor=person)
    for person in waiting:
        services.book_activity(activity, actor=person, waiting_list=True)
    db.session.commit()

    def cancel(activity_id, person_id):
        activity = db.session.get(Activity, activity_id)
        services.cancel_booking(activity, actor=db.session.get(User, person_id))
        return "cancelled"

    run_at_once(app, cancel, [(activity.id, person.id) for person in booked])

    assert booking_statuses(activity.id) == [
        "booked",
        "booked",
        "cancelled",
        "cancelled",
        "waitlisted",
    ]
