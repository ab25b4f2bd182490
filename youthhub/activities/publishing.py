"""Publishing activities (one-off, or weekly/fortnightly series), changing and cancelling them.

Staff run every activity; a young group lead runs only their own group's sessions, and never
the paid-role part. Every function raises `DomainError` (or `NotAllowed`).
"""

import secrets
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import User
from youthhub.activities.models import Activity, ActivityKind, Booking, BookingStatus
from youthhub.activities.organisers import is_staff_organiser
from youthhub.activities.services import (
    booked_count,
    lock,
    organiser_refusal,
    promote_waiting,
    require_organiser,
    when,
)
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.text import N_, path_for
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.notices.services import notify

MAX_SESSIONS = 52
REPEATS = {"none": 0, "weekly": 1, "fortnightly": 2}


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
    shown_before = _calendar_shows(activity)
    _apply(activity, details)
    # `calendar_changed` entries are what raises the session's calendar SEQUENCE.
    calendar_changed = _calendar_shows(activity) != shown_before
    record(
        "activity.updated",
        actor=actor,
        subject=activity,
        moved=moved,
        calendar_changed=calendar_changed,
    )
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


def _calendar_shows(activity: Activity) -> tuple:
    """What a calendar event shows of a session (`calendar.py`)."""
    return (
        activity.title,
        activity.starts_at,
        activity.ends_at,
        activity.place,
        activity.online_link,
        activity.description,
        activity.what_to_bring,
        activity.contact,
    )


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


def _cancel_refusal(activity: Activity, actor: User) -> DomainError | None:
    refusal = organiser_refusal(activity.group, actor)
    if refusal is None and activity.ends_at <= utcnow():
        refusal = DomainError(_l("This activity has already happened, so it can't be cancelled."))
    return refusal


def may_cancel(activity: Activity, actor: User) -> bool:
    """Whether to offer `actor` the cancel button: the rule `cancel_activity` raises from.
    (Cancelling a cancelled activity again changes nothing, so it is not offered.)"""
    return not activity.is_cancelled and _cancel_refusal(activity, actor) is None


def cancel_activity(activity: Activity, *, actor: User, reason: str = "") -> None:
    """Call an activity off and tell everyone booked or waiting. Nothing is deleted."""
    require_organiser(activity.group, actor)
    activity = lock(activity)
    if activity.is_cancelled:
        return
    refusal = _cancel_refusal(activity, actor)
    if refusal is not None:
        raise refusal
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
