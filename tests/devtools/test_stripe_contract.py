"""The fake Stripe answers as Stripe's own API description says Stripe does.

Every answer is taken off the wire (a `requests` hook on the stripe library's session) while
the app's own gateway and the real `stripe` library make their usual calls, then checked
against `stripe_schema/stripe_api.json`: each field Stripe always sends is there, with the
right type, and no field Stripe does not describe. Error bodies are checked against `error`,
webhook events against `event` and the object each carries against that object's schema.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
import stripe

from tests.devtools.stripe_schema import (
    answer_validator,
    document,
    object_validator,
    problems,
    spec_path,
)
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.webhooks import HANDLERS

URLS = {"refresh_url": "http://app.test/refresh", "return_url": "http://app.test/return"}


@dataclass
class Answer:
    method: str
    path: str
    status: int
    body: dict


@pytest.fixture
def answers() -> list[Answer]:
    return []


@pytest.fixture
def client(fake_stripe, answers):
    """The stripe library, set up as the app sets it up, keeping every answer it gets."""

    def keep(response, *args, **kwargs):
        path = urlsplit(response.url).path
        answers.append(Answer(response.request.method, path, response.status_code, response.json()))

    session = requests.Session()
    session.trust_env = False
    session.hooks["response"].append(keep)
    return stripe.StripeClient(
        fake_stripe.secret_key,
        base_addresses={"api": fake_stripe.url},
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=5, session=session),
    )


@pytest.fixture
def app_gateway(app, client):
    """The app's own `stripe_gateway`, talking through the recording client."""
    app.extensions["youthhub_stripe"] = client
    yield gateway
    app.extensions.pop("youthhub_stripe", None)


def broken_promises(answers: list[Answer]) -> list[str]:
    """Each way an answer differs from what Stripe's description says, as one line."""
    found = []
    for answer in answers:
        validator = answer_validator(answer.path, answer.method, answer.status)
        where = f"{answer.method} {answer.path} -> {answer.status}"
        found += [f"{where}: {problem}" for problem in problems(validator, answer.body)]
    return found


def event_problems(events: list[dict]) -> list[str]:
    found = []
    for event in events:
        where = f"event {event.get('type')}"
        found += [f"{where}: {p}" for p in problems(object_validator("event"), event)]
        obj = event["data"]["object"]
        carried = problems(object_validator(obj["object"]), obj)
        found += [f"{where} data.object: {p}" for p in carried]
    return found


def app_calls(gateway, fake) -> None:
    """What the app asks Stripe, in the order a young person's first payment asks it."""
    fake.state.verification_seconds = 3600  # so the app sees the account while it is checked
    account = gateway.create_account(person_id=7)
    gateway.create_onboarding_link(account.id, **URLS)
    gateway.retrieve_account(account.id)
    fake.state.finish_onboarding(account.id)
    assert not gateway.retrieve_account(account.id).transfers_active  # pending
    fake.state.verify(account.id)
    assert gateway.retrieve_account(account.id).transfers_active
    gateway.create_transfer(
        amount_pence=1500,
        destination=account.id,
        transfer_group="claim-1",
        idempotency_key="claim-1-attempt-1",
        metadata={"claim_id": "1"},
    )
    gateway.create_transfer(  # a retry with the same key: the first answer, replayed
        amount_pence=1500,
        destination=account.id,
        transfer_group="claim-1",
        idempotency_key="claim-1-attempt-1",
        metadata={"claim_id": "1"},
    )
    gateway.transfers_in_group("claim-1")
    gateway.transfers_in_group("claim-2")
    gateway.delete_account(account.id)  # their data was erased
    gateway.delete_account(account.id)  # a retry: Stripe no longer knows it, which is fine


def other_calls(client, fake) -> None:
    """The fake's other paths, as the stripe library calls them, and each kind of event."""
    account = client.v1.accounts.create(
        {
            "type": "express",
            "country": "GB",
            "business_type": "individual",
            "capabilities": {"transfers": {"requested": True}},
            "tos_acceptance": {"service_agreement": "recipient"},
        }
    )
    fake.state.finish_onboarding(account.id)
    fake.state.verify(account.id)
    transfer = client.v1.transfers.create(
        {"amount": 2000, "currency": "gbp", "destination": account.id, "transfer_group": "g"}
    )
    client.v1.transfers.retrieve(transfer.id)
    client.v1.transfers.update(transfer.id, {"description": "Youth panel", "metadata": {"a": "1"}})
    client.v1.transfers.reversals.create(transfer.id, {"amount": 500})
    client.v1.transfers.reversals.create(transfer.id)
    client.v1.transfers.retrieve(transfer.id)
    client.v1.balance.retrieve()
    fake.state.payout(account.id, 1500)
    fake.state.payout(account.id, 1500, failed=True)
    fake.state.restrict(account.id)
    events = client.v1.events.list({"limit": 100})
    client.v1.events.retrieve(events.data[0].id)


def refused_calls(client, fake) -> None:
    """Calls Stripe refuses, each with its own kind of error body."""
    refusals = [
        lambda: client.v1.accounts.retrieve("acct_nobody"),
        lambda: client.v1.accounts.delete("acct_nobody"),
        lambda: client.v1.accounts.create({"type": "express", "colour": "blue"}),
        lambda: client.v1.account_links.create({"account": "acct_nobody"}),
        lambda: client.v1.transfers.retrieve("tr_nobody"),
        lambda: client.v1.transfers.reversals.create("tr_nobody"),
        lambda: client.v1.events.retrieve("evt_nobody"),
    ]
    account = client.v1.accounts.create(
        {"type": "express", "capabilities": {"transfers": {"requested": True}}}
    )
    transfer = {"amount": 700, "currency": "gbp", "destination": account.id}
    refusals.append(lambda: client.v1.transfers.create(transfer))  # not ready
    fake.state.finish_onboarding(account.id)
    fake.state.verify(account.id)
    fake.state.balance = 0
    refusals.append(lambda: client.v1.transfers.create(transfer))  # balance too low
    refusals.append(lambda: client.v1.transfers.create(transfer, {"idempotency_key": "k"}))
    refusals.append(
        lambda: client.v1.transfers.create({**transfer, "amount": 1}, {"idempotency_key": "k"})
    )
    fake.inject("GET", "/v1/balance", status=500)
    refusals.append(client.v1.balance.retrieve)
    for refusal in refusals:
        with pytest.raises(stripe.StripeError):
            refusal()


def test_the_answers_the_app_gets_are_as_stripe_describes(app_gateway, fake_stripe, answers):
    app_calls(app_gateway, fake_stripe)
    assert len(answers) == 11
    assert [a.status for a in answers[-2:]] == [200, 404]
    assert broken_promises(answers) == []


def test_the_fakes_other_answers_are_as_stripe_describes(client, fake_stripe, answers):
    other_calls(client, fake_stripe)
    assert broken_promises(answers) == []


def test_error_bodies_are_as_stripe_describes(client, fake_stripe, answers):
    refused_calls(client, fake_stripe)
    assert {a.status for a in answers if a.status >= 400} == {400, 404, 500}
    assert broken_promises(answers) == []


def test_an_unknown_address_and_a_wrong_key_get_stripes_error_body(fake_stripe):
    session = requests.Session()
    session.trust_env = False
    nowhere = session.get(fake_stripe.url + "/v1/nowhere", timeout=5)
    wrong_key = session.get(
        fake_stripe.url + "/v1/balance", headers={"Authorization": "Bearer sk_test_x"}, timeout=5
    )
    assert (nowhere.status_code, wrong_key.status_code) == (404, 401)
    error = object_validator("error")
    assert problems(error, nowhere.json()) + problems(error, wrong_key.json()) == []


def test_every_event_and_the_object_it_carries_are_as_stripe_describes(client, fake_stripe):
    other_calls(client, fake_stripe)
    assert event_problems(fake_stripe.state.events) == []
    types = {event["type"] for event in fake_stripe.state.events}
    assert set(HANDLERS) <= types  # every event the app acts on was made and checked


def test_every_kept_path_is_checked(app_gateway, client, fake_stripe, answers):
    app_calls(app_gateway, fake_stripe)
    other_calls(client, fake_stripe)
    refused_calls(client, fake_stripe)
    checked = {(spec_path(a.path, a.method), a.method.lower()) for a in answers}
    kept = {(path, method) for path, methods in document()["paths"].items() for method in methods}
    assert checked == kept


def test_the_check_notices_a_missing_required_field(app_gateway, fake_stripe, answers):
    """The contract test can fail: a transfer without `reversals` is not a Stripe transfer."""
    app_calls(app_gateway, fake_stripe)
    transfer = next(a for a in answers if a.method == "POST" and a.path == "/v1/transfers")
    del transfer.body["reversals"]
    assert broken_promises([transfer]) == [
        "POST /v1/transfers -> 200: (top): 'reversals' is a required property"
    ]
