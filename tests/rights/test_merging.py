"""Merging two records of one young person: every row pointing at the merged record moves (the
data-rights registry knows every such column), clashes keep the better row, the merged record
is left as a nameless tombstone, and the whole thing is audited."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.factories import make_admin, make_claim, make_worker, make_young_person
from tests.rights.test_registry import columns_pointing_at_users
from youthhub.accounts import people
from youthhub.accounts.models import Role
from youthhub.activities.models import Attendance, Booking, BookingStatus
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.personal_data import KEEP
from youthhub.core.time import london_today
from youthhub.endings.models import Certificate, Ending
from youthhub.extensions import db
from youthhub.groups.models import Membership, MembershipStatus
from youthhub.payments.models import ClaimStatus, Contribution
from youthhub.reports import activity_table
from youthhub.rights import merging


def without_account(name="Remi", worker=None):
    person = people.add_young_person(
        preferred_name=name, actor=worker or make_worker(), someone_new=True
    )
    db.session.commit()
    return person


def merge(merged, kept, actor=None):
    moved = merging.merge_people(merged, into=kept, actor=actor or make_admin())
    db.session.commit()
    return moved


def rows_left_pointing_at(person_id) -> dict[str, int]:
    """Every column pointing at a user, walked from the models (not from the registry)."""
    left = {}
    for column_key in columns_pointing_at_users():
        table_name, column_name = column_key.split(".")
        table = db.metadata.tables[table_name]
        count = db.session.scalar(
            select(func.count()).select_from(table).where(table.c[column_name] == person_id)
        )
        if count:
            left[column_key] = count
    return left


def test_every_column_pointing_at_a_user_has_a_merge_rule(app):
    """A new table pointing at users fails here until its domain says how merging treats it."""
    assert sorted(columns_pointing_at_users() - set(merging.merge_rules())) == []
    assert sorted(set(merging.merge_rules()) - columns_pointing_at_users()) == []


def test_every_kind_of_row_moves_and_a_tombstone_is_left(app, everywhere, someone_else):
    alex, bo = everywhere.person, someone_else.person
    alex_id = alex.id
    before = rows_left_pointing_at(alex_id)
    assert len(before) >= 15  # data in every domain
    bo_claims = db.session.scalar(select(func.count()).where(Contribution.person_id == bo.id))
    moved = merge(alex, bo)
    assert moved == before
    left = rows_left_pointing_at(alex_id)
    keep = {key for key, rule in merging.merge_rules().items() if rule == KEEP}
    assert set(left) <= keep  # only the append-only audit log still names the old record
    # What moved is Bo's now: registers, bookings, groups, goals, claims, certificates.
    assert db.session.scalar(select(func.count()).where(Contribution.person_id == bo.id)) == (
        bo_claims + len(everywhere.claims)
    )
    certificates = db.session.scalars(select(Certificate).where(Certificate.person_id == bo.id))
    assert sorted(c.revoked_at is None for c in certificates) == [False, True]
    assert db.session.scalar(select(func.count()).where(Ending.person_id == bo.id)) == 1
    assert db.session.scalar(select(func.count()).where(Membership.person_id == bo.id)) == 2
    # The tombstone: no name, email, password or role; switched off; points at Bo.
    tombstone = db.session.get(type(alex), alex_id)
    assert tombstone.merged_into_id == bo.id
    assert tombstone.email is None and tombstone.password_hash is None
    assert tombstone.roles == frozenset() and not tombstone.is_active
    assert "alex" not in tombstone.preferred_name.lower()


def test_the_merge_is_audited_with_what_moved(app):
    worker = make_worker()
    remi = without_account(worker=worker)
    make_attendance(make_activity(starts_in=-timedelta(days=1)), remi)
    real = make_young_person(name="Remi O")
    merge(remi, real, actor=worker)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "young_person.merged"))
    assert (entry.actor_id, entry.subject_id) == (worker.id, real.id)
    assert entry.details["merged_id"] == remi.id
    assert entry.details["moved"]["attendances.person_id"] == 1


def test_counts_stay_true_a_person_counted_twice_is_counted_once(app):
    remi = without_account()
    real = make_young_person(name="Remi O")
    first = make_activity(starts_in=-timedelta(days=3))
    second = make_activity(starts_in=-timedelta(days=2))
    make_attendance(first, remi)
    make_attendance(second, real)
    start, end = london_today() - timedelta(days=30), london_today()
    before = activity_table.build(start, end)
    assert (before.attendances, before.reach) == (2, 2)  # one person, counted as two
    merge(remi, real)
    after = activity_table.build(start, end)
    assert (after.attendances, after.reach) == (2, 1)


def test_at_the_same_activity_came_beats_did_not_come(app):
    remi, real = without_account(), make_young_person(name="Remi O")
    activity = make_activity(starts_in=-timedelta(days=1))
    make_attendance(activity, real, attended=False)
    make_attendance(activity, remi, attended=True, walk_in=True)
    merge(remi, real)
    [row] = db.session.scalars(select(Attendance).where(Attendance.activity_id == activity.id))
    assert (row.person_id, row.attended, row.walk_in) == (real.id, True, True)


def test_a_booking_beats_a_waiting_list_place_or_a_cancelled_one(app):
    remi, real = without_account(), make_young_person(name="Remi O")
    booked_by_remi, booked_by_real = make_activity(capacity=5), make_activity(capacity=5)
    make_booking(booked_by_remi, remi)
    make_booking(booked_by_remi, real, status=BookingStatus.CANCELLED)
    make_booking(booked_by_real, real)
    make_booking(booked_by_real, remi, status=BookingStatus.WAITLISTED)
    merge(remi, real)
    bookings = db.session.scalars(select(Booking).order_by(Booking.activity_id)).all()
    assert [(b.activity_id, b.person_id, b.status) for b in bookings] == [
        (booked_by_remi.id, real.id, BookingStatus.BOOKED),
        (booked_by_real.id, real.id, BookingStatus.BOOKED),
    ]


def test_a_group_lead_stays_a_lead(app):
    remi, real = without_account(), make_young_person(name="Remi O")
    group = make_group()
    make_member(group, remi, lead=True)
    make_member(group, real, status=MembershipStatus.REQUESTED)
    merge(remi, real)
    [membership] = db.session.scalars(select(Membership))
    assert (membership.person_id, membership.is_lead) == (real.id, True)


def test_a_double_claim_for_one_paid_role_waiting_for_approval_is_cancelled(app):
    remi, real = without_account(), make_young_person(name="Remi O")
    activity = make_activity(starts_in=-timedelta(days=1))
    kept_claim, double = make_claim(real), make_claim(remi)
    kept_claim.activity_id = double.activity_id = activity.id  # as the register makes them
    db.session.commit()
    merge(remi, real)
    db.session.refresh(double)
    assert (double.person_id, double.status) == (real.id, ClaimStatus.CANCELLED)
    assert kept_claim.status == ClaimStatus.SUBMITTED


def test_who_may_merge_what(app):
    worker, admin = make_worker(), make_admin()
    remi, real, other = without_account(), make_young_person(), make_young_person()
    assert merging.merge_refusal(remi, real, actor=worker) is None
    assert isinstance(merging.merge_refusal(remi, real, actor=make_young_person()), NotAllowed)
    assert "other way round" in merging.merge_refusal(real, remi, actor=worker).message
    assert isinstance(merging.merge_refusal(real, other, actor=worker), NotAllowed)
    assert merging.merge_refusal(real, other, actor=admin) is None
    assert "two different" in merging.merge_refusal(real, real, actor=admin).message
    assert "young people" in merging.merge_refusal(remi, worker, actor=admin).message
    # The record with an account is the one kept, whichever way round they were chosen.
    assert merging.kept_record(real, remi) == (remi, real)


def test_a_merged_record_cannot_be_merged_again(app):
    remi, real, other = without_account(), make_young_person(), without_account("Remi B")
    merge(remi, real)
    with pytest.raises(DomainError, match="young people"):
        merge(remi, other)
    assert db.session.get(type(real), real.id).has_role(Role.YOUNG_PERSON)
