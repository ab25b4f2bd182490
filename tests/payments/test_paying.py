"""Paying through Stripe, end to end against the project's fake Stripe with the real `stripe`
library: one transfer per claim whatever goes wrong, and a clear outcome for finance."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import DATABASE_KIND
from tests.factories import make_approved_claim, make_stripe_ready
from youthhub.accounts.models import User
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.mail import OUTBOX_KEY
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.payments import choices, paying, services
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    Payment,
    PaymentChoice,
    PaymentMethod,
    StripeStatus,
)
from youthhub.payments.paying import PayResult


@pytest.fixture
def ready(cast, fake_stripe):
    """Jordan has finished Stripe onboarding; one approved claim of £15 to pay by Stripe."""
    account = make_stripe_ready(cast.young, fake_stripe)
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    return claim, account


def transfer_posts(fake):
    return [r for r in fake.requests if r[:2] == ("POST", "/v1/transfers")]


def payments_for(claim) -> int:
    return db.session.scalar(
        select(func.count(Payment.id)).where(Payment.contribution_id == claim.id)
    )


def test_paying_makes_one_transfer_with_the_claims_key_group_and_metadata(cast, fake_stripe, ready):
    claim, account = ready
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    db.session.commit()

    [transfer] = fake_stripe.transfers_for(f"claim-{claim.id}")
    assert transfer["amount"] == 1500
    assert transfer["currency"] == "gbp"
    assert transfer["destination"] == account
    assert transfer["metadata"] == {
        "claim_id": str(claim.id),
        "approved_by": str(cast.worker.id),
        "paid_by": str(cast.finance.id),
    }
    assert [key for *_, key in transfer_posts(fake_stripe)] == [f"claim-{claim.id}-transfer"]
    assert claim.status == ClaimStatus.PAID
    payment = db.session.scalars(select(Payment)).one()
    assert (payment.method, payment.amount_pence) == (PaymentMethod.STRIPE, 1500)
    assert payment.stripe_transfer_id == payment.reference == transfer["id"]
    assert payment.recorded_by_id == cast.finance.id
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["claim.status", "claim.status", "payment.stripe_transfer"]


@pytest.mark.committing
def test_the_claim_is_committed_as_paying_before_stripe_is_called(cast, fake_stripe, ready):
    claim, _ = ready
    seen = {}
    original, engine, claim_id = fake_stripe.state.create_transfer, db.engine, claim.id

    def look_at_the_database(params):
        # Another connection, as another finance click would have.
        with engine.connect() as other:
            seen["status"] = other.scalar(
                select(Contribution.status).where(Contribution.id == claim_id)
            )
        return original(params)

    fake_stripe.state.create_transfer = look_at_the_database
    paying.pay_with_stripe(claim, actor=cast.finance)
    assert seen["status"] == ClaimStatus.PAYING


def test_the_taken_less_amount_is_what_is_sent(cast, fake_stripe, ready):
    claim, _ = ready
    choices.take_less(claim, 999, actor=cast.young)
    db.session.commit()
    paying.pay_with_stripe(claim, actor=cast.finance)
    assert fake_stripe.transfers_for(f"claim-{claim.id}")[0]["amount"] == 999


def test_a_retry_after_an_injected_500_makes_exactly_one_transfer(cast, fake_stripe, ready):
    claim, _ = ready
    fake_stripe.inject("POST", "/v1/transfers", status=500)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    keys = [key for *_, key in transfer_posts(fake_stripe)]
    assert keys == [f"claim-{claim.id}-transfer"] * 2  # the client retried, with the same key
    assert len(fake_stripe.state.transfers) == 1
    assert payments_for(claim) == 1


def test_a_response_lost_once_is_replayed_from_the_idempotency_key(cast, fake_stripe, ready):
    claim, _ = ready
    fake_stripe.inject("POST", "/v1/transfers", kind="lose_response")
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    assert len(transfer_posts(fake_stripe)) == 2
    assert len(fake_stripe.state.transfers) == 1


def test_a_lost_response_leaves_the_claim_paying_and_reconcile_settles_it(cast, fake_stripe, ready):
    claim, _ = ready
    fake_stripe.inject("POST", "/v1/transfers", kind="lose_response", times=3)  # 1 + 2 retries
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.UNKNOWN
    db.session.commit()
    assert claim.status == ClaimStatus.PAYING
    assert len(fake_stripe.state.transfers) == 1  # it did happen; we just never heard
    assert payments_for(claim) == 0

    with pytest.raises(DomainError):  # nobody can start paying it again meanwhile
        paying.pay_with_stripe(claim, actor=cast.other_finance)
    db.session.rollback()

    assert paying.reconcile(actor=cast.finance) == {"paid": 1}
    db.session.commit()
    assert claim.status == ClaimStatus.PAID
    assert payments_for(claim) == 1
    assert len(fake_stripe.state.transfers) == 1
    assert paying.reconcile(actor=cast.finance) == {}


def test_reconcile_waits_then_puts_back_a_claim_stripe_never_saw(cast, fake_stripe, ready):
    claim, _ = ready
    fake_stripe.inject("POST", "/v1/transfers", status=503, times=3)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.UNKNOWN
    db.session.commit()
    assert fake_stripe.state.transfers == {}

    assert paying.reconcile(actor=cast.finance) == {"waiting": 1}
    later = utcnow() + timedelta(minutes=11)
    assert paying.reconcile(actor=cast.finance, now=later) == {"returned": 1}
    db.session.commit()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.failed_attempts == 0  # nothing definitely failed: the same key is safe

    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    keys = {key for *_, key in transfer_posts(fake_stripe)}
    assert keys == {f"claim-{claim.id}-transfer"}
    assert len(fake_stripe.state.transfers) == 1


def test_a_low_balance_puts_the_claim_back_and_the_next_attempt_uses_a_new_key(
    cast, fake_stripe, ready
):
    claim, _ = ready
    fake_stripe.state.balance = 1000
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.BALANCE_LOW
    db.session.commit()
    assert claim.status == ClaimStatus.APPROVED
    assert (claim.failed_attempts, claim.last_problem) == (1, "balance_insufficient")

    # Stripe keeps the failure under the first key for a day: the same key would fail again.
    fake_stripe.state.balance = 100_000
    assert paying.transfer_key(claim) == f"claim-{claim.id}-transfer-2"
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    assert len(fake_stripe.state.transfers) == 1


def test_no_stripe_account_gets_an_email_not_a_payment(cast, fake_stripe):
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.NOT_READY
    [email] = db.session.info[OUTBOX_KEY]
    assert email["To"] == cast.young.email
    assert "https://youthhub.example/money" in email.get_content()
    db.session.commit()
    assert claim.status == ClaimStatus.APPROVED
    assert transfer_posts(fake_stripe) == []


def test_onboarding_not_finished_means_no_payment(cast, fake_stripe):
    from youthhub.payments import onboarding

    onboarding.onboarding_link(
        cast.young, actor=cast.young, refresh_url="http://t/r", return_url="http://t/ret"
    )
    db.session.commit()
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.NOT_READY
    assert transfer_posts(fake_stripe) == []


def test_a_restricted_account_is_caught_by_stripe_and_asked_to_fix_it(cast, fake_stripe, ready):
    claim, account = ready
    fake_stripe.state.restrict(account)  # and the webhook telling us has not arrived yet
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.NOT_READY
    assert "Finish setting up" in db.session.info[OUTBOX_KEY][0]["Subject"]
    db.session.commit()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.last_problem == "insufficient_capabilities_for_transfer"
    assert services.profile_for(cast.young).stripe_status == StripeStatus.RESTRICTED
    assert fake_stripe.state.transfers == {}


def test_a_refusal_marks_the_claim_failed_until_finance_tries_again(cast, fake_stripe, ready):
    claim, _ = ready
    fake_stripe.inject("POST", "/v1/transfers", status=400)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.FAILED
    db.session.commit()
    assert claim.status == ClaimStatus.FAILED
    services.retry_failed(claim, actor=cast.finance)
    db.session.commit()
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID


def test_four_eyes_and_roles_for_stripe_payments(cast, fake_stripe):
    from tests.factories import make_user
    from youthhub.accounts.models import Role

    both = make_user(Role.YOUTH_WORKER, Role.FINANCE, invite_code="BOTH2")
    make_stripe_ready(cast.young, fake_stripe)
    claim = make_approved_claim(cast.young, both, choice=PaymentChoice.STRIPE)
    with pytest.raises(NotAllowed, match="someone else in finance"):
        paying.pay_with_stripe(claim, actor=both)
    with pytest.raises(NotAllowed, match="Only finance"):
        paying.pay_with_stripe(claim, actor=cast.worker)
    assert transfer_posts(fake_stripe) == []


def test_stripe_only_pays_claims_that_chose_it_and_people_aged_18(cast, fake_stripe):
    cash = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    with pytest.raises(DomainError, match="hasn't chosen Stripe"):
        paying.pay_with_stripe(cash, actor=cast.finance)
    teen_claim = make_approved_claim(cast.teen, cast.worker)
    teen_claim.payment_choice = PaymentChoice.STRIPE  # chosen before a rule change, say
    db.session.commit()
    with pytest.raises(DomainError, match="18 or over"):
        paying.pay_with_stripe(teen_claim, actor=cast.finance)


def test_paying_a_selection_reports_each_claim(cast, fake_stripe, ready):
    claim, _ = ready
    second = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    cash = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    results = paying.pay_selection([claim, second, cash], actor=cast.finance)
    assert results[claim.id] == results[second.id] == PayResult.PAID
    assert "hasn't chosen Stripe" in results[cash.id]
    assert len(fake_stripe.state.transfers) == 2


@pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.committing
def test_twenty_finance_clicks_at_once_make_one_transfer_and_one_payment(
    app, cast, fake_stripe, ready
):
    claim, _ = ready
    claim_id, finance_id = claim.id, cast.finance.id
    db.session.remove()
    start = threading.Barrier(20, timeout=30)
    outcomes = []

    def click():
        with app.app_context(), app.test_request_context():
            mine = db.session.get(Contribution, claim_id)
            person = db.session.get(User, finance_id)
            db.session.commit()  # hand the connection back while waiting for the others
            start.wait()
            try:
                outcomes.append(paying.pay_with_stripe(mine, actor=person))
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                outcomes.append(error.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count(PayResult.PAID) == 1
    assert len(outcomes) == 20
    assert len(fake_stripe.state.transfers) == 1
    assert len(transfer_posts(fake_stripe)) == 1
    assert db.session.scalar(select(func.count(Payment.id))) == 1
    assert db.session.get(Contribution, claim_id).status == ClaimStatus.PAID


def test_a_payment_keeps_the_minutes_it_paid_for(cast, fake_stripe, ready):
    """What the monitoring counts as hours paid for comes from the payment alone (0041)."""
    claim, _account = ready
    assert paying.pay_with_stripe(claim, actor=cast.finance) == PayResult.PAID
    db.session.commit()
    by_hand = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    services.record_payment(
        by_hand,
        actor=cast.finance,
        method=PaymentMethod.CASH,
        paid_on=by_hand.work_date,
        reference="",
    )
    db.session.commit()
    kept = db.session.execute(
        select(Payment.contribution_id, Payment.minutes).order_by(Payment.contribution_id)
    ).all()
    assert [tuple(row) for row in kept] == [
        (claim.id, claim.minutes),
        (by_hand.id, by_hand.minutes),
    ]
