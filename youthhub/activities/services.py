"""Activities: publishing sessions (one-off or weekly/fortnightly), booking, the waiting list
and cancelling. The register lives in `register.py`.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Places are taken with the activity's row locked (`SELECT ... FOR UPDATE` on PostgreSQL), so two
people tapping "Book" for the last place at the same moment cannot both get it.
"""

import secrets
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from youthhub.accounts.models import Role, User
from youthhub.activities.models import Activity, ActivityKind, Booking, BookingStatus, CalendarFeed
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.groups.permissions import can_run, is_staff_organiser
from youthhub.notices.services import N_, notify, path_for

MAX_SESSIONS = 52
REPEATS = {"none": 0, "weekly": 1, "fortnightly": 2}
WHEN_FORMAT = "EEE d MMM, HH:mm"


class ActivityFull(DomainError):
    """No places left: the person can join the waiting list instead."""


@dataclass
class ActivityDetails:
    """What an organiser fills in; times are aware datetimes (the form reads London time)."""

    title: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    place: str | None = None
    online_link: str | None = None
    what_to_bring: str | None = None
    contact: str | None = None
    capacity: int | None = None
    audience: list = field(default_factory=list)
    booking_closes_hours: int = 0
    group: object = None
    is_paid_role: bool = False
    contribution_kind: str | None = None
    expected_minutes: int | None = None

    @classmethod
    def of(cls, activity: Activity) -> "ActivityDetails":
        values = {f.name: getattr(activity, f.name) for f in fields(cls)}
        return cls(**values)


def when(moment: datetime) -> str:
    return format_datetime(moment, WHEN_FORMAT)


def lock(activity: Activity) -> Activity:
    """Reload the activity with its row locked until the transaction ends (PostgreSQL)."""
    return db.session.execute(
        select(Activity)
        .where(Activity.id == activity.id)
        .with_for_update(of=Activity)
        .execution_options(populate_existing=True)
    ).scalar_one()


def booked_count(activity: Activity) -> int:
    return db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.activity_id == activity.id, Booking.status == BookingStatus.BOOKED
        )
    )


def places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - booked_count(activity), 0)


# Publishing -------------------------------------------------------------------------------


def require_organiser(group, actor: User) -> None:
    if not can_run(actor, group):
        raise NotAllowed(_l("Only staff, or a lead of this group, can do that."))


def _paid_part(activity) -> tuple:
    if activity is None or not activity.is_paid_role:
        return (False,)
    return (True, activity.contribution_kind, activity.expected_minutes)


def _check_details(details: ActivityDetails, actor: User, current: Activity | None) -> None:
    if not details.title.strip():
        raise DomainError(_l("Give the activity a name."))
    link = (details.online_link or "").strip().lower()
    if link and not link.startswith(("https://", "http://")):
        # Anything else (javascript:, data:) would run in the page of whoever taps it.
        raise DomainError(_l("Enter a full web address, starting https://"))
    if details.ends_at <= details.starts_at:
        raise DomainError(_l("The finish time needs to be after the start time."))
    if details.capacity is not None and details.capacity < 1:
        raise DomainError(_l("Places need to be 1 or more, or leave it empty for no limit."))
    if not 0 <= details.booking_closes_hours <= 24 * 14:
        raise DomainError(_l("Bookings can close between 0 and 336 hours before the start."))
    if not is_staff_organiser(actor) and _paid_part(details) != _paid_part(current):
        raise NotAllowed(_l("Only staff can set up or change a paid role."))
    if details.is_paid_role and not (details.contribution_kind or "").strip():
        raise DomainError(_l("Say what kind of contribution this paid role is."))
    if details.expected_minutes is not None and not 0 < details.expected_minutes <= 24 * 60:
        raise DomainError(_l("Expected hours need to be more than 0 and at most 24."))


def _apply(activity: Activity, details: ActivityDetails) -> None:
    for name in (f.name for f in fields(ActivityDetails)):
        value = getattr(details, name)
        if isinstance(value, str) and name != "description":
            value = value.strip() or None
        setattr(activity, name, value)
    activity.title = details.title.strip()
    activity.description = (details.description or "").strip()
    if not details.is_paid_role:
        activity.contribution_kind = None
        activity.expected_minutes = None


def session_times(starts_at: datetime, ends_at: datetime, every_weeks: int, sessions: int):
    """Start and end of each session, keeping the same London clock time across BST changes."""
    local_start = starts_at.astimezone(LONDON).replace(tzinfo=None)
    length = ends_at - starts_at
    for number in range(sessions):
        start = (local_start + timedelta(weeks=every_weeks * number)).replace(tzinfo=LONDON)
        yield start.astimezone(UTC), start.astimezone(UTC) + length


def create_activities(
    details: ActivityDetails, *, actor: User, repeat: str = "none", sessions: int = 1
) -> list[Activity]:
    """Publish one activity, or a weekly/fortnightly series of `sessions` separate ones."""
    require_organiser(details.group, actor)
    _check_details(details, actor, None)
    if repeat not in REPEATS:
        raise DomainError(_l("Choose how often it repeats."))
    every = REPEATS[repeat]
    sessions = 1 if every == 0 else sessions
    if not 1 <= sessions <= MAX_SESSIONS:
        raise DomainError(_l("A series can have 1 to 52 sessions."))
    series_key = secrets.token_hex(8) if sessions > 1 else None
    created = []
    for starts_at, ends_at in session_times(details.starts_at, details.ends_at, every, sessions):
        activity = Activity(created_by_id=actor.id, created_at=utcnow(), series_key=series_key)
        _apply(activity, details)
        activity.starts_at, activity.ends_at = starts_at, ends_at
        db.session.add(activity)
        created.append(activity)
    db.session.flush()
    for activity in created:
        record("activity.created", actor=actor, subject=activity, series=series_key)
    return created


def update_activity(activity: Activity, details: ActivityDetails, *, actor: User) -> None:
    """Change one session. Raising the places promotes people waiting; lowering them below the
    number already booked is refused. People booked are told if the time or place moves."""
    require_organiser(activity.group, actor)
    if not is_staff_organiser(actor) and details.group is not activity.group:
        raise NotAllowed(_l("Only staff can move a session to another group."))
    _check_details(details, actor, activity)
    activity = lock(activity)
    if activity.is_cancelled:
        raise DomainError(_l("This activity was cancelled, so it can't be changed."))
    booked = booked_count(activity)
    if details.capacity is not None and details.capacity < booked:
        raise DomainError(
            _l(
                "%(num)d people are booked already, so there need to be at least %(num)d places.",
                num=booked,
            )
        )
    moved = (details.starts_at, details.ends_at, details.place, details.online_link) != (
        activity.starts_at,
        activity.ends_at,
        activity.place,
        activity.online_link,
    )
    _apply(activity, details)
    record("activity.updated", actor=actor, subject=activity, moved=moved)
    if moved:
        for booking in _active_bookings(activity):
            notify(
                booking.person,
                N_("%(title)s has changed: it's now %(when)s. Check the details."),
                subject=N_("An activity you're booked on has changed"),
                link=path_for("activities.activity", activity_id=activity.id),
                title=activity.title,
                when=when(activity.starts_at),
            )
    promote_waiting(activity)


def _active_bookings(activity: Activity) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(
                Booking.activity_id == activity.id,
                Booking.status.in_([BookingStatus.BOOKED, BookingStatus.WAITLISTED]),
            )
            .order_by(Booking.id)
        )
    )


def cancel_activity(activity: Activity, *, actor: User, reason: str = "") -> None:
    """Call an activity off and tell everyone booked or waiting. Nothing is deleted."""
    require_organiser(activity.group, actor)
    activity = lock(activity)
    if activity.is_cancelled:
        return
    if activity.ends_at <= utcnow():
        raise DomainError(_l("This activity has already happened, so it can't be cancelled."))
    activity.cancelled_at = utcnow()
    activity.cancel_reason = reason.strip()[:300] or None
    record("activity.cancelled", actor=actor, subject=activity)
    for booking in _active_bookings(activity):
        notify(
            booking.person,
            N_("Sorry, %(title)s on %(when)s has been cancelled."),
            subject=N_("An activity has been cancelled"),
            link=path_for("activities.activity", activity_id=activity.id),
            title=activity.title,
            when=when(activity.starts_at),
        )


# Booking ----------------------------------------------------------------------------------


def _own_booking(activity: Activity, person: User) -> Booking | None:
    return db.session.scalar(
        select(Booking).where(Booking.activity_id == activity.id, Booking.person_id == person.id)
    )


def find_clash(activity: Activity, person: User) -> Activity | None:
    """The person's other booked (or waiting) activity that overlaps this one, if any."""
    return db.session.scalar(
        select(Activity)
        .join(Booking, Booking.activity_id == Activity.id)
        .where(
            Booking.person_id == person.id,
            Booking.status.in_([BookingStatus.BOOKED, BookingStatus.WAITLISTED]),
            Activity.id != activity.id,
            Activity.cancelled_at.is_(None),
            Activity.starts_at < activity.ends_at,
            Activity.ends_at > activity.starts_at,
        )
        .order_by(Activity.starts_at)
        .limit(1)
    )


def _check_can_book(activity: Activity, actor: User) -> None:
    if not actor.has_role(Role.YOUNG_PERSON):
        raise NotAllowed(_l("Booking is for young people taking part."))
    if activity.is_cancelled:
        raise DomainError(_l("Sorry, this activity has been cancelled."))
    now = utcnow()
    if now >= activity.starts_at:
        raise DomainError(_l("This activity has already started, so it can't be booked."))
    if now >= activity.booking_closes_at:
        raise DomainError(
            _l(
                "Booking closed at %(when)s. Ask the organiser if you'd still like to come.",
                when=when(activity.booking_closes_at),
            )
        )
    clash = find_clash(activity, actor)
    if clash is not None:
        raise DomainError(
            _l(
                "This is at the same time as %(title)s (%(when)s), which you're already down for.",
                title=clash.title,
                when=when(clash.starts_at),
            )
        )


def book_activity(activity: Activity, *, actor: User, waiting_list: bool = False) -> Booking:
    """Book the actor a place; with `waiting_list`, queue them when it is full.

    Raises ActivityFull when there is no place and `waiting_list` is false, DomainError when
    booking has closed, the activity is cancelled or started, or it overlaps another booking.
    """
    # Lock the person, then the activity: two taps by one person, or two people after the
    # last place, are served one after the other. Always in this order, so no deadlock.
    db.session.execute(select(User.id).where(User.id == actor.id).with_for_update())
    activity = lock(activity)
    booking = _own_booking(activity, actor)
    if booking is not None and booking.status == BookingStatus.BOOKED:
        raise DomainError(_l("You're already booked on this."))
    if booking is not None and booking.status == BookingStatus.WAITLISTED:
        raise DomainError(_l("You're already on the waiting list for this."))
    _check_can_book(activity, actor)
    left = places_left(activity)
    if left == 0 and not waiting_list:
        raise ActivityFull(
            _l("Sorry, the last place has just gone. You can join the waiting list.")
        )
    status = BookingStatus.BOOKED if left != 0 else BookingStatus.WAITLISTED
    if booking is None:
        booking = Booking(activity_id=activity.id, person_id=actor.id)
        db.session.add(booking)
    now = utcnow()
    booking.status, booking.queued_at, booking.changed_at = status, now, now
    db.session.flush()
    record(f"booking.{status.value}", actor=actor, subject=booking, activity_id=activity.id)
    return booking


def cancel_booking(activity: Activity, *, actor: User) -> Booking:
    """Give up the actor's place (or place in the queue); the first person waiting gets it."""
    activity = lock(activity)
    booking = _own_booking(activity, actor)
    if booking is None or booking.status == BookingStatus.CANCELLED:
        raise DomainError(_l("You're not booked on this."))
    if utcnow() >= activity.starts_at:
        raise DomainError(
            _l("This has already started, so it can't be cancelled here. Let the organiser know.")
        )
    was = booking.status
    booking.status, booking.changed_at = BookingStatus.CANCELLED, utcnow()
    record("booking.cancelled", actor=actor, subject=booking, was=was.value)
    if was == BookingStatus.BOOKED:
        promote_waiting(activity)
    return booking


def promote_waiting(activity: Activity) -> list[Booking]:
    """Give free places to the people waiting, first come first served, and tell them.

    Call with the activity locked (`lock`), so two cancellations cannot promote the same person.
    """
    if activity.is_cancelled or utcnow() >= activity.starts_at:
        return []
    left = places_left(activity)
    query = (
        select(Booking)
        .where(Booking.activity_id == activity.id, Booking.status == BookingStatus.WAITLISTED)
        .order_by(Booking.queued_at, Booking.id)
    )
    if left is not None:
        query = query.limit(left)
    promoted = list(db.session.scalars(query)) if left != 0 else []
    for booking in promoted:
        booking.status, booking.changed_at = BookingStatus.BOOKED, utcnow()
        record("booking.promoted", actor=None, subject=booking, activity_id=activity.id)
        notify(
            booking.person,
            N_("Good news! A place came up at %(title)s on %(when)s, and it's yours."),
            subject=N_("You've got a place"),
            link=path_for("activities.activity", activity_id=activity.id),
            title=activity.title,
            when=when(activity.starts_at),
        )
    return promoted


# The private calendar feed ----------------------------------------------------------------


def calendar_feed_for(person: User) -> CalendarFeed:
    """The person's feed, made the first time they ask for it."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.person_id == person.id))
    if feed is None:
        feed = CalendarFeed(person_id=person.id, token=secrets.token_urlsafe(32))
        db.session.add(feed)
        db.session.flush()
    return feed


def reset_calendar_feed(*, actor: User) -> CalendarFeed:
    """Give the actor a new feed address; the old one stops working at once."""
    feed = calendar_feed_for(actor)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = utcnow()
    record("calendar_feed.reset", actor=actor, subject=feed)
    return feed


def find_feed_owner(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.person_id == User.id)
        .where(CalendarFeed.token == token, User.disabled_at.is_(None))
    )
