"""The finance queue's totals, kept by the database as claims change (`WaitingTotal`, migration
0040), stay what the approved claims themselves add up to, whatever changes the claims."""

from collections import Counter
from datetime import date

from sqlalchemy import delete, insert, select

from tests.factories import make_approved_claim, make_claim
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.payments import choices, queries, services, states
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    PaymentChoice,
    PaymentMethod,
)


def added_up() -> tuple[int, dict]:
    """The approved claims counted and added up one by one (`payable_pence`), as the page did."""
    db.session.expire_all()
    approved = db.session.scalars(
        select(Contribution).where(Contribution.status == ClaimStatus.APPROVED)
    ).all()
    pence = Counter()
    for claim in approved:
        pence[claim.payment_choice] += claim.payable_pence
    return len(approved), dict(pence)


def assert_kept() -> None:
    assert queries.waiting_totals() == added_up()


def test_the_totals_follow_every_way_a_claim_changes(cast):
    assert queries.waiting_totals() == (0, {})
    make_claim(cast.young)  # waiting for approval: not counted
    stripe = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    cash = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH, minutes=120)
    unchosen = make_approved_claim(cast.teen, cast.worker)
    adjusted = make_claim(cast.young, choice=PaymentChoice.CASH)
    services.approve_contribution(adjusted, actor=cast.worker, amount_pence=999, reason="Less")
    assert_kept()
    assert queries.waiting_totals() == (
        4,
        {PaymentChoice.STRIPE: 1500, PaymentChoice.CASH: 3000 + 999, None: 1500},
    )

    choices.choose_payment(unchosen, PaymentChoice.CASH, actor=cast.teen)  # one column, by ORM
    choices.take_less(cash, 2000, actor=cast.young)
    db.session.flush()
    assert_kept()

    # Paid another way, sent to Stripe and failed, back in the queue, given up.
    today = london_today()
    cash_paid = {"method": PaymentMethod.CASH, "paid_on": today, "reference": ""}
    services.record_payment(unchosen, actor=cast.finance, **cash_paid)
    states.move(stripe, ClaimStatus.PAYING, actor=None)
    assert_kept()
    states.move(stripe, ClaimStatus.FAILED, actor=None)
    services.retry_failed(stripe, actor=cast.finance)
    assert_kept()
    states.move(stripe, ClaimStatus.PAYING, actor=None)
    states.move(stripe, ClaimStatus.FAILED, actor=None)
    services.give_up_failed(stripe, actor=cast.finance)
    # The young person says no thanks: the claim closes.
    choices.choose_payment(adjusted, PaymentChoice.DECLINE, actor=cast.young)
    assert_kept()
    assert queries.waiting_totals() == (1, {PaymentChoice.CASH: 2000})


def test_the_totals_follow_claims_written_in_bulk_and_deleted(cast):
    """A register's UPDATE of many claims, a script's bulk insert and a deletion go round the
    services; the database keeps the totals all the same."""
    waiting = [make_claim(cast.young, choice=PaymentChoice.CASH) for _ in range(3)]
    approved, submitted = ClaimStatus.APPROVED, ClaimStatus.SUBMITTED
    states.move_all(waiting, approved, actor=cast.worker, expected=submitted)
    kind = db.session.scalar(select(ContributionKind).where(ContributionKind.code == "panel"))
    db.session.execute(
        insert(Contribution),
        [
            {
                "person_id": cast.teen.id,
                "kind_id": kind.id,
                "work_date": date(2026, 5, 1),
                "minutes": 60,
                "hourly_pence": 1500,
                "amount_pence": 1500,
                "wanted_pence": wanted,
                "status": ClaimStatus.APPROVED,
                "status_changed_at": utcnow(),
                "submitted_at": utcnow(),
            }
            for wanted in (None, 500)
        ],
    )
    assert_kept()
    assert queries.waiting_totals() == (5, {PaymentChoice.CASH: 4500, None: 2000})

    db.session.execute(delete(Contribution).where(Contribution.person_id == cast.teen.id))
    assert_kept()
    assert queries.waiting_totals() == (3, {PaymentChoice.CASH: 4500})
