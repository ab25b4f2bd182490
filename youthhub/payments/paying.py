"""Paying a claim through Stripe Connect, and settling what Stripe says happened.

The rule that keeps money from being paid twice: a claim moves from `approved` to `paying` in a
conditional UPDATE that is COMMITTED before Stripe is called. Of any number of finance clicks at
once, only one makes that move, so only one asks Stripe for a transfer; and that request carries
an idempotency key (`claim-<id>-transfer`), so the client's own retries after a lost response
cannot make a second transfer either. If the outcome is unknown (a timeout, a lost response),
the claim stays in `paying` until `reconcile` finds the transfer by its `transfer_group`.
"""

from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import select

from youthhub.core.audit import record
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.payments import emails
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    Payment,
    PaymentMethod,
    StripeStatus,
)
from youthhub.payments.rules import check_may_pay_with_stripe, check_may_reconcile
from youthhub.payments.services import profile_for
from youthhub.payments.states import ClaimMoved, move


class PayResult(StrEnum):
    PAID = "paid"
    NOT_READY = "not_ready"  # the young person must finish (or fix) their Stripe setup
    BALANCE_LOW = "balance_low"  # not enough money in the Stripe balance: back in the queue
    TRY_LATER = "try_later"  # Stripe said not now: back in the queue
    FAILED = "failed"  # Stripe refused it: finance looks at it
    UNKNOWN = "unknown"  # no answer: stays in `paying` until reconciled


def transfer_key(claim: Contribution) -> str:
    """The idempotency key for this claim's transfer. After a transfer that definitely failed
    (Stripe keeps that failure under its key for a day), the next attempt gets a new key."""
    base = f"claim-{claim.id}-transfer"
    return base if claim.failed_attempts == 0 else f"{base}-{claim.failed_attempts + 1}"


def pay_with_stripe(claim: Contribution, *, actor) -> PayResult:
    """Pay one approved claim by Stripe transfer; raises DomainError if `actor` may not (the
    same `rules.check_may_pay_with_stripe` the claim page asks before offering the button).

    COMMITS the move to `paying` before calling Stripe: the one commit in a service, the
    documented exception to "the request commits once" (`core.transaction`). Committed, the
    claim is `paying` for every other request, so no second click, tab or finance person can
    start another transfer while this one is in flight, and if this request dies after Stripe
    answered, `reconcile` still finds the claim in `paying` and settles it from Stripe's record.
    What happens after Stripe answers is committed by the request as usual."""
    check_may_pay_with_stripe(claim, actor)
    person = claim.person
    profile = profile_for(person)
    if not profile.stripe_ready or not profile.stripe_account_id:
        emails.finish_stripe_setup(person)
        record("claim.pay_waiting_for_stripe_setup", actor=actor, subject=claim)
        return PayResult.NOT_READY
    claim_id, key, amount = claim.id, transfer_key(claim), claim.payable_pence
    account_id, approved_by_id = profile.stripe_account_id, claim.approved_by_id
    move(
        claim,
        ClaimStatus.PAYING,
        actor=actor,
        expected=ClaimStatus.APPROVED,
        values={"paid_by_id": actor.id, "paying_since": utcnow()},
        amount_pence=amount,
        idempotency_key=key,
    )
    # The one commit inside a service (see the docstring): `paying` must be visible to
    # everyone before Stripe is asked, or two clicks could both ask for a transfer.
    db.session.commit()
    try:
        transfer = gateway.create_transfer(
            amount_pence=amount,
            destination=account_id,
            transfer_group=f"claim-{claim_id}",
            idempotency_key=key,
            metadata={
                "claim_id": str(claim_id),
                "approved_by": str(approved_by_id),
                "paid_by": str(actor.id),
            },
        )
    except gateway.OutcomeUnknown as error:
        record("claim.pay_outcome_unknown", actor=actor, subject=claim, error=error.message)
        return PayResult.UNKNOWN
    except gateway.GatewayError as error:
        return _not_paid(claim, error, actor=actor)
    settle_paid(claim, transfer, actor=actor)
    return PayResult.PAID


def _not_paid(claim: Contribution, error: "gateway.GatewayError", *, actor) -> PayResult:
    """Stripe definitely made no transfer: back to the queue, or `failed` if it refused."""
    bumped = {"failed_attempts": Contribution.failed_attempts + 1}
    if isinstance(error, gateway.TryLater):
        result, to_status, values = PayResult.TRY_LATER, ClaimStatus.APPROVED, {}
    elif isinstance(error, gateway.BalanceInsufficient):
        result, to_status, values = PayResult.BALANCE_LOW, ClaimStatus.APPROVED, bumped
    elif isinstance(error, gateway.AccountNotReady):
        result, to_status, values = PayResult.NOT_READY, ClaimStatus.APPROVED, bumped
    else:
        result, to_status, values = PayResult.FAILED, ClaimStatus.FAILED, bumped
    problem = (error.code or error.message or "refused")[:300]
    move(
        claim,
        to_status,
        actor=actor,
        expected=ClaimStatus.PAYING,
        values={**values, "last_problem": problem, "paying_since": None},
        problem=problem,
        stripe_message=error.message[:300],
    )
    if result == PayResult.NOT_READY:
        profile = profile_for(claim.person)
        profile.stripe_status = StripeStatus.RESTRICTED
        emails.finish_stripe_setup(claim.person)
    return result


def pay_selection(claims: list[Contribution], *, actor) -> dict[int, PayResult | str]:
    """Pay several claims one by one. A claim that cannot be paid is reported with its reason
    rather than stopping the rest. Each claim is committed on its own as soon as Stripe has
    answered for it (like `pay_with_stripe`'s own commit, and for the same reason: money has
    moved, so what Stripe said must not wait on, or be lost with, the claims after it)."""
    results: dict[int, PayResult | str] = {}
    for claim in claims:
        claim_id = claim.id
        try:
            results[claim_id] = pay_with_stripe(claim, actor=actor)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            results[claim_id] = error.message
    return results


def settle_paid(claim: Contribution, transfer: "gateway.TransferInfo", *, actor) -> bool:
    """Stripe made this claim's transfer: the claim is paid (once, whoever tells us first)."""
    claim_id, person_id, paid_by_id = claim.id, claim.person_id, claim.paid_by_id
    minutes = claim.minutes
    try:
        move(
            claim,
            ClaimStatus.PAID,
            actor=actor,
            expected=ClaimStatus.PAYING,
            values={"paying_since": None, "last_problem": None},
            method=PaymentMethod.STRIPE.value,
            transfer=transfer.id,
        )
    except ClaimMoved:
        return False  # already settled by the pay request, a webhook or reconcile
    payment = Payment(
        contribution_id=claim_id,
        person_id=person_id,
        method=PaymentMethod.STRIPE,
        amount_pence=transfer.amount,
        minutes=minutes,
        paid_on=london_today(),
        reference=transfer.id,
        stripe_transfer_id=transfer.id,
        recorded_by_id=paid_by_id,
    )
    db.session.add(payment)
    db.session.flush()
    record(
        "payment.stripe_transfer",
        actor=actor,
        subject=payment,
        contribution_id=claim_id,
        amount_pence=transfer.amount,
        transfer=transfer.id,
    )
    emails.claim_paid(claim, payment)
    if transfer.amount_reversed:
        apply_reversal(claim, transfer, actor=actor)
    return True


def apply_reversal(claim: Contribution, transfer: "gateway.TransferInfo", *, actor) -> None:
    """Money taken back from a transfer. Amounts only grow; a full reversal closes the claim."""
    if claim.status == ClaimStatus.PAYING:
        settle_paid(claim, transfer, actor=actor)
        return
    payment = db.session.scalar(select(Payment).where(Payment.contribution_id == claim.id))
    if payment is None or transfer.amount_reversed <= payment.reversed_pence:
        return
    payment.reversed_pence = min(transfer.amount_reversed, payment.amount_pence)
    payment.reversed_at = utcnow()
    record(
        "payment.reversed",
        actor=actor,
        subject=payment,
        contribution_id=claim.id,
        reversed_pence=payment.reversed_pence,
        transfer=transfer.id,
    )
    if payment.reversed_pence >= payment.amount_pence and claim.status == ClaimStatus.PAID:
        move(claim, ClaimStatus.REVERSED, actor=actor, expected=ClaimStatus.PAID)


# Reconciling -------------------------------------------------------------------------------


def reconcile_claim(claim: Contribution, *, actor, now=None) -> str:
    """Ask Stripe what happened to a claim stuck in `paying`: "paid" if the transfer exists,
    "returned" (to approved, to pay again with the same key) if none appeared within the grace
    period, "waiting" if it is too soon to say, "unreachable" if Stripe did not answer.
    Raises DomainError if the claim is not in `paying` (or `actor` is not in finance; the
    scheduled check passes no actor)."""
    check_may_reconcile(claim, actor)
    try:
        transfers = gateway.transfers_in_group(claim.transfer_group)
    except gateway.GatewayError:
        return "unreachable"
    if transfers:
        settle_paid(claim, min(transfers, key=lambda t: t.created), actor=actor)
        return "paid"
    grace = timedelta(minutes=current_app.config["PAYMENTS_PAYING_GRACE_MINUTES"])
    if claim.paying_since and claim.paying_since > (now or utcnow()) - grace:
        return "waiting"
    move(
        claim,
        ClaimStatus.APPROVED,
        actor=actor,
        expected=ClaimStatus.PAYING,
        values={"paying_since": None, "last_problem": "no_transfer_found"},
        reason="no_transfer_found",
    )
    return "returned"


def reconcile(*, actor=None, now=None) -> dict[str, int]:
    """Reconcile every claim in `paying`; counts of each outcome."""
    counts: dict[str, int] = {}
    claims = db.session.scalars(
        select(Contribution)
        .where(Contribution.status == ClaimStatus.PAYING)
        .order_by(Contribution.id)
    ).all()
    for claim in claims:
        outcome = reconcile_claim(claim, actor=actor, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    record("payments.reconciled", actor=actor, **counts)
    return counts
