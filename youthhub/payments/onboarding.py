"""A young person's Stripe Express account: made once, set up on Stripe's own pages.

The app never sees their bank details. It makes the account, sends them to a Stripe Account
Link, and on their return asks Stripe how the account stands: they are ready to be paid only
when the account's `transfers` capability is active. A link that has expired (or was used)
just brings them back for a new one.
"""

import time

from flask_babel import lazy_gettext as _l

from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.models import PaymentProfile, StripeStatus
from youthhub.payments.rules import check_may_use_stripe
from youthhub.payments.services import profile_for

STRIPE_UNREACHABLE = _l("We couldn't reach Stripe just now. Please try again in a few minutes.")


def _check(person, actor) -> None:
    if actor.id != person.id:
        raise NotAllowed(_l("Only you can set up payments to your bank."))
    check_may_use_stripe(person)


def onboarding_link(
    person, *, actor, refresh_url: str, return_url: str, create: bool = True
) -> str:
    """A fresh Stripe onboarding link, making the person's Stripe account first if needed
    (and `create` allows it)."""
    _check(person, actor)
    profile = profile_for(person)
    if not profile.stripe_account_id and not create:
        raise DomainError(_l("Start setting up payments to your bank from your Money page."))
    try:
        if not profile.stripe_account_id:
            account = gateway.create_account(person_id=person.id)
            profile.stripe_account_id = account.id
            profile.stripe_status = StripeStatus.PENDING
            record("stripe.account_created", actor=actor, subject=profile, account=account.id)
        url = gateway.create_onboarding_link(
            profile.stripe_account_id, refresh_url=refresh_url, return_url=return_url
        )
    except gateway.GatewayError:
        raise DomainError(STRIPE_UNREACHABLE) from None
    record("stripe.onboarding_link", actor=actor, subject=profile)
    return url


def check_account(person, *, actor) -> StripeStatus:
    """Ask Stripe how the person's account stands now (after they come back from Stripe)."""
    _check(person, actor)
    profile = profile_for(person)
    if not profile.stripe_account_id:
        return profile.stripe_status
    try:
        state = gateway.retrieve_account(profile.stripe_account_id)
    except gateway.GatewayError:
        raise DomainError(STRIPE_UNREACHABLE) from None
    apply_account_state(profile, state, actor=actor, at=int(time.time()))
    return profile.stripe_status


def status_of(account: gateway.AccountState) -> StripeStatus:
    """The app's status for a Stripe account, from the account alone (never from what the app
    thought before, so the order in which Stripe's events arrive cannot change it): ready when
    transfers are active; restricted when they are off after the person finished onboarding
    (Stripe needs more from them); otherwise still being set up."""
    if account.transfers_active:
        return StripeStatus.READY
    if account.transfers == "inactive" and account.onboarded:
        return StripeStatus.RESTRICTED
    return StripeStatus.PENDING


def apply_account_state(
    profile: PaymentProfile, account: gateway.AccountState, *, actor, at: int
) -> None:
    """Record how the account stands, as Stripe said at `at` (unix time). A state older than
    one already recorded is ignored: two checks may finish in either order."""
    if at < profile.stripe_state_at:
        return
    profile.stripe_state_at = at
    status = status_of(account)
    if status != profile.stripe_status:
        record(
            "stripe.account_status",
            actor=actor,
            subject=profile,
            before=profile.stripe_status.value,
            after=status.value,
        )
        profile.stripe_status = status
