"""Activities' personal data: bookings, attendance and the calendar link. Attendance is kept
(pointing at the nameless account) so the activity table's figures never change. Places they
hold at activities still to come are given up first, as if they had cancelled, so the people
waiting get them."""

from sqlalchemy import delete, select, update
from sqlalchemy.orm import aliased

from youthhub.activities.models import Activity, Attendance, Booking, BookingStatus, CalendarFeed
from youthhub.activities.services import give_up_places_of
from youthhub.activities.visits import recount
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
        "register_changes.actor_id": "kept: who sent a change to a register",
        "register_conflicts.person_id": "kept, as attendance is: who two registers disagreed about",
        "register_conflicts.first_by_id": "kept: who marked the register first",
        "register_conflicts.second_by_id": "kept: who marked it differently",
        "register_conflicts.decided_by_id": "kept: who decided which was right",
        "first_visits.person_id": "kept without a name, worked out from attendance",
        "months_of_visits.person_id": "kept without a name, worked out from attendance",
    }

    worked_out = ("first_visits.person_id", "months_of_visits.person_id")

    @property
    def merges(self) -> dict:
        return {
            "activities.created_by_id": MOVE,
            "bookings.person_id": _merge_bookings,
            "attendances.person_id": _merge_attendances,
            "attendances.recorded_by_id": MOVE,
            "calendar_feeds.person_id": _merge_calendar_feeds,
            "register_changes.actor_id": MOVE,
            "register_conflicts.person_id": MOVE,
            "register_conflicts.first_by_id": MOVE,
            "register_conflicts.second_by_id": MOVE,
            "register_conflicts.decided_by_id": MOVE,
            # After attendance has moved: both records' visits worked out again from it.
            "first_visits.person_id": _recount_visits,
            "months_of_visits.person_id": _recount_visits,
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


# Merging: one row per person per activity, so where both records have one, keep the better.
BOOKING_RANK = {BookingStatus.BOOKED: 2, BookingStatus.WAITLISTED: 1, BookingStatus.CANCELLED: 0}


def _merge_rows(model, merged_id: int, kept_id: int, value: str, better) -> None:
    """Where both records have a row at the same activity, delete the one whose `value` is not
    `better`; then move the rest in one statement (a long history moves in a few queries)."""
    kept_row = aliased(model)
    clashes = db.session.execute(
        select(model.id, getattr(model, value), kept_row.id, getattr(kept_row, value))
        .join(
            kept_row,
            (kept_row.activity_id == model.activity_id) & (kept_row.person_id == kept_id),
        )
        .where(model.person_id == merged_id)
    ).all()
    losers = [
        kept_id_ if better(mine, theirs) else row_id for row_id, mine, kept_id_, theirs in clashes
    ]
    if losers:
        db.session.execute(
            delete(model).where(model.id.in_(losers)).execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(model)
        .where(model.person_id == merged_id)
        .values(person_id=kept_id)
        .execution_options(synchronize_session=False)
    )


def _merge_bookings(merged_id: int, kept_id: int) -> None:
    """Booked beats waitlisted, which beats cancelled; on a tie the kept record's stays."""
    _merge_rows(
        Booking,
        merged_id,
        kept_id,
        "status",
        lambda mine, theirs: (
            BOOKING_RANK[BookingStatus(mine)] > BOOKING_RANK[BookingStatus(theirs)]
        ),
    )


def _merge_attendances(merged_id: int, kept_id: int) -> None:
    """Came beats didn't come; a walk-in mark goes with the row kept."""
    _merge_rows(Attendance, merged_id, kept_id, "attended", lambda mine, theirs: mine > theirs)


def _recount_visits(merged_id: int, kept_id: int) -> None:
    recount([merged_id, kept_id])


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
