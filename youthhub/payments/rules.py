"""Who may do what to a claim, written once.

Each rule is written once, as a `why_not_*` that answers the `Refusal` (None: allowed). Each
`check_may_*` raises that refusal as the service's `DomainError` (the services call them first),
and `claim_actions` asks the same `why_not_*` what a person may do now without raising or
translating anything, so a page offers a button exactly when the service behind it would accept
it, and stays cheap on a queue of hundreds of claims.

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
from flask_babel.speaklater import LazyString
from sqlalchemy import false, or_

from youthhub.accounts.models import Role, User
from youthhub.accounts.services import age_on
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today
from youthhub.payments.models import ClaimStatus, Contribution, PaymentChoice, StripeStatus

STRIPE_MIN_AGE = 18  # Stripe's own rule for a connected account of one's own
# The young person may change how a claim is paid until a payment is under way or it is closed.
CHOICE_OPEN = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.FAILED)


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


@dataclass(frozen=True)
class Refusal:
    """Why a service would say no: its message, still untranslated (a page asking what someone
    may do needs only whether, and translates a message only when it shows one), and whether it
    is four eyes. `check_may_*` raise it; `claim_actions` only looks."""

    message: LazyString
    error: type[DomainError] = DomainError

    def __str__(self) -> str:
        return str(self.message)

    @property
    def four_eyes(self) -> bool:
        return issubclass(self.error, FourEyes)


def _refuse(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise refusal.error(refusal.message)


def _no(message: LazyString) -> Refusal:
    return Refusal(message)


def _not_allowed(message: LazyString) -> Refusal:
    return Refusal(message, NotAllowed)


def _four_eyes(message: LazyString) -> Refusal:
    return Refusal(message, FourEyes)


def stripe_enabled() -> bool:
    return bool(current_app.config["STRIPE_SECRET_KEY"])


def old_enough_for_stripe(person: User, today: date | None = None) -> bool:
    born = person.date_of_birth
    return born is not None and age_on(born, today or london_today()) >= STRIPE_MIN_AGE


STRIPE_OFF = _no(_l("Payments to your bank through Stripe aren't available here."))
TOO_YOUNG_FOR_STRIPE = _no(
    _l("Stripe pays people aged 18 or over. Choose another way to be paid for now.")
)


def why_not_stripe(person: User) -> Refusal | None:
    """Paying a person through Stripe: switched on here, and they are 18 or over."""
    if not stripe_enabled():
        return STRIPE_OFF
    if not old_enough_for_stripe(person):
        return TOO_YOUNG_FOR_STRIPE
    return None


def check_may_use_stripe(person: User) -> None:
    _refuse(why_not_stripe(person))


def may_use_stripe(person: User) -> bool:
    return why_not_stripe(person) is None


# The young person's say --------------------------------------------------------------------

NOT_YOUR_CLAIM = _not_allowed(_l("That's not your claim."))
CHOICE_CLOSED = _no(_l("This claim is already being paid or is closed."))
FULL_AMOUNT_ALREADY = _no(_l("You're already asking for the full amount."))
ONLY_WAITING_WITHDRAWN = _no(_l("Only a claim that's waiting for approval can be taken back."))


def why_not_choose(claim: Contribution, actor: User) -> Refusal | None:
    """The young person may say how a claim is paid (or take less) until payment starts."""
    if claim.person_id != actor.id:
        return NOT_YOUR_CLAIM
    if claim.status not in CHOICE_OPEN:
        return CHOICE_CLOSED
    return None


def why_not_take_full_amount(claim: Contribution, actor: User) -> Refusal | None:
    refusal = why_not_choose(claim, actor)
    if refusal is None and claim.wanted_pence is None:
        return FULL_AMOUNT_ALREADY
    return refusal


def why_not_withdraw(claim: Contribution, actor: User) -> Refusal | None:
    """Only the young person takes back their own claim (a worker turns it down, saying why)."""
    if claim.person_id != actor.id:
        return NOT_YOUR_CLAIM
    if claim.status != ClaimStatus.SUBMITTED:
        return ONLY_WAITING_WITHDRAWN
    return None


def require_own_claim(claim: Contribution, actor: User) -> None:
    if claim.person_id != actor.id:
        _refuse(NOT_YOUR_CLAIM)


def check_may_choose(claim: Contribution, actor: User) -> None:
    _refuse(why_not_choose(claim, actor))


def check_may_take_full_amount(claim: Contribution, actor: User) -> None:
    _refuse(why_not_take_full_amount(claim, actor))


def check_may_withdraw(claim: Contribution, actor: User) -> None:
    _refuse(why_not_withdraw(claim, actor))


# Deciding (youth workers) ------------------------------------------------------------------

ONLY_WORKERS_APPROVE = _not_allowed(_l("Only a youth worker can approve claims."))
ONLY_WORKERS_REJECT = _not_allowed(_l("Only a youth worker can turn down claims."))
NOT_WAITING_FOR_APPROVAL = _no(_l("This claim isn't waiting for approval."))
OWN_CLAIM_APPROVED = _four_eyes(_l("You can't approve your own claim."))
LOGGED_IT = _four_eyes(_l("You logged this claim, so another worker needs to approve it."))
OWN_CLAIM_DECIDED = _four_eyes(_l("You can't decide on your own claim."))


def why_not_approve(claim: Contribution, actor: User) -> Refusal | None:
    """Four eyes, first pair: the person who logged the claim does not approve it (a claim from
    the register was logged by the young person, so the register's taker may approve it)."""
    if not actor.has_role(Role.YOUTH_WORKER):
        return ONLY_WORKERS_APPROVE
    if claim.status != ClaimStatus.SUBMITTED:
        return NOT_WAITING_FOR_APPROVAL
    if actor.id == claim.person_id:
        return OWN_CLAIM_APPROVED
    if actor.id == claim.submitted_by_id:
        return LOGGED_IT
    return None


def check_may_approve(claim: Contribution, actor: User) -> None:
    _refuse(why_not_approve(claim, actor))


def approvable_by(actor: User) -> list:
    """`why_not_approve` as a query's conditions, for counting the claims waiting for this
    person: waiting for approval, not their own, not logged by them (a youth worker only)."""
    if not actor.has_role(Role.YOUTH_WORKER):
        return [false()]
    return [
        Contribution.status == ClaimStatus.SUBMITTED,
        Contribution.person_id != actor.id,
        or_(Contribution.submitted_by_id.is_(None), Contribution.submitted_by_id != actor.id),
    ]


def why_not_reject(claim: Contribution, actor: User) -> Refusal | None:
    """Any other youth worker may turn a waiting claim down, the one who logged it too."""
    if not actor.has_role(Role.YOUTH_WORKER):
        return ONLY_WORKERS_REJECT
    if claim.status != ClaimStatus.SUBMITTED:
        return NOT_WAITING_FOR_APPROVAL
    if actor.id == claim.person_id:
        return OWN_CLAIM_DECIDED
    return None


def check_may_reject(claim: Contribution, actor: User) -> None:
    _refuse(why_not_reject(claim, actor))


# Paying (finance) --------------------------------------------------------------------------

ONLY_FINANCE = _not_allowed(_l("Only finance can pay claims."))
CHANGED_ALREADY = _no(_l("This claim can't be changed like that any more."))
NOT_WAITING_TO_BE_PAID = _no(_l("This claim isn't waiting to be paid."))
OWN_CLAIM_PAID = _four_eyes(_l("You can't pay your own claim."))
APPROVED_IT = _four_eyes(_l("You approved this claim, so someone else in finance needs to pay it."))
STRIPE_NOT_CHOSEN = _no(_l("This young person hasn't chosen Stripe. Record the payment instead."))
STRIPE_NOT_SET_UP = _no(_l("Stripe isn't set up here. Record the payment instead."))
TOO_YOUNG_FOR_STRIPE_PAYING = _no(
    _l("Stripe only pays people aged 18 or over. Record another way instead.")
)


def why_not_pay(claim: Contribution, actor: User) -> Refusal | None:
    """Four eyes, second pair: the person who approved the claim does not pay it, any way."""
    if not actor.has_role(Role.FINANCE):
        return ONLY_FINANCE
    if claim.status != ClaimStatus.APPROVED:
        return NOT_WAITING_TO_BE_PAID
    if actor.id == claim.person_id:
        return OWN_CLAIM_PAID
    if actor.id == claim.approved_by_id:
        return APPROVED_IT
    return None


def why_stripe_cannot_pay(claim: Contribution) -> Refusal | None:
    """What the claim itself needs before Stripe may pay it, whoever presses the button."""
    if claim.payment_choice != PaymentChoice.STRIPE:
        return STRIPE_NOT_CHOSEN
    if not stripe_enabled():
        return STRIPE_NOT_SET_UP
    if not old_enough_for_stripe(claim.person):
        return TOO_YOUNG_FOR_STRIPE_PAYING
    return None


def why_not_pay_with_stripe(claim: Contribution, actor: User) -> Refusal | None:
    return why_not_pay(claim, actor) or why_stripe_cannot_pay(claim)


def why_not_reconcile(claim: Contribution, actor: User | None) -> Refusal | None:
    """Finance (or the scheduled check, with no actor) asks Stripe about a payment in flight."""
    if actor is not None and not actor.has_role(Role.FINANCE):
        return ONLY_FINANCE
    if claim.status != ClaimStatus.PAYING:
        return CHANGED_ALREADY
    return None


def why_not_settle_failed(claim: Contribution, actor: User) -> Refusal | None:
    """Finance puts a failed payment back in the queue, or stops it."""
    if not actor.has_role(Role.FINANCE):
        return ONLY_FINANCE
    if claim.status != ClaimStatus.FAILED:
        return CHANGED_ALREADY
    return None


def check_may_pay(claim: Contribution, actor: User) -> None:
    _refuse(why_not_pay(claim, actor))


def check_may_pay_with_stripe(claim: Contribution, actor: User) -> None:
    _refuse(why_not_pay_with_stripe(claim, actor))


def check_stripe_can_pay(claim: Contribution) -> None:
    _refuse(why_stripe_cannot_pay(claim))


def check_may_reconcile(claim: Contribution, actor: User | None) -> None:
    _refuse(why_not_reconcile(claim, actor))


def check_may_settle_failed(claim: Contribution, actor: User) -> None:
    _refuse(why_not_settle_failed(claim, actor))


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
    reason = why_waiting(claim, stripe_status)
    return None if reason is None else str(reason)


def why_waiting(claim: Contribution, stripe_status: StripeStatus | None):
    """`waiting_for`'s reason not yet put into words (a lazy string or a `Refusal`, each one
    of a few kept here), for a list to translate each reason once rather than once a row."""
    if claim.status == ClaimStatus.SUBMITTED:
        return NOT_APPROVED_YET
    if claim.status != ClaimStatus.APPROVED:
        return None
    if claim.payment_choice is None:
        return WAITING_FOR_CHOICE
    if claim.payment_choice != PaymentChoice.STRIPE:
        return None
    if (refusal := why_stripe_cannot_pay(claim)) is not None:
        return refusal
    return None if stripe_status == StripeStatus.READY else STRIPE_NOT_READY


# What may this person do here? -------------------------------------------------------------

REFUSALS: dict[ClaimAction, Callable[[Contribution, User], Refusal | None]] = {
    ClaimAction.CHOOSE: why_not_choose,
    ClaimAction.TAKE_LESS: why_not_choose,
    ClaimAction.FULL_AMOUNT: why_not_take_full_amount,
    ClaimAction.WITHDRAW: why_not_withdraw,
    ClaimAction.APPROVE: why_not_approve,
    ClaimAction.REJECT: why_not_reject,
    ClaimAction.PAY: why_not_pay_with_stripe,
    ClaimAction.RECORD: why_not_pay,
    ClaimAction.RECONCILE: why_not_reconcile,
    ClaimAction.RETRY: why_not_settle_failed,
    ClaimAction.GIVE_UP: why_not_settle_failed,
}


def refusal(action: ClaimAction, claim: Contribution, person: User) -> Refusal | None:
    """Why the service would refuse `action` from `person` now (None: it would accept)."""
    return REFUSALS[action](claim, person)


def may(action: ClaimAction, claim: Contribution, person: User) -> bool:
    return refusal(action, claim, person) is None


@dataclass(frozen=True)
class ClaimActions:
    """What one person may do to one claim now, and, if four eyes alone stops them, why."""

    allowed: frozenset[ClaimAction]
    four_eyes_refusal: Refusal | None = None

    def __contains__(self, action) -> bool:
        return action in self.allowed

    @property
    def four_eyes(self) -> str | None:
        """Translated only when a page shows it."""
        return None if self.four_eyes_refusal is None else str(self.four_eyes_refusal)


def claim_actions(claim: Contribution, person: User) -> ClaimActions:
    """What `person` may do to `claim`: exactly the actions its services would accept (the
    same rules, asked for their refusal rather than made to raise it)."""
    return _asked(claim, person, REFUSALS)


# What finance's queue offers for an approved claim: paying it, through Stripe or another way.
PAYING = {action: REFUSALS[action] for action in (ClaimAction.PAY, ClaimAction.RECORD)}


def paying_actions(claim: Contribution, person: User) -> ClaimActions:
    """`claim_actions` asked only of paying (finance's queue offers nothing else): the same
    rules, two of them rather than twelve for each claim on the page."""
    return _asked(claim, person, PAYING)


def _asked(claim: Contribution, person: User, refusals: dict) -> ClaimActions:
    allowed, four_eyes = set(), None
    for action, why_not in refusals.items():
        found = why_not(claim, person)
        if found is None:
            allowed.add(action)
        elif four_eyes is None and found.four_eyes:
            four_eyes = found
    return ClaimActions(frozenset(allowed), four_eyes)
