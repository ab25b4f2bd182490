"""Today's registers for a worker's phone, so the register at the door works with no signal.

Only what the door needs: each register this worker may take now (the register's own
`register_refusal`), the people on it by name and pronouns (no photos, nothing else about them),
the activity's places, the marks and the headcounts. A fixed number of queries however many
registers and people there are.
"""

from sqlalchemy import and_, func, select, union

from youthhub.accounts.models import User
from youthhub.activities.models import Attendance, Booking, BookingStatus
from youthhub.activities.queries import sessions_by_day
from youthhub.activities.register import register_refusal
from youthhub.core.time import utcnow
from youthhub.extensions import db


def _lines(activity_ids: list[int]) -> dict[int, list[dict]]:
    """Everyone booked on, or marked on, each register, by name: one query for them all."""
    if not activity_ids:
        return {}
    on_register = union(
        select(Booking.activity_id, Booking.person_id).where(
            Booking.activity_id.in_(activity_ids), Booking.status == BookingStatus.BOOKED
        ),
        select(Attendance.activity_id, Attendance.person_id).where(
            Attendance.activity_id.in_(activity_ids)
        ),
    ).subquery()
    booked = and_(
        Booking.activity_id == on_register.c.activity_id,
        Booking.person_id == on_register.c.person_id,
        Booking.status == BookingStatus.BOOKED,
    )
    marked = and_(
        Attendance.activity_id == on_register.c.activity_id,
        Attendance.person_id == on_register.c.person_id,
    )
    query = (
        select(
            on_register.c.activity_id,
            User.id,
            User.preferred_name,
            User.pronouns,
            Booking.id,
            Attendance.attended,
            Attendance.walk_in,
        )
        .join(User, User.id == on_register.c.person_id)
        .outerjoin(Booking, booked)
        .outerjoin(Attendance, marked)
        .order_by(func.lower(User.preferred_name), User.id)
    )
    lines = {activity_id: [] for activity_id in activity_ids}
    for activity_id, person_id, name, pronouns, booking_id, came, walk_in in db.session.execute(
        query
    ):
        lines[activity_id].append(
            {
                "person": person_id,
                "name": name,
                "pronouns": pronouns,
                "booked": booking_id is not None,
                "walk_in": bool(walk_in),
                "came": came,
            }
        )
    return lines


def todays_registers(worker: User, url_for_register) -> dict:
    """What a phone keeps: today's registers this worker may take, as JSON-ready values.
    `url_for_register(activity)` is the register page's address (the view knows the routes)."""
    today = sessions_by_day(worker, days=1)[0]
    open_now = [
        listing for listing in today.sessions if register_refusal(listing.activity, worker) is None
    ]
    lines = _lines([listing.activity.id for listing in open_now])
    return {
        "person": worker.id,
        "fetched_at": utcnow().isoformat(),
        "registers": [_register(listing, lines, url_for_register) for listing in open_now],
    }


def _register(listing, lines: dict, url_for_register) -> dict:
    activity = listing.activity
    return {
        "activity": activity.id,
        "title": activity.title,
        "starts_at": activity.starts_at.isoformat(),
        "ends_at": activity.ends_at.isoformat(),
        "place": activity.place,
        "url": url_for_register(activity),
        "places": activity.capacity,
        "booked": listing.booked,
        "counts": {
            "professionals": activity.professionals_count,
            "guests": activity.guests_count,
            "unnamed": activity.unnamed_young_people,
        },
        "lines": lines[activity.id],
    }
