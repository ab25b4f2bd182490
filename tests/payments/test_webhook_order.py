"""`account.updated` events in any order, some twice, always leave the status that delivering
them in order leaves: the status comes from how the account stands (asked of Stripe when the
event arrives), never from the status before. And events dated in the future are refused."""

import copy
import logging
import time

import pytest
from sqlalchemy import func, select

from youthhub.extensions import db
from youthhub.payments import onboarding, services, webhooks
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.models import StripeEvent, StripeStatus

URLS = {"refresh_url": "http://t/refresh", "return_url": "http://t/return"}
SHUFFLES = 500

# Realistic lives of an Express account, as the fake Stripe changes it; each step makes one
# `account.updated`. The status each ends in, delivered in order.
STORIES = {
    "set up": (["finish_onboarding", "verify"], StripeStatus.READY),
    "saved for later": (["save_onboarding_for_later"], StripeStatus.PENDING),
    "set up, then restricted": (
        ["finish_onboarding", "verify", "restrict"],
        StripeStatus.RESTRICTED,
    ),
    "saved, set up, restricted": (
        ["save_onboarding_for_later", "finish_onboarding", "verify", "restrict"],
        StripeStatus.RESTRICTED,
    ),
    "restricted, then fixed": (
        ["finish_onboarding", "verify", "restrict", "finish_onboarding", "verify"],
        StripeStatus.READY,
    ),
}


class Story:
    """One account's events, and how the account stood after each (what Stripe answers when
    asked at that moment)."""

    def __init__(self, fake, person, steps):
        onboarding.onboarding_link(person, actor=person, **URLS)
        db.session.commit()
        self.account_id = services.profile_for(person).stripe_account_id
        self.person = person
        self.events, self.states = [], []
        for step in steps:
            getattr(fake.state, step)(self.account_id)
            self.events.append(copy.deepcopy(fake.state.events[-1]))
            self.states.append(copy.deepcopy(fake.state.account(self.account_id)))
        assert [e["type"] for e in self.events] == ["account.updated"] * len(steps)

    def status_after(self, deliveries, monkeypatch) -> StripeStatus:
        """Deliver the events in this order, each no earlier than it was made; Stripe is asked
        how the account stands at that moment. Everything it changed is undone afterwards."""
        made_at = {event["id"]: index for index, event in enumerate(self.events)}
        now = 0

        def retrieve(account_id):
            return gateway.account_state(self.states[now])

        monkeypatch.setattr(gateway, "retrieve_account", retrieve)
        savepoint = db.session.begin_nested()
        try:
            for event in deliveries:
                now = max(now, made_at[event["id"]])
                webhooks.handle_event(event)
            return services.profile_for(self.person).stripe_status
        finally:
            savepoint.rollback()


@pytest.fixture
def stories(cast, fake_stripe):
    from tests.factories import make_young_person

    told = {}
    for name, (steps, _) in STORIES.items():
        person = make_young_person(date_of_birth=cast.young.date_of_birth)
        told[name] = Story(fake_stripe, person, steps)
    return told


def test_shuffled_and_repeated_account_events_always_reach_the_in_order_status(
    stories, fake_stripe, monkeypatch
):
    in_order = {
        name: story.status_after(story.events, monkeypatch) for name, story in stories.items()
    }
    assert in_order == {name: StripeStatus(expected) for name, (_, expected) in STORIES.items()}

    mixer = fake_stripe.webhooks  # the fake Stripe's shuffle-and-repeat
    outcomes, deliveries = [], 0
    for shuffle in range(SHUFFLES):
        name = list(stories)[shuffle % len(stories)]
        story = stories[name]
        mixer.random.seed(shuffle)
        mixed = mixer.mixed_up(story.events)
        deliveries += len(mixed)
        outcomes.append((name, story.status_after(mixed, monkeypatch)))
    wrong = [(name, status) for name, status in outcomes if status != in_order[name]]
    print(f"\n{SHUFFLES} shuffles, {deliveries} deliveries, {len(wrong)} not in the in-order state")
    assert (len(outcomes), wrong) == (SHUFFLES, [])


def test_the_status_comes_from_the_account_alone():
    def account(transfers, tos_date):
        return {
            "id": "acct_1",
            "capabilities": {"transfers": transfers},
            "details_submitted": tos_date is not None,
            "tos_acceptance": {"date": tos_date},
        }

    status = {
        (transfers, date): onboarding.status_of(gateway.account_state(account(transfers, date)))
        for transfers in ("active", "pending", "inactive")
        for date in (None, 1_700_000_000)
    }
    assert status == {
        ("active", None): StripeStatus.READY,
        ("active", 1_700_000_000): StripeStatus.READY,
        ("pending", None): StripeStatus.PENDING,
        ("pending", 1_700_000_000): StripeStatus.PENDING,  # Stripe is checking what they gave
        ("inactive", None): StripeStatus.PENDING,  # not finished setting up
        ("inactive", 1_700_000_000): StripeStatus.RESTRICTED,  # finished once; more needed now
    }


@pytest.fixture
def deliver(client, fake_stripe):
    def send(event):
        body, signature = fake_stripe.signed(event)
        return client.post(
            "/stripe/webhook",
            data=body,
            headers={"Stripe-Signature": signature},
            content_type="application/json",
        )

    return send


def stored_events() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(StripeEvent.id)))


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_an_event_dated_in_the_future_is_refused_and_logged(app, stories, deliver):
    event = copy.deepcopy(stories["set up"].events[-1])
    event["id"], event["created"] = "evt_from_the_future", int(time.time()) + 3600
    # On the app's own logger, switched on: an earlier test's logging set-up (Alembic's
    # fileConfig) may have disabled it or stopped it passing records up.
    kept, disabled, level = Kept(), app.logger.disabled, app.logger.level
    app.logger.addHandler(kept)
    app.logger.disabled = False
    app.logger.setLevel(logging.WARNING)
    try:
        response = deliver(event)
    finally:
        app.logger.removeHandler(kept)
        app.logger.disabled = disabled
        app.logger.setLevel(level)
    assert (response.status_code, response.json) == (400, {"error": "created in the future"})
    assert any("evt_from_the_future" in message for message in kept.messages)
    assert stored_events() == 0


def test_a_few_minutes_of_clock_skew_are_allowed_and_old_events_are_welcome(stories, deliver):
    story = stories["set up"]
    ahead = copy.deepcopy(story.events[-1])
    ahead["id"], ahead["created"] = "evt_ahead", int(time.time()) + 240
    assert deliver(ahead).json["outcome"] == "handled"
    old = copy.deepcopy(story.events[0])
    old["id"], old["created"] = "evt_old", int(time.time()) - 3 * 24 * 3600
    assert deliver(old).json["outcome"] == "handled"  # only prompts a look at the account now
    assert services.profile_for(story.person).stripe_status == StripeStatus.READY
