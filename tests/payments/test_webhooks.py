"""Stripe's webhooks at /stripe/webhook: signed, acted on once, and never moving backwards."""

import copy
import time

import pytest
from sqlalchemy import func, select

from tests.factories import make_approved_claim, make_stripe_ready
from youthhub.core.audit import AuditEntry
from youthhub.extensions import db
from youthhub.payments import onboarding, paying, services
from youthhub.payments.models import (
    ClaimStatus,
    Payment,
    PaymentChoice,
    StripeEvent,
    StripeStatus,
)


@pytest.fixture
def deliver(client, fake_stripe):
    """Send an event to the app as Stripe would (a fresh signature unless one is given)."""

    def send(event, *, payload=None, header=None):
        body, signature = fake_stripe.signed(event)
        return client.post(
            "/stripe/webhook",
            data=payload if payload is not None else body,
            headers={"Stripe-Signature": header or signature},
            content_type="application/json",
        )

    return send


def last_event(fake, kind):
    return next(e for e in reversed(fake.state.events) if e["type"] == kind)


def paying_claim(cast, fake, *, transfer=True):
    """A claim whose pay request never heard back; the transfer was (or was not) made."""
    account = make_stripe_ready(cast.young, fake)
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    fake.inject("POST", "/v1/transfers", kind="lose_response" if transfer else "before", times=3)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == paying.PayResult.UNKNOWN
    db.session.commit()
    return claim, account


def test_the_webhook_is_the_only_route_without_csrf(app):
    assert app.extensions["csrf"]._exempt_views == {"youthhub.payments.views_stripe.receive"}


def test_a_valid_event_is_handled_and_stored_once(cast, fake_stripe, deliver):
    claim, _ = paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")
    response = deliver(event)
    assert (response.status_code, response.json["outcome"]) == (200, "handled")
    assert claim.status == ClaimStatus.PAID
    assert db.session.get(StripeEvent, event["id"]).type == "transfer.created"


def test_a_replayed_event_changes_nothing(cast, fake_stripe, deliver):
    paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")
    deliver(event)
    response = deliver(event)
    assert response.json["outcome"] == "duplicate"
    assert db.session.scalar(select(func.count(Payment.id))) == 1
    audit = select(func.count(AuditEntry.id)).where(AuditEntry.action == "stripe.event")
    assert db.session.scalar(audit) == 1


def test_a_tampered_body_is_refused(cast, fake_stripe, deliver):
    claim, _ = paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")
    body, header = fake_stripe.signed(event)
    response = deliver(
        event, payload=body.replace(b'"amount": 1500', b'"amount": 9999'), header=header
    )
    assert response.status_code == 400
    assert claim.status == ClaimStatus.PAYING
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 0


@pytest.mark.parametrize(
    "header",
    [
        "",
        "t=abc,v1=00",
        "nonsense",
        "t=1,v0=deadbeef",
    ],
)
def test_a_missing_or_garbled_signature_is_refused(cast, fake_stripe, deliver, header):
    make_stripe_ready(cast.young, fake_stripe)
    event = last_event(fake_stripe, "account.updated")
    assert deliver(event, header=header or "x").status_code == 400


def test_a_signature_from_another_secret_is_refused(cast, fake_stripe, deliver):
    make_stripe_ready(cast.young, fake_stripe)
    event = last_event(fake_stripe, "account.updated")
    body, header = fake_stripe.signed(event, secret="whsec_someone_else")
    assert deliver(event, payload=body, header=header).status_code == 400


def test_a_stale_signature_is_refused_after_five_minutes(cast, fake_stripe, deliver):
    make_stripe_ready(cast.young, fake_stripe)
    event = last_event(fake_stripe, "account.updated")
    stale_body, stale = fake_stripe.signed(event, timestamp=int(time.time()) - 301)
    assert deliver(event, payload=stale_body, header=stale).status_code == 400
    recent_body, recent = fake_stripe.signed(event, timestamp=int(time.time()) - 290)
    assert deliver(event, payload=recent_body, header=recent).status_code == 200


def test_account_updates_arriving_out_of_order_never_go_backwards(cast, fake_stripe, deliver):
    make_stripe_ready(cast.young, fake_stripe)
    profile = services.profile_for(cast.young)
    account_id = profile.stripe_account_id
    fake_stripe.state.save_onboarding_for_later(account_id)
    older = copy.deepcopy(last_event(fake_stripe, "account.updated"))  # not ready
    newer = copy.deepcopy(older)
    newer["id"] += "n"
    newer["created"] = int(time.time()) + 60
    newer["data"]["object"]["capabilities"]["transfers"] = "active"
    older["created"] = int(time.time()) + 30
    profile.stripe_status = StripeStatus.PENDING
    db.session.commit()

    deliver(newer)
    assert services.profile_for(cast.young).stripe_status == StripeStatus.READY
    deliver(older)
    assert services.profile_for(cast.young).stripe_status == StripeStatus.READY


def test_a_restriction_makes_the_account_not_ready(cast, fake_stripe, deliver):
    account = make_stripe_ready(cast.young, fake_stripe)
    fake_stripe.state.restrict(account)
    event = copy.deepcopy(last_event(fake_stripe, "account.updated"))
    event["created"] = int(time.time()) + 5  # after the app's own check
    deliver(event)
    assert services.profile_for(cast.young).stripe_status == StripeStatus.RESTRICTED


def test_a_late_transfer_created_never_undoes_a_reversal(cast, fake_stripe, deliver):
    claim, _ = paying_claim(cast, fake_stripe)
    [transfer] = fake_stripe.state.transfers.values()
    created = last_event(fake_stripe, "transfer.created")
    fake_stripe.state.reverse_transfer(transfer["id"], {})
    reversed_event = last_event(fake_stripe, "transfer.reversed")

    deliver(reversed_event)  # arrives first: the claim is settled as paid, then reversed
    assert claim.status == ClaimStatus.REVERSED
    payment = db.session.scalars(select(Payment)).one()
    assert payment.reversed_pence == 1500
    deliver(created)
    assert claim.status == ClaimStatus.REVERSED
    assert db.session.scalar(select(func.count(Payment.id))) == 1


def test_a_partial_reversal_is_recorded_and_amounts_only_grow(cast, fake_stripe, deliver):
    claim, _ = paying_claim(cast, fake_stripe)
    [transfer] = fake_stripe.state.transfers.values()
    deliver(last_event(fake_stripe, "transfer.created"))
    fake_stripe.state.reverse_transfer(transfer["id"], {"amount": "500"})
    first = copy.deepcopy(last_event(fake_stripe, "transfer.reversed"))
    fake_stripe.state.reverse_transfer(transfer["id"], {"amount": "300"})
    second = last_event(fake_stripe, "transfer.reversed")

    deliver(second)
    deliver(first)  # older, smaller: ignored
    payment = db.session.scalars(select(Payment)).one()
    assert payment.reversed_pence == 800
    assert claim.status == ClaimStatus.PAID


def test_a_transfer_event_for_a_claim_paid_by_the_app_itself_is_a_no_op(cast, fake_stripe, deliver):
    make_stripe_ready(cast.young, fake_stripe)
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    paying.pay_with_stripe(claim, actor=cast.finance)
    db.session.commit()
    assert deliver(last_event(fake_stripe, "transfer.created")).json["outcome"] == "handled"
    assert db.session.scalar(select(func.count(Payment.id))) == 1
    assert claim.status == ClaimStatus.PAID


def test_a_payout_failure_tells_the_young_person_to_fix_their_bank(
    cast, fake_stripe, deliver, smtp_inbox
):
    account = make_stripe_ready(cast.young, fake_stripe)
    failed = fake_stripe.state.payout(account, 1500, failed=True)
    assert failed["status"] == "failed"
    deliver(last_event(fake_stripe, "payout.failed"))
    assert services.profile_for(cast.young).payout_problem
    [email] = smtp_inbox.messages
    assert email["To"] == cast.young.email
    assert "bank details" in smtp_inbox.body()

    fake_stripe.state.payout(account, 1500)
    paid = copy.deepcopy(last_event(fake_stripe, "payout.paid"))
    paid["created"] += 1
    deliver(paid)
    assert not services.profile_for(cast.young).payout_problem


def test_events_we_do_not_use_are_stored_and_ignored(cast, fake_stripe, deliver):
    make_stripe_ready(cast.young, fake_stripe)
    event = copy.deepcopy(last_event(fake_stripe, "account.updated"))
    event["type"], event["id"] = "charge.refunded", "evt_other"
    assert deliver(event).json["outcome"] == "ignored"


def a_first_payment_and_what_follows(cast, fake):
    """Onboarding (pending, then active), a claim paid, its transfer's description changed, part
    of it reversed and a payout made: the events Stripe makes of it, in the order it made them."""
    onboarding.onboarding_link(
        cast.young, actor=cast.young, refresh_url="http://t/refresh", return_url="http://t/return"
    )
    account_id = services.profile_for(cast.young).stripe_account_id
    fake.state.finish_onboarding(account_id)
    onboarding.check_account(cast.young, actor=cast.young)  # Stripe's check is done by now
    db.session.commit()
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == paying.PayResult.PAID
    db.session.commit()
    [transfer] = fake.state.transfers.values()
    fake.state.update_transfer(transfer["id"], {"description": "Youth panel"})
    fake.state.reverse_transfer(transfer["id"], {"amount": "500"})
    fake.state.payout(account_id, 1000)
    return claim, list(fake.state.events)


def audited(action: str) -> list[dict]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return [entry.details for entry in entries]


@pytest.mark.parametrize("seed", range(8))
def test_events_in_any_order_and_repeated_are_each_applied_once_and_never_go_backwards(
    cast, fake_stripe, deliver, seed
):
    claim, events = a_first_payment_and_what_follows(cast, fake_stripe)
    assert [e["type"] for e in events] == [
        "account.updated",  # pending
        "account.updated",  # active
        "transfer.created",
        "transfer.updated",
        "transfer.reversed",
        "payout.paid",
    ]
    fake_stripe.webhooks.random.seed(seed)
    mixed = fake_stripe.webhooks.mixed_up(events)
    assert [deliver(event).status_code for event in mixed] == [200] * len(mixed)

    profile = services.profile_for(cast.young)
    assert profile.stripe_status == StripeStatus.READY
    changes = [(d["before"], d["after"]) for d in audited("stripe.account_status")]
    assert changes == [("pending", "ready")]  # never back to not ready, not even for a moment
    assert not profile.payout_problem
    payment = db.session.scalars(select(Payment)).one()
    assert (claim.status, payment.reversed_pence) == (ClaimStatus.PAID, 500)
    assert db.session.scalar(select(func.count(StripeEvent.id))) == len(events)
    assert sorted(d["event"] for d in audited("stripe.event")) == sorted(e["id"] for e in events)


def test_an_account_event_stripe_cannot_be_asked_about_is_left_for_stripes_retry(
    cast, fake_stripe, deliver
):
    account = make_stripe_ready(cast.young, fake_stripe)
    fake_stripe.state.restrict(account)
    event = last_event(fake_stripe, "account.updated")
    fake_stripe.inject("GET", f"/v1/accounts/{account}", status=503, times=3)
    assert deliver(event).status_code == 503
    assert db.session.get(StripeEvent, event["id"]) is None
    assert services.profile_for(cast.young).stripe_status == StripeStatus.READY
    assert deliver(event).json["outcome"] == "handled"  # Stripe's retry
    assert services.profile_for(cast.young).stripe_status == StripeStatus.RESTRICTED


def stored_events() -> int:
    db.session.expire_all()  # see what the requests committed, not what this session remembers
    return db.session.scalar(select(func.count(StripeEvent.id)))


def test_the_request_commits_a_handled_event_once(cast, fake_stripe, deliver):
    """The view does not commit: the request does, once, for an answer under 400."""
    claim, _ = paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")
    assert deliver(event).json["outcome"] == "handled"
    assert deliver(event).json["outcome"] == "duplicate"
    assert stored_events() == 1
    assert claim.status == ClaimStatus.PAID


def test_a_refusal_while_handling_rolls_back_so_stripe_sends_it_again(
    cast, fake_stripe, deliver, monkeypatch
):
    from youthhub.core.errors import DomainError
    from youthhub.payments import webhooks

    claim, _ = paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")

    def moved_meanwhile(event, transfer):
        webhooks.transfer_created(event, transfer)  # the claim is paid, then something refuses
        raise DomainError("Someone else has just changed this claim.")

    monkeypatch.setitem(webhooks.HANDLERS, "transfer.created", moved_meanwhile)
    response = deliver(event)
    assert (response.status_code, response.json) == (409, {"error": "conflict"})
    assert stored_events() == 0
    assert claim.status == ClaimStatus.PAYING  # the payment it recorded was rolled back too
    monkeypatch.undo()
    assert deliver(event).json["outcome"] == "handled"  # Stripe's retry is acted on afresh
    assert stored_events() == 1
    assert claim.status == ClaimStatus.PAID


def test_an_error_while_handling_keeps_nothing(cast, fake_stripe, deliver, monkeypatch):
    from youthhub.payments import webhooks

    paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")

    def broken(event, transfer):
        raise RuntimeError("bug")

    monkeypatch.setitem(webhooks.HANDLERS, "transfer.created", broken)
    with pytest.raises(RuntimeError):  # tests see the error itself; Stripe would get a 500
        deliver(event)
    assert stored_events() == 0


def test_a_bad_signature_keeps_nothing(cast, fake_stripe, deliver):
    paying_claim(cast, fake_stripe)
    event = last_event(fake_stripe, "transfer.created")
    assert deliver(event, header="t=1,v1=bad").status_code == 400
    assert stored_events() == 0
