"""Attendance at a paid-role activity, taken on the register, becomes a claim (once), priced
from the activity's kind and hours; correcting the register cancels a claim not yet approved."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking
from tests.factories import make_user, make_young_person
from youthhub.accounts.models import Role
from youthhub.activities import register
from youthhub.core.audit import AuditEntry
from youthhub.core.time import LONDON, london_today
from youthhub.extensions import db
from youthhub.payments import choices, rates, services
from youthhub.payments.labels import about_claim
from youthhub.payments.models import (
    CancelReason,
    ClaimStatus,
    Contribution,
    PaymentChoice,
    PaymentMethod,
)
from youthhub.payments.rules import FourEyes


def today_activity(**fields):
    noon = datetime.now(LONDON).replace(hour=12, minute=0, second=0, microsecond=0)
    return make_activity(starts_at=noon.astimezone(UTC), hours=3, **fields)


def take_register(activity, actor, marks):
    register.save_register(activity, actor=actor, marks=marks, professionals=0, guests=0)
    db.session.commit()


def claims():
    return db.session.scalars(select(Contribution).order_by(Contribution.id)).all()


def test_attending_a_paid_panel_makes_one_priced_claim(cast):
    activity = today_activity(
        title="Corporate parenting panel",
        is_paid_role=True,
        contribution_kind="Youth panel member",
        expected_minutes=150,
    )
    make_booking(activity, cast.young)
    choices.set_default_choice(cast.young, PaymentChoice.STRIPE, actor=cast.young)
    for _ in range(2):
        take_register(activity, cast.worker, {cast.young.id: True})

    [claim] = claims()
    assert claim.kind.code == "panel"
    assert (claim.minutes, claim.amount_pence) == (150, 3750)
    assert claim.activity_id == activity.id
    assert claim.description == "Corporate parenting panel"
    assert claim.work_date == activity.starts_at.astimezone(LONDON).date()
    assert claim.payment_choice == PaymentChoice.STRIPE
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_register_claim_is_the_young_persons_and_its_register_taker_may_approve_it(cast):
    activity = today_activity(
        title="Corporate parenting panel", is_paid_role=True, contribution_kind="panel"
    )
    make_booking(activity, cast.young)
    take_register(activity, cast.worker, {cast.young.id: True})
    [claim] = claims()
    assert claim.submitted_by_id == cast.young.id
    assert about_claim(claim) == "From the register of Corporate parenting panel"
    logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim.logged")).one()
    assert logged.actor_id == cast.young.id
    assert logged.details["register_taken_by_id"] == cast.worker.id

    services.approve_contribution(claim, actor=cast.worker)
    assert claim.approved_by_id == cast.worker.id


def test_a_worker_still_may_not_approve_a_claim_they_logged_by_hand(cast):
    claim = services.log_contribution(
        cast.young,
        actor=cast.worker,
        kind=rates.kind_for_text("panel"),
        work_date=london_today(),
        minutes=60,
        description="Sat on the panel",
    )
    assert about_claim(claim) == "Sat on the panel"
    with pytest.raises(FourEyes, match="another worker needs to approve"):
        services.approve_contribution(claim, actor=cast.worker)
    services.approve_contribution(claim, actor=cast.other_worker)


def test_whoever_approved_a_register_claim_may_not_pay_it_and_someone_else_may(cast):
    """A worker who also does finance takes the register and approves: someone else pays."""
    both = make_user(Role.YOUTH_WORKER, Role.FINANCE, name="Mo")
    activity = today_activity(is_paid_role=True, contribution_kind="panel")
    make_booking(activity, cast.young)
    take_register(activity, both, {cast.young.id: True})
    [claim] = claims()
    services.approve_contribution(claim, actor=both)
    pay = {"method": PaymentMethod.CASH, "paid_on": london_today(), "reference": ""}
    with pytest.raises(FourEyes, match="someone else in finance"):
        services.record_payment(claim, actor=both, **pay)
    services.record_payment(claim, actor=cast.finance, **pay)
    assert claim.status == ClaimStatus.PAID


def test_correcting_the_register_cancels_a_waiting_claim_and_marking_again_makes_a_new_one(cast):
    activity = today_activity(is_paid_role=True, contribution_kind="Podcast")
    make_booking(activity, cast.young)
    take_register(activity, cast.worker, {cast.young.id: True})
    take_register(activity, cast.worker, {cast.young.id: False})
    [cancelled] = claims()
    assert (cancelled.status, cancelled.cancel_reason) == (
        ClaimStatus.CANCELLED,
        CancelReason.NOT_ATTENDED,
    )
    take_register(activity, cast.worker, {cast.young.id: True})
    assert [c.status for c in claims()] == [ClaimStatus.CANCELLED, ClaimStatus.SUBMITTED]


def test_an_approved_claim_is_left_for_a_worker_to_sort_out(cast):
    activity = today_activity(is_paid_role=True, contribution_kind="Panel")
    make_booking(activity, cast.young)
    take_register(activity, cast.worker, {cast.young.id: True})
    services.approve_contribution(claims()[0], actor=cast.other_worker)
    db.session.commit()
    take_register(activity, cast.worker, {cast.young.id: False})
    assert claims()[0].status == ClaimStatus.APPROVED


def test_unpaid_activities_and_absences_make_no_claims(cast):
    unpaid = today_activity()
    paid = today_activity(is_paid_role=True, contribution_kind="Panel")
    someone = make_young_person()
    for activity in (unpaid, paid):
        make_booking(activity, cast.young)
        make_booking(activity, someone)
    take_register(unpaid, cast.worker, {cast.young.id: True})
    take_register(paid, cast.worker, {cast.young.id: False, someone.id: True})
    assert [c.person_id for c in claims()] == [someone.id]


def test_without_expected_hours_the_session_length_is_used(cast):
    activity = today_activity(is_paid_role=True, contribution_kind="Research")
    activity.ends_at = activity.starts_at + timedelta(minutes=100)  # rounds to 1.75 hours
    db.session.commit()
    make_booking(activity, cast.young)
    take_register(activity, cast.worker, {cast.young.id: True})
    assert claims()[0].minutes == 105


def test_a_paid_roles_register_saves_through_the_page(cast, client):
    """Through the web page, as a worker at the door: the people on the register were loaded for
    the page, and turning their attendance into claims must not trip over how they were loaded
    (this used to be a 500 that lost the whole save)."""
    from tests.factories import log_in

    activity = today_activity(is_paid_role=True, contribution_kind="Youth panel member")
    booked, absent, walker = cast.young, cast.teen, make_young_person(name="Walk-in Wil")
    for person in (booked, absent):
        make_booking(activity, person)
    log_in(client, cast.worker)
    client.post(f"/activities/{activity.id}/register/walk-in/{walker.id}")
    marks = {
        f"came-{booked.id}": "yes",
        f"came-{absent.id}": "no",
        f"came-{walker.id}": "yes",
        "professionals": "3",
        "guests": "1",
    }
    response = client.post(f"/activities/{activity.id}/register", data=marks)
    assert response.status_code == 302
    made = {claim.person_id: claim.status for claim in claims()}
    assert made == {booked.id: ClaimStatus.SUBMITTED, walker.id: ClaimStatus.SUBMITTED}
    db.session.refresh(activity)
    assert (activity.professionals_count, activity.guests_count) == (3, 1)
