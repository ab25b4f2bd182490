"""Stripe's webhook events, each acted on once and never moving anything backwards.

Events can arrive late, twice, or out of order. So: each event id is stored once (a repeat is
a no-op); an `account.updated` only prompts asking Stripe how the account is now (its own copy
may be older than what the app already knows, and several share one second), and the status is
worked out from that answer alone, never from the status before; claims only ever move forward
along the transition table (a late `transfer.created` for a claim already reversed changes
nothing); reversed amounts only grow; a payout's news older than the last one applied is ignored.

An event dated more than a few minutes ahead of our clock is refused (Stripe dates events
itself, so it is not one of Stripe's). An old event is welcome: Stripe retries for three days,
and by the rules above a late event can only confirm what is already known (its signature must
still be fresh, so an old delivery cannot be replayed by someone else).
"""

import time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import User
from youthhub.core.audit import record
from youthhub.extensions import db
from youthhub.payments import emails
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.models import ClaimStatus, Contribution, PaymentProfile, StripeEvent
from youthhub.payments.onboarding import apply_account_state
from youthhub.payments.paying import apply_reversal, settle_paid

# Clocks differ a little: an event up to this far in our future is still taken.
CLOCK_SKEW_SECONDS = 300


class EventFromTheFuture(Exception):
    """An event with no date, or dated further ahead of our clock than clock skew explains."""


def handle_event(event: dict) -> str:
    """Act on a verified event: "handled", "ignored" (not a type we use) or "duplicate".
    The first thing in its transaction: the event is kept only if the transaction that handled
    it commits, so an event whose handling failed is acted on afresh when Stripe sends it again.
    Raises `gateway.GatewayError` if Stripe had to be asked about it and could not be, and
    `EventFromTheFuture` for an event dated more than CLOCK_SKEW_SECONDS ahead."""
    event_id, event_type = str(event.get("id", "")), str(event.get("type", ""))
    created = event.get("created")
    if not isinstance(created, int) or created > time.time() + CLOCK_SKEW_SECONDS:
        raise EventFromTheFuture(f"event {event_id[:64]} dated {str(created)[:32]}")
    if not event_id or db.session.get(StripeEvent, event_id) is not None:
        return "duplicate"
    # Ask Stripe (where the event's copy may be stale) before anything is written.
    obj = LOOK_AGAIN.get(event_type, lambda obj: obj)(event["data"]["object"])
    try:
        # A plain flush, not a savepoint: on SQLite a savepoint that opens the transaction
        # commits when it is released, which would keep the event even if handling it failed.
        db.session.add(StripeEvent(id=event_id, type=event_type, created=event["created"]))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # nothing else has happened in this transaction yet
        return "duplicate"  # the same event, arriving twice at once
    handler = HANDLERS.get(event_type)
    if handler is None:
        return "ignored"
    handler(event, obj)
    record("stripe.event", actor=None, event=event_id, type=event_type)
    return "handled"


def _profile(account_id: str | None) -> PaymentProfile | None:
    if not account_id:
        return None
    return db.session.scalar(
        select(PaymentProfile).where(PaymentProfile.stripe_account_id == account_id)
    )


def _claim(transfer: dict) -> Contribution | None:
    group = transfer.get("transfer_group") or ""
    claim_id = group.removeprefix("claim-")
    if not group.startswith("claim-") or not claim_id.isdigit():
        return None
    return db.session.get(Contribution, int(claim_id))


def _transfer(obj: dict) -> gateway.TransferInfo:
    return gateway.TransferInfo(
        id=obj["id"],
        amount=obj["amount"],
        amount_reversed=obj.get("amount_reversed") or 0,
        destination=obj.get("destination"),
        transfer_group=obj.get("transfer_group"),
        created=obj.get("created") or 0,
    )


def account_now(account: dict) -> gateway.AccountState | None:
    """How one of our young people's accounts stands now, asked of Stripe.

    The account as an event carries it can't be ordered against the app's own check: `pending`
    and `active` come within one second, and events in any order. Stripe's answer now can.
    """
    profile = _profile(account.get("id"))
    return gateway.retrieve_account(profile.stripe_account_id) if profile else None


def account_updated(event: dict, account: gateway.AccountState | None) -> None:
    if account is not None:
        profile = _profile(account.id)
        apply_account_state(profile, account, actor=None, at=int(time.time()))


def transfer_created(event: dict, transfer: dict) -> None:
    claim = _claim(transfer)
    if claim is None:
        return
    if claim.status == ClaimStatus.PAYING:
        settle_paid(claim, _transfer(transfer), actor=None)
    elif claim.status not in (ClaimStatus.PAID, ClaimStatus.REVERSED):
        # Money went to Stripe for a claim we no longer think is being paid (e.g. it was put
        # back in the queue by reconcile): finance must look at it before paying again.
        record("stripe.unexpected_transfer", actor=None, subject=claim, transfer=transfer["id"])


def transfer_reversed(event: dict, transfer: dict) -> None:
    claim = _claim(transfer)
    if claim is not None:
        apply_reversal(claim, _transfer(transfer), actor=None)


def _payout(event: dict, failed: bool) -> None:
    profile = _profile(event.get("account"))
    if profile is None or event["created"] < profile.payout_state_at:
        return
    profile.payout_state_at = event["created"]
    if failed and not profile.payout_problem:
        emails.payout_failed(db.session.get(User, profile.user_id))
    if profile.payout_problem != failed:
        record("stripe.payout_problem", actor=None, subject=profile, problem=failed)
    profile.payout_problem = failed


# Events whose object is only a prompt to ask Stripe again; the handler gets the answer.
LOOK_AGAIN = {"account.updated": account_now}
HANDLERS = {
    "account.updated": account_updated,
    "transfer.created": transfer_created,
    "transfer.updated": transfer_reversed,
    "transfer.reversed": transfer_reversed,
    "payout.paid": lambda event, _obj: _payout(event, failed=False),
    "payout.failed": lambda event, _obj: _payout(event, failed=True),
}
