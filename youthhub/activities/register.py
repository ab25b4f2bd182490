"""The register at the door: who came, walk-ins, and how many professionals and guests.

Saving is idempotent: the same marks saved twice leave the same rows and fire nothing new.
Attendance at a paid role goes through `paid_role_attendance_changed`, once per save for everyone
whose mark changed, which payments answers by making (or cancelling) their claims.

A save is all or nothing: it only flushes, and a refusal anywhere on its way (a claim that can't
be made, say) is a `DomainError` on which the request rolls back everything (`core.transaction`).
It runs the same number of queries however many people are on the register.
"""

from datetime import datetime

from flask.signals import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from youthhub.accounts.models import Role, User
from youthhub.activities.models import Activity, Attendance, Booking, BookingStatus
from youthhub.activities.services import lock, organiser_refusal
from youthhub.activities.visits import recount_soon
from youthhub.core.audit import entry_values, record, record_all
from youthhub.core.errors import DomainError
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db

MAX_HEADCOUNT = 10_000
signals = Namespace()
#: Sent with the activity as sender, `changes` (person id -> came?) and `actor`, once per save
#: that recorded or took back young people's attendance at a paid-role activity.
paid_role_attendance = signals.signal("paid-role-attendance")


def paid_role_attendance_changed(activity: Activity, changes: dict[int, bool], actor) -> None:
    """These people did (or, if corrected, did not do) the activity's paid contribution."""
    if not (activity.is_paid_role and changes):
        return
    record_all(
        [
            entry_values(
                "activity.paid_role_attendance",
                actor=actor,
                subject=activity,
                person_id=person_id,
                attended=attended,
                contribution_kind=activity.contribution_kind,
                expected_minutes=activity.expected_minutes,
            )
            for person_id, attended in changes.items()
        ]
    )
    paid_role_attendance.send(activity, changes=changes, actor=actor)


def register_refusal(activity: Activity, actor: User) -> DomainError | None:
    """Why `actor` may not take this activity's register now, or None if they may. The register
    page asks this to decide whether to offer the register at all; saving raises it."""
    refusal = organiser_refusal(activity.group, actor)
    if refusal is not None:
        return refusal
    if activity.is_cancelled:
        return DomainError(_l("This activity was cancelled, so there's no register to take."))
    if london_today() < activity.starts_at.astimezone(LONDON).date():
        return DomainError(_l("The register opens on the day of the activity."))
    return None


def _check_register_open(activity: Activity, actor: User) -> None:
    refusal = register_refusal(activity, actor)
    if refusal is not None:
        raise refusal


def _booked_ids(activity: Activity) -> set[int]:
    return set(
        db.session.scalars(
            select(Booking.person_id).where(
                Booking.activity_id == activity.id, Booking.status == BookingStatus.BOOKED
            )
        )
    )


def _attendances(activity: Activity) -> dict[int, Attendance]:
    rows = db.session.scalars(select(Attendance).where(Attendance.activity_id == activity.id))
    return {row.person_id: row for row in rows}


def _mark_all(activity, marks, *, actor, existing, walk_in=False, taken_at=None) -> dict[int, bool]:
    """Record `marks` (person id -> came?) as taken at `taken_at` (a phone that was offline
    says when; else now); new rows are added in one statement, however many.
    Answers the marks that changed whether someone came (a first "didn't come" changes nothing)."""
    now, new, changes = taken_at or utcnow(), [], {}
    for person_id, attended in sorted(marks.items()):
        row = existing.get(person_id)
        if row is None:
            new.append(
                {
                    "activity_id": activity.id,
                    "person_id": person_id,
                    "walk_in": walk_in,
                    "attended": attended,
                    "recorded_by_id": actor.id,
                    "recorded_at": now,
                }
            )
        elif row.attended == attended:
            continue
        else:
            row.attended, row.recorded_by_id, row.recorded_at = attended, actor.id, now
        if attended or row is not None:
            changes[person_id] = attended
    if new:
        db.session.execute(insert(Attendance), new)
        # Added in bulk, past the ORM's flush: their visits are counted with the save's flush.
        recount_soon(row["person_id"] for row in new if row["attended"])
    return changes


def save_register(
    activity: Activity,
    *,
    actor: User,
    marks: dict[int, bool],
    professionals: int,
    guests: int,
    unnamed: int = 0,
    taken_at: datetime | None = None,
) -> None:
    """Record who came (`marks`: person id -> came?) and the headcounts: professionals, guests
    and young people whose names were not taken (`unnamed`). `taken_at`: when the marks were
    really taken, if on a phone without signal (`register_sync`)."""
    _check_register_open(activity, actor)
    activity = lock(activity)
    existing = _attendances(activity)
    known = _booked_ids(activity) | set(existing)
    if not set(marks) <= known:
        raise DomainError(_l("Someone on this register isn't booked. Add them as a walk-in."))
    if not all(0 <= count <= MAX_HEADCOUNT for count in (professionals, guests, unnamed)):
        raise DomainError(_l("Enter how many came as a number from 0 to 10000."))
    changes = _mark_all(activity, marks, actor=actor, existing=existing, taken_at=taken_at)
    activity.professionals_count, activity.guests_count = professionals, guests
    activity.unnamed_young_people = unnamed
    activity.register_taken_at = utcnow()
    db.session.flush()
    paid_role_attendance_changed(activity, changes, actor)
    came = {person_id: row.attended for person_id, row in existing.items()} | marks
    record(
        "register.saved",
        actor=actor,
        subject=activity,
        attended=sum(came.values()),
        professionals=professionals,
        guests=guests,
        unnamed=unnamed,
    )


def add_walk_in(
    activity: Activity, person: User, *, actor: User, taken_at: datetime | None = None
) -> None:
    """Mark a young person who turned up without booking as here."""
    _check_register_open(activity, actor)
    if not person.has_role(Role.YOUNG_PERSON) or not person.is_active:
        raise DomainError(_l("Only young people with an account can be added to the register."))
    activity = lock(activity)
    existing = _attendances(activity)
    walk_in = person.id not in _booked_ids(activity)
    marks = {person.id: True}
    changes = _mark_all(
        activity, marks, actor=actor, existing=existing, walk_in=walk_in, taken_at=taken_at
    )
    if activity.register_taken_at is None:
        activity.register_taken_at = utcnow()
    db.session.flush()
    paid_role_attendance_changed(activity, changes, actor)
    record("register.walk_in", actor=actor, subject=activity, person_id=person.id)
