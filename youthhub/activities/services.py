"""Activities: booking, the waiting list, and the private calendar feed. Publishing, changing
and cancelling sessions live in `publishing.py`, the register in `register.py`.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Places are taken with the activity's row locked (`SELECT ... FOR UPDATE` on PostgreSQL), so two
people tapping "Book" for the last place at the same moment cannot both get it.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from youthhub.accounts.models import Role, User
from youthhub.activities.models import Activity, Booking, BookingStatus, CalendarFeed
from youthhub.activities.organisers import can_run
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.formatting import format_datetime
from youthhub.core.text import N_, path_for
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.notices.services import notify

WHEN_FORMAT = "EEE d MMM, HH:mm"
CLOCK_FORMAT = "HH:mm"  # when a session ends, after WHEN_FORMAT's start


class ActivityFull(DomainError):
    """No places left: the person can join the waiting list instead."""


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
    # `count(*)`: read from the index by activity and status alone (migration 0038).
    return db.session.scalar(
        select(func.count()).where(
            Booking.activity_id == activity.id, Booking.status == BookingStatus.BOOKED
        )
    )


def places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - booked_count(activity), 0)


def organiser_refusal(group, actor: User) -> NotAllowed | None:
    """Refuses anyone but staff or a lead of `group` (None: they may run it)."""
    if not can_run(actor, group):
        return NotAllowed(_l("Only staff, or a lead of this group, can do that."))
    return None


def require_organiser(group, actor: User) -> None:
    refusal = organiser_refusal(group, actor)
    if refusal is not None:
        raise refusal


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


def _booking_refusal(
    activity: Activity, person: User, booking: Booking | None, left: int | None
) -> DomainError | None:
    """Why `person` may not take a place at `activity` now, or None if they may. The one rule
    for booking: `book_activity` raises it and `booking_options` asks it. `ActivityFull` is the
    one refusal the waiting list answers."""
    if booking is not None and booking.status == BookingStatus.BOOKED:
        return DomainError(_l("You're already booked on this."))
    if booking is not None and booking.status == BookingStatus.WAITLISTED:
        return DomainError(_l("You're already on the waiting list for this."))
    if not person.has_role(Role.YOUNG_PERSON):
        return NotAllowed(_l("Booking is for young people taking part."))
    if activity.is_cancelled:
        return DomainError(_l("Sorry, this activity has been cancelled."))
    now = utcnow()
    if now >= activity.starts_at:
        return DomainError(_l("This activity has already started, so it can't be booked."))
    if now >= activity.booking_closes_at:
        return DomainError(
            _l(
                "Booking closed at %(when)s. Ask the organiser if you'd still like to come.",
                when=when(activity.booking_closes_at),
            )
        )
    clash = find_clash(activity, person)
    if clash is not None:
        return DomainError(
            _l(
                "This is at the same time as %(title)s (%(when)s), which you're already down for.",
                title=clash.title,
                when=when(clash.starts_at),
            )
        )
    if left == 0:
        return ActivityFull(
            _l("Sorry, the last place has just gone. You can join the waiting list.")
        )
    return None


def _cancel_refusal(activity: Activity, booking: Booking | None) -> DomainError | None:
    """Why the person holding `booking` may not give it up now, or None if they may."""
    if booking is None or booking.status == BookingStatus.CANCELLED:
        return DomainError(_l("You're not booked on this."))
    if activity.is_cancelled:
        # Nothing to give up: everyone's place went when the activity was called off.
        return DomainError(_l("Sorry, this activity has been cancelled."))
    if utcnow() >= activity.starts_at:
        return DomainError(
            _l("This has already started, so it can't be cancelled here. Let the organiser know.")
        )
    return None


@dataclass(frozen=True)
class BookingOptions:
    """What a person may do about their place at an activity right now. `why_not` says why,
    when they may do nothing; the page shows it instead of a button."""

    book: bool = False
    join_waiting_list: bool = False
    cancel: bool = False
    why_not: str | None = None


def booking_options(activity: Activity, person: User) -> BookingOptions:
    """What the booking services would accept from `person` at `activity`, asked of the same
    rules they raise from, so a page never offers a button the service then refuses."""
    booking = _own_booking(activity, person)
    holds_one = booking is not None and booking.status != BookingStatus.CANCELLED
    if holds_one:
        refusal = _cancel_refusal(activity, booking)
        return BookingOptions(cancel=refusal is None, why_not=refusal and refusal.message)
    refusal = _booking_refusal(activity, person, booking, places_left(activity))
    if isinstance(refusal, ActivityFull):
        return BookingOptions(join_waiting_list=True)
    return BookingOptions(book=refusal is None, why_not=refusal and refusal.message)


def book_activity(activity: Activity, *, actor: User, waiting_list: bool = False) -> Booking:
    """Book the actor a place; with `waiting_list`, queue them when it is full (and give them
    the place if one has come up since).

    Raises ActivityFull when there is no place and `waiting_list` is false, DomainError when
    booking has closed, the activity is cancelled or started, or it overlaps another booking.
    """
    # Lock the person, then the activity: two taps by one person, or two people after the
    # last place, are served one after the other. Always in this order, so no deadlock.
    db.session.execute(select(User.id).where(User.id == actor.id).with_for_update())
    activity = lock(activity)
    booking = _own_booking(activity, actor)
    left = places_left(activity)
    refusal = _booking_refusal(activity, actor, booking, left)
    if refusal is not None and not (waiting_list and isinstance(refusal, ActivityFull)):
        raise refusal
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
    refusal = _cancel_refusal(activity, booking)
    if refusal is not None:
        raise refusal
    return _give_up(activity, booking, actor=actor)


def _give_up(activity: Activity, booking: Booking, *, actor: User | None, **details) -> Booking:
    """Cancel `booking` at the locked `activity`; a place it held goes to whoever waits first."""
    was = booking.status
    booking.status, booking.changed_at = BookingStatus.CANCELLED, utcnow()
    record("booking.cancelled", actor=actor, subject=booking, was=was.value, **details)
    if was == BookingStatus.BOOKED:
        promote_waiting(activity)
    return booking


def give_up_places_of(person: User) -> list[Booking]:
    """The person is leaving for good (their data is being erased): every place, and every
    place in a queue, they hold at an activity still to come is given up exactly as if they had
    cancelled it themselves, so the people waiting are promoted and told."""
    held = db.session.scalars(
        select(Booking)
        .join(Activity, Activity.id == Booking.activity_id)
        .where(
            Booking.person_id == person.id,
            Booking.status.in_([BookingStatus.BOOKED, BookingStatus.WAITLISTED]),
            Activity.cancelled_at.is_(None),
            Activity.starts_at > utcnow(),
        )
        .order_by(Activity.starts_at, Booking.id)
    ).all()
    return [_give_up(lock(booking.activity), booking, actor=None, why="erased") for booking in held]


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
            kind="place_came_up",
            title=activity.title,
            when=when(activity.starts_at),
        )
    return promoted


# The private calendar feed ----------------------------------------------------------------


def calendar_feed_of(person: User) -> CalendarFeed | None:
    """The person's feed, if they have asked for one; reading it never makes one."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.person_id == person.id))


def calendar_feed_for(person: User) -> CalendarFeed:
    """The person's feed, made the first time they ask for it (a POST: pages never write)."""
    feed = calendar_feed_of(person)
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


def _feed_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="calendar-feed")


def feed_address_token(feed: CalendarFeed) -> str:
    """The secret part of the feed's address: its stored random value signed with SECRET_KEY,
    so a copy of the database alone opens nobody's calendar."""
    return _feed_signer().dumps(feed.token)


def find_feed_owner(address_token: str) -> User | None:
    if not address_token or len(address_token) > 200:
        return None
    try:
        token = _feed_signer().loads(address_token)
    except BadSignature:
        return None
    if not isinstance(token, str):
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.person_id == User.id)
        .where(CalendarFeed.token == token, User.disabled_at.is_(None))
    )
