"""Who a register lists (queries.register_lines, issue 19's query that finds each person by id):
everyone booked, marked or not, and anyone marked without a booking, once each, by name."""

from tests.activities.factories import make_activity, make_attendance, make_booking
from tests.factories import make_young_person
from youthhub.activities.models import BookingStatus
from youthhub.activities.queries import register_lines


def test_a_register_lists_the_booked_and_the_marked_once_each_by_name(app):
    activity = make_activity()
    came = make_young_person(name="bea")
    booked = make_young_person(name="Cal")
    walked_in = make_young_person(name="Ash")
    cancelled_but_came = make_young_person(name="Dev")
    waiting = make_young_person(name="Eli")
    elsewhere = make_young_person(name="Fin")
    make_booking(activity, came)
    make_attendance(activity, came, attended=True)
    make_booking(activity, booked)
    make_attendance(activity, walked_in, walk_in=True)
    make_booking(activity, cancelled_but_came, status=BookingStatus.CANCELLED)
    make_attendance(activity, cancelled_but_came, attended=False)
    make_booking(activity, waiting, status=BookingStatus.WAITLISTED)
    make_booking(make_activity(), elsewhere)

    lines = register_lines(activity)

    assert [
        (line.person.preferred_name, line.booked, line.attended, line.walk_in) for line in lines
    ] == [
        ("Ash", False, True, True),
        ("bea", True, True, False),
        ("Cal", True, None, False),
        ("Dev", False, False, False),
    ]
    assert lines[0].person is walked_in  # the session's own person, not a copy
