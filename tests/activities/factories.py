"""Factories for activities, bookings and groups. Each commits, like `tests.factories`."""

import itertools
from datetime import timedelta

from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus

_numbers = itertools.count(1)


def make_activity(
    *, starts_in=timedelta(days=3), hours=2, capacity=None, title=None, **fields
) -> Activity:
    starts_at = fields.pop("starts_at", None) or utcnow() + starts_in
    activity = Activity(
        title=title or f"Activity {next(_numbers)}",
        kind=fields.pop("kind", ActivityKind.WORKSHOP),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", None) or starts_at + timedelta(hours=hours),
        capacity=capacity,
        **fields,
    )
    db.session.add(activity)
    db.session.commit()
    return activity


def make_booking(activity, person, status=BookingStatus.BOOKED, queued_at=None) -> Booking:
    booking = Booking(
        activity_id=activity.id,
        person_id=person.id,
        status=status,
        queued_at=queued_at or utcnow(),
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def make_attendance(activity, person, attended=True, walk_in=False) -> Attendance:
    row = Attendance(
        activity_id=activity.id, person_id=person.id, attended=attended, walk_in=walk_in
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_group(name=None, **fields) -> Group:
    group = Group(name=name or f"Group {next(_numbers)}", **fields)
    db.session.add(group)
    db.session.commit()
    return group


def make_member(group, person, *, lead=False, status=MembershipStatus.MEMBER) -> Membership:
    membership = Membership(group_id=group.id, person_id=person.id, status=status, is_lead=lead)
    db.session.add(membership)
    db.session.commit()
    return membership
