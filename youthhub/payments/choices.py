"""The young person's say in how they are paid: a default, a choice per claim (including no
thanks), and taking less than a claim is worth. Accepting money is always their choice."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db
from youthhub.payments.models import CancelReason, ClaimStatus, Contribution, PaymentChoice
from youthhub.payments.rules import (
    CHOICE_OPEN,
    check_may_choose,
    check_may_take_full_amount,
    check_may_use_stripe,
    may_use_stripe,
)
from youthhub.payments.services import profile_for
from youthhub.payments.states import move


def allowed_choices(person: User, *, default: bool = False) -> list[PaymentChoice]:
    """The ways this person may choose to be paid: Stripe only when it is set up and they are
    18 or over; "no thanks" is said per claim, never as a default."""
    may_stripe = may_use_stripe(person)
    return [
        choice
        for choice in PaymentChoice
        if (choice != PaymentChoice.STRIPE or may_stripe)
        and not (default and choice == PaymentChoice.DECLINE)
    ]


def _check_choice(person: User, choice: PaymentChoice) -> None:
    if choice == PaymentChoice.STRIPE:
        check_may_use_stripe(person)


def set_default_choice(person: User, choice: PaymentChoice, *, actor: User) -> int:
    """How the young person wants new claims paid, unless they say otherwise on a claim. Their
    claims still waiting for a choice take it too (else finance could not pay them until they
    chose again on each): returns how many did."""
    if actor.id != person.id:
        raise NotAllowed(_l("Only you can choose how you're paid."))
    if choice == PaymentChoice.DECLINE:
        raise DomainError(_l("You can say no to a payment on each claim instead."))
    _check_choice(person, choice)
    profile = profile_for(person)
    before = profile.default_choice
    profile.default_choice = choice
    record("payments.default_choice", actor=actor, subject=profile, before=before, after=choice)
    waiting = claims_waiting_for_a_choice(person)
    for claim in waiting:
        claim.payment_choice = choice
        record("claim.choice", actor=actor, subject=claim, before=None, after=choice, default=True)
    return len(waiting)


def claims_waiting_for_a_choice(person: User) -> list[Contribution]:
    """The person's claims nobody has said how to pay yet, that they may still choose for."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.person_id == person.id,
                Contribution.status.in_(CHOICE_OPEN),
                Contribution.payment_choice.is_(None),
            )
            .order_by(Contribution.id)
        )
    )


def choose_payment(claim: Contribution, choice: PaymentChoice, *, actor: User) -> None:
    """Set how this claim is paid; `DECLINE` means no payment, and closes the claim."""
    check_may_choose(claim, actor)
    if choice == PaymentChoice.DECLINE:
        move(
            claim,
            ClaimStatus.CANCELLED,
            actor=actor,
            values={"payment_choice": choice, "cancel_reason": CancelReason.DECLINED},
            reason="declined",
        )
        return
    _check_choice(claim.person, choice)
    before = claim.payment_choice
    claim.payment_choice = choice
    record("claim.choice", actor=actor, subject=claim, before=before, after=choice)


def take_less(claim: Contribution, wanted_pence: int | None, *, actor: User) -> None:
    """Ask to be paid less than the claim is worth (None: the full amount again, after asking
    for less)."""
    if wanted_pence is None:
        check_may_take_full_amount(claim, actor)
    else:
        check_may_choose(claim, actor)
    full = claim.approved_pence if claim.approved_pence is not None else claim.amount_pence
    if wanted_pence is not None and not 0 < wanted_pence < full:
        raise DomainError(_l("Enter an amount more than £0 and less than the full amount."))
    before = claim.wanted_pence
    claim.wanted_pence = wanted_pence
    record("claim.take_less", actor=actor, subject=claim, before=before, after=wanted_pence)
