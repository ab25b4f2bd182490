"""Activities' personal data: bookings, attendance and the calendar link. Attendance is kept
(pointing at the nameless account) so the activity table's figures never change. Places they
hold at activities still to come are given up first, as if they had cancelled, so the people
waiting get them."""

from sqlalchemy import delete, select

from youthhub.activities.models import Activity, Attendance, Booking, CalendarFeed
from youthhub.activities.services import give_up_places_of
from youthhub.core.personal_data import iso
from youthhub.extensions import db


def _activity(activity: Activity) -> dict:
    return {"title": activity.title, "starts_at": iso(activity.starts_at), "place": activity.place}


class ActivitiesData:
    key = "activities"
    covers = {
        "activities.created_by_id": "kept: the staff member who published it",
        "bookings.person_id": "exported; deleted",
        "attendances.person_id": "exported; kept without a name, for the activity table",
        "attendances.recorded_by_id": "kept: who took the register",
        "calendar_feeds.person_id": "exported (not its secret address); deleted",
    }

    def export(self, person) -> dict:
        bookings = db.session.scalars(
            select(Booking).where(Booking.person_id == person.id).order_by(Booking.queued_at)
        )
        attendance = db.session.scalars(
            select(Attendance).where(Attendance.person_id == person.id).order_by(Attendance.id)
        )
        feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.person_id == person.id))
        return {
            "bookings": [
                {
                    "activity": _activity(booking.activity),
                    "status": booking.status.value,
                    "joined_at": iso(booking.queued_at),
                    "changed_at": iso(booking.changed_at),
                }
                for booking in bookings
            ],
            "attendance": [
                {
                    "activity": _activity(db.session.get(Activity, row.activity_id)),
                    "came": row.attended,
                    "walked_in": row.walk_in,
                    "recorded_at": iso(row.recorded_at),
                }
                for row in attendance
            ],
            "calendar_link_made_at": iso(feed.created_at) if feed else None,
        }

    def erase(self, person) -> None:
        give_up_places_of(person)
        db.session.flush()
        db.session.execute(delete(Booking).where(Booking.person_id == person.id))
        db.session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == person.id))
