"""Activities' personal data: bookings, attendance and the calendar link. Attendance is kept
(pointing at the nameless account) so the activity table's figures never change."""

from sqlalchemy import delete, select, update

from youthhub.activities.models import Activity, Attendance, Booking, BookingStatus, CalendarFeed
from youthhub.core.personal_data import MOVE, iso
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

    @property
    def merges(self) -> dict:
        return {
            "activities.created_by_id": MOVE,
            "bookings.person_id": _merge_bookings,
            "attendances.person_id": _merge_attendances,
            "attendances.recorded_by_id": MOVE,
            "calendar_feeds.person_id": _merge_calendar_feeds,
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
        db.session.execute(delete(Booking).where(Booking.person_id == person.id))
        db.session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == person.id))


# Merging: one row per person per activity, so where both records have one, keep the better.
BOOKING_RANK = {BookingStatus.BOOKED: 2, BookingStatus.WAITLISTED: 1, BookingStatus.CANCELLED: 0}


def _rows_by_activity(model, person_id: int) -> dict:
    rows = db.session.scalars(select(model).where(model.person_id == person_id))
    return {row.activity_id: row for row in rows}


def _merge_rows(model, merged_id: int, kept_id: int, better) -> None:
    kept_rows = _rows_by_activity(model, kept_id)
    for activity_id, row in _rows_by_activity(model, merged_id).items():
        other = kept_rows.get(activity_id)
        if other is None:
            row.person_id = kept_id
        elif better(row, other):
            db.session.delete(other)
            db.session.flush()  # the kept record's row goes before the other takes its place
            row.person_id = kept_id
        else:
            db.session.delete(row)
    db.session.flush()


def _merge_bookings(merged_id: int, kept_id: int) -> None:
    """Booked beats waitlisted, which beats cancelled; on a tie the kept record's stays."""
    _merge_rows(
        Booking,
        merged_id,
        kept_id,
        lambda row, other: BOOKING_RANK[row.status] > BOOKING_RANK[other.status],
    )


def _merge_attendances(merged_id: int, kept_id: int) -> None:
    """Came beats didn't come; a walk-in mark goes with the row kept."""
    _merge_rows(Attendance, merged_id, kept_id, lambda row, other: row.attended > other.attended)


def _merge_calendar_feeds(merged_id: int, kept_id: int) -> None:
    """The kept record's calendar link stays (its address is already in their calendar)."""
    if db.session.scalar(select(CalendarFeed.id).where(CalendarFeed.person_id == kept_id)):
        db.session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == merged_id))
    else:
        db.session.execute(
            update(CalendarFeed)
            .where(CalendarFeed.person_id == merged_id)
            .values(person_id=kept_id)
        )
