"""Who may do what to a claim, written once.

Each `check_may_*` raises the refusal a service raises (the services call them first), and
`claim_actions` asks the same checks what a person may do now, so a page offers a button exactly
when the service behind it would accept it.

Four eyes: whoever logged a claim does not approve it, whoever approved it does not pay it, and
nobody approves or pays their own claim. A claim from a paid role's register is logged by the
young person themself (the register is the evidence, `paid_roles.py`), so the worker who took the
register may approve it; a claim a worker logs by hand for someone is theirs to have logged, and
another worker approves it. What a claim may still become is `states.TRANSITIONS`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, or_

from youthhub.accounts.models import Role, User
from youthhub.accounts.services import age_on
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today
from youthhub.payments.models import ClaimStatus, Contribution, PaymentChoice, StripeStatus

STRIPE_MIN_AGE = 18  # Stripe's own rule for a connected account of one's own
# The young person may change how a claim is paid until a payment is under way or it is closed.
CHOICE_OPEN = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.FAILED)
CHANGED_ALREADY = _l("This claim can't be changed like that any more.")
ONLY_FINANCE = _l("Only finance can pay claims.")


class FourEyes(NotAllowed):
    """Allowed for the role, at this stage, but not for this person: someone else must do it."""


class ClaimAction(StrEnum):
    CHOOSE = "choose"  # how to be paid for it, or no thanks
    TAKE_LESS = "take_less"
    FULL_AMOUNT = "full_amount"  # take the full amount after all
    WITHDRAW = "withdraw"
    APPROVE = "approve"  # at the priced amount, or adjusted with a reason
    REJECT = "reject"
    PAY = "pay"  # through Stripe
    RECORD = "record"  # a payment made another way
    RECONCILE = "reconcile"  # ask Stripe what happened to a payment in flight
    RETRY = "retry"  # a failed payment back in the queue
    GIVE_UP = "give_up"  # stop a failed payment


def stripe_enabled() -> bool:
    return bool(current_app.config["STRIPE_SECRET_KEY"])


def old_enough_for_stripe(person: User, today: date | None = None) -> bool:
    born = person.date_of_birth
    return born is not None and age_on(born, today or london_today()) >= STRIPE_MIN_AGE


def check_may_use_stripe(person: User) -> None:
    """Paying a person through Stripe: switched on here, and they are 18 or over."""
    if not stripe_enabled():
        raise DomainError(_l("Payments to your bank through Stripe aren't available here."))
    if not old_enough_for_stripe(person):
        raise DomainError(
            _l("Stripe pays people aged 18 or over. Choose another way to be paid for now.")
        )


def may_use_stripe(person: User) -> bool:
    try:
        check_may_use_stripe(person)
    except DomainError:
        return False
    return True


def _require_role(actor: User, role: Role, message) -> None:
    if not actor.has_role(role):
        raise NotAllowed(message)


def require_own_claim(claim: Contribution, actor: User) -> None:
    if claim.person_id != actor.id:
        raise NotAllowed(_l("That's not your claim."))


# The young person's say --------------------------------------------------------------------


def check_may_choose(claim: Contribution, actor: User) -> None:
    """The young person may say how a claim is paid (or take less) until payment starts."""
    require_own_claim(claim, actor)
    if claim.status not in CHOICE_OPEN:
        raise DomainError(_l("This claim is already being paid or is closed."))


def check_may_take_full_amount(claim: Contribution, actor: User) -> None:
    check_may_choose(claim, actor)
    if claim.wanted_pence is None:
        raise DomainError(_l("You're already asking for the full amount."))


def check_may_withdraw(claim: Contribution, actor: User) -> None:
    """Only the young person takes back their own claim (a worker turns it down, saying why)."""
    require_own_claim(claim, actor)
    if claim.status != ClaimStatus.SUBMITTED:
        raise DomainError(_l("Only a claim that's waiting for approval can be taken back."))


# Deciding (youth workers) ------------------------------------------------------------------


def _require_waiting_for_approval(claim: Contribution) -> None:
    if claim.status != ClaimStatus.SUBMITTED:
        raise DomainError(_l("This claim isn't waiting for approval."))


def check_may_approve(claim: Contribution, actor: User) -> None:
    """Four eyes, first pair: the person who logged the claim does not approve it (a claim from
    the register was logged by the young person, so the register's taker may approve it)."""
    _require_role(actor, Role.YOUTH_WORKER, _l("Only a youth worker can approve claims."))
    _require_waiting_for_approval(claim)
    if actor.id == claim.person_id:
        raise FourEyes(_l("You can't approve your own claim."))
    if actor.id == claim.submitted_by_id:
        raise FourEyes(_l("You logged this claim, so another worker needs to approve it."))


def approvable_by(actor: User) -> list:
    """`check_may_approve` as a query's conditions, for counting the claims waiting for this
    person: waiting for approval, not their own, not logged by them (a youth worker only)."""
    if not actor.has_role(Role.YOUTH_WORKER):
        return [false()]
    return [
        Contribution.status == ClaimStatus.SUBMITTED,
        Contribution.person_id != actor.id,
        or_(Contribution.submitted_by_id.is_(None), Contribution.submitted_by_id != actor.id),
    ]


def check_may_reject(claim: Contribution, actor: User) -> None:
    """Any other youth worker may turn a waiting claim down, the one who logged it too."""
    _require_role(actor, Role.YOUTH_WORKER, _l("Only a youth worker can turn down claims."))
    _require_waiting_for_approval(claim)
    if actor.id == claim.person_id:
        raise FourEyes(_l("You can't decide on your own claim."))


# Paying (finance) --------------------------------------------------------------------------


def check_may_pay(claim: Contribution, actor: User) -> None:
    """Four eyes, second pair: the person who approved the claim does not pay it, any way."""
    _require_role(actor, Role.FINANCE, ONLY_FINANCE)
    if claim.status != ClaimStatus.APPROVED:
        raise DomainError(_l("This claim isn't waiting to be paid."))
    if actor.id == claim.person_id:
        raise FourEyes(_l("You can't pay your own claim."))
    if actor.id == claim.approved_by_id:
        raise FourEyes(_l("You approved this claim, so someone else in finance needs to pay it."))


def check_may_pay_with_stripe(claim: Contribution, actor: User) -> None:
    check_may_pay(claim, actor)
    check_stripe_can_pay(claim)


def check_stripe_can_pay(claim: Contribution) -> None:
    """What the claim itself needs before Stripe may pay it, whoever presses the button."""
    if claim.payment_choice != PaymentChoice.STRIPE:
        raise DomainError(_l("This young person hasn't chosen Stripe. Record the payment instead."))
    if not stripe_enabled():
        raise DomainError(_l("Stripe isn't set up here. Record the payment instead."))
    if not old_enough_for_stripe(claim.person):
        raise DomainError(
            _l("Stripe only pays people aged 18 or over. Record another way instead.")
        )


def check_may_reconcile(claim: Contribution, actor: User | None) -> None:
    """Finance (or the scheduled check, with no actor) asks Stripe about a payment in flight."""
    if actor is not None:
        _require_role(actor, Role.FINANCE, ONLY_FINANCE)
    if claim.status != ClaimStatus.PAYING:
        raise DomainError(CHANGED_ALREADY)


def check_may_settle_failed(claim: Contribution, actor: User) -> None:
    """Finance puts a failed payment back in the queue, or stops it."""
    _require_role(actor, Role.FINANCE, ONLY_FINANCE)
    if claim.status != ClaimStatus.FAILED:
        raise DomainError(CHANGED_ALREADY)


# Why can't it be paid yet? -----------------------------------------------------------------

NOT_APPROVED_YET = _l("Not approved yet: a youth worker needs to approve it first.")
WAITING_FOR_CHOICE = _l("Waiting for the young person to choose how to be paid.")
STRIPE_NOT_READY = _l(
    "Their Stripe account isn't ready yet. Paying now asks them to finish setting it up."
)


def waiting_for(claim: Contribution, stripe_status: StripeStatus | None) -> str | None:
    """Why nobody in finance can pay `claim` yet, in words for finance (None: nothing about the
    claim stops it). `stripe_status` is the young person's Stripe account's. Who may pay it
    (four eyes) is `claim_actions`' to say."""
    if claim.status == ClaimStatus.SUBMITTED:
        return str(NOT_APPROVED_YET)
    if claim.status != ClaimStatus.APPROVED:
        return None
    if claim.payment_choice is None:
        return str(WAITING_FOR_CHOICE)
    if claim.payment_choice != PaymentChoice.STRIPE:
        return None
    try:
        check_stripe_can_pay(claim)
    except DomainError as error:
        return error.message
    return None if stripe_status == StripeStatus.READY else str(STRIPE_NOT_READY)


# What may this person do here? -------------------------------------------------------------

CHECKS: dict[ClaimAction, Callable[[Contribution, User], None]] = {
    ClaimAction.CHOOSE: check_may_choose,
    ClaimAction.TAKE_LESS: check_may_choose,
    ClaimAction.FULL_AMOUNT: check_may_take_full_amount,
    ClaimAction.WITHDRAW: check_may_withdraw,
    ClaimAction.APPROVE: check_may_approve,
    ClaimAction.REJECT: check_may_reject,
    ClaimAction.PAY: check_may_pay_with_stripe,
    ClaimAction.RECORD: check_may_pay,
    ClaimAction.RECONCILE: check_may_reconcile,
    ClaimAction.RETRY: check_may_settle_failed,
    ClaimAction.GIVE_UP: check_may_settle_failed,
}


def refusal(action: ClaimAction, claim: Contribution, person: User) -> DomainError | None:
    """Why the service would refuse `action` from `person` now (None: it would accept)."""
    try:
        CHECKS[action](claim, person)
    except DomainError as error:
        return error
    return None


def may(action: ClaimAction, claim: Contribution, person: User) -> bool:
    return refusal(action, claim, person) is None


@dataclass(frozen=True)
class ClaimActions:
    """What one person may do to one claim now, and, if four eyes alone stops them, why."""

    allowed: frozenset[ClaimAction]
    four_eyes: str | None = None

    def __contains__(self, action) -> bool:
        return action in self.allowed


def claim_actions(claim: Contribution, person: User) -> ClaimActions:
    """What `person` may do to `claim`: exactly the actions its services would accept."""
    allowed, four_eyes = set(), None
    for action in ClaimAction:
        error = refusal(action, claim, person)
        if error is None:
            allowed.add(action)
        elif isinstance(error, FourEyes) and four_eyes is None:
            four_eyes = error.message
    return ClaimActions(frozenset(allowed), four_eyes)
