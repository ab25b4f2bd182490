"""The fake Stripe speaks Stripe's wire format well enough for the real `stripe` library:
these tests drive it with that library, as the app does, and with plain HTTP where the
library would hide what is on the wire."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
import stripe

from devtools.fake_stripe import FakeStripe
from devtools.fake_stripe.wire import decode_params

ACCOUNT = {
    "type": "express",
    "country": "GB",
    "business_type": "individual",
    "capabilities": {"transfers": {"requested": True}},
    "tos_acceptance": {"service_agreement": "recipient"},
}


@pytest.fixture
def fake(fake_stripe):
    return fake_stripe


@pytest.fixture
def client(fake):
    session = requests.Session()
    session.trust_env = False
    return stripe.StripeClient(
        fake.secret_key,
        base_addresses={"api": fake.url},
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=5, session=session),
    )


def ready_account(client, fake) -> str:
    account = client.v1.accounts.create(ACCOUNT)
    fake.state.finish_onboarding(account.id)
    return account.id


def raw(fake, method, path, data=None, key=None, auth=True):
    headers = {"Authorization": f"Bearer {fake.secret_key}"} if auth else {}
    if key:
        headers["Idempotency-Key"] = key
    session = requests.Session()
    session.trust_env = False
    return session.request(method, fake.url + path, data=data, headers=headers, timeout=5)


def test_bracketed_form_keys_become_nested_objects_and_lists():
    pairs = [
        ("capabilities[transfers][requested]", "true"),
        ("metadata[claim_id]", "7"),
        ("expand[0]", "destination"),
        ("expand[1]", "balance_transaction"),
        ("amount", "1500"),
    ]
    assert decode_params(pairs) == {
        "capabilities": {"transfers": {"requested": "true"}},
        "metadata": {"claim_id": "7"},
        "expand": ["destination", "balance_transaction"],
        "amount": "1500",
    }


def test_an_express_recipient_account_as_the_library_sends_it(client, fake):
    account = client.v1.accounts.create(ACCOUNT)
    assert account.id.startswith("acct_")
    assert account.object == "account"
    assert account.capabilities.transfers == "inactive"
    assert account.tos_acceptance.service_agreement == "recipient"
    assert client.v1.accounts.retrieve(account.id).country == "GB"


def test_stripe_error_bodies_become_the_librarys_own_errors(client, fake):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.accounts.retrieve("acct_nobody")
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    with pytest.raises(stripe.InvalidRequestError, match="unknown parameter: colour"):
        client.v1.accounts.create({**ACCOUNT, "colour": "blue"})
    with pytest.raises(stripe.InvalidRequestError, match="card_payments"):
        client.v1.accounts.create(
            {**ACCOUNT, "capabilities": {"card_payments": {"requested": True}}}
        )
    body = raw(fake, "GET", "/v1/nowhere").json()
    assert body["error"]["type"] == "invalid_request_error"


def test_a_wrong_key_is_refused(fake):
    response = raw(fake, "GET", "/v1/balance", auth=False)
    assert response.status_code == 401
    assert "Invalid API Key" in response.json()["error"]["message"]


def test_a_transfer_needs_an_active_destination_and_enough_balance(client, fake):
    account = client.v1.accounts.create(ACCOUNT)
    transfer = {"amount": 1500, "currency": "gbp", "destination": account.id}
    with pytest.raises(stripe.InvalidRequestError) as not_ready:
        client.v1.transfers.create(transfer)
    assert not_ready.value.code == "insufficient_capabilities_for_transfer"
    fake.state.finish_onboarding(account.id)
    fake.state.balance = 100
    with pytest.raises(stripe.InvalidRequestError) as broke:
        client.v1.transfers.create(transfer)
    assert broke.value.code == "balance_insufficient"
    fake.state.balance = 10_000
    made = client.v1.transfers.create({**transfer, "transfer_group": "claim-1"})
    assert (made.amount, made.transfer_group, made.reversed) == (1500, "claim-1", False)
    assert fake.state.balance == 8_500
    listed = client.v1.transfers.list({"transfer_group": "claim-1"})
    assert [t.id for t in listed.data] == [made.id]
    assert client.v1.transfers.list({"transfer_group": "claim-2"}).data == []


def test_an_idempotency_key_replays_the_first_result(client, fake):
    account = ready_account(client, fake)
    params = {"amount": 700, "currency": "gbp", "destination": account}
    first = raw(fake, "POST", "/v1/transfers", params, key="k-1")
    again = raw(fake, "POST", "/v1/transfers", params, key="k-1")
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(fake.state.transfers) == 1
    other = raw(fake, "POST", "/v1/transfers", {**params, "amount": 800}, key="k-1")
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"


def test_a_failure_after_the_request_ran_is_replayed_but_a_validation_error_is_not(client, fake):
    account = ready_account(client, fake)
    fake.state.balance = 0
    params = {"amount": 700, "currency": "gbp", "destination": account}
    assert raw(fake, "POST", "/v1/transfers", params, key="k-2").status_code == 400
    fake.state.balance = 10_000
    replay = raw(fake, "POST", "/v1/transfers", params, key="k-2")
    assert replay.json()["error"]["code"] == "balance_insufficient"  # as Stripe does, for a day
    bad = {**params, "amount": "lots"}
    assert raw(fake, "POST", "/v1/transfers", bad, key="k-3").status_code == 400
    assert raw(fake, "POST", "/v1/transfers", params, key="k-3").status_code == 200


def test_injected_faults_before_and_after_the_request_runs(client, fake):
    account = ready_account(client, fake)
    params = {"amount": 700, "currency": "gbp", "destination": account}
    fake.inject("POST", "/v1/transfers", status=500)
    assert raw(fake, "POST", "/v1/transfers", params, key="k-4").status_code == 500
    assert fake.state.transfers == {}
    fake.inject("POST", "/v1/transfers", kind="lose_response")
    with pytest.raises(requests.ConnectionError):
        raw(fake, "POST", "/v1/transfers", params, key="k-4")
    assert len(fake.state.transfers) == 1
    assert raw(fake, "POST", "/v1/transfers", params, key="k-4").headers["Idempotent-Replayed"]


def test_webhooks_are_signed_so_the_library_verifies_them(client, fake):
    account = ready_account(client, fake)
    event = fake.state.events[-1]
    assert (event["type"], event["account"]) == ("account.updated", account)
    payload, header = fake.signed(event)
    verified = client.construct_event(payload, header, fake.webhook_secret)
    assert verified.id == event["id"]
    with pytest.raises(stripe.SignatureVerificationError):
        client.construct_event(payload.replace(b"account", b"acc0unt"), header, fake.webhook_secret)
    with pytest.raises(stripe.SignatureVerificationError):
        stale = fake.signed(event, timestamp=int(time.time()) - 301)[1]
        client.construct_event(payload, stale, fake.webhook_secret)


def test_events_are_delivered_to_the_webhook_url_and_retried(fake):
    received = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Stripe-Signature"], json.loads(body)["type"]))
            self.send_response(500 if len(received) == 1 else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.webhooks.first_pause = 0.01
    try:
        fake.webhook_url = f"http://127.0.0.1:{server.server_port}/stripe/webhook"
        account = fake.state.create_account(
            {k: v for k, v in ACCOUNT.items() if k != "capabilities"}
            | {"capabilities": {"transfers": {"requested": "true"}}}
        )
        fake.state.payout(account["id"], 500, failed=True)
        fake.webhooks.wait_until_idle()
    finally:
        fake.webhooks.first_pause = 0.5
        server.shutdown()
    assert [kind for _, kind in received] == ["payout.failed", "payout.failed"]
    assert all(header.startswith("t=") and ",v1=" in header for header, _ in received)


def test_the_hosted_onboarding_page_finishes_setup_and_returns(client, fake):
    account = client.v1.accounts.create(ACCOUNT)
    link = client.v1.account_links.create(
        {
            "account": account.id,
            "refresh_url": "http://app.test/refresh",
            "return_url": "http://app.test/return",
            "type": "account_onboarding",
        }
    )
    session = requests.Session()
    session.trust_env = False
    page = session.get(link.url, timeout=5)
    assert "TEST MODE" in page.text
    token = page.text.split('name="session" value="')[1].split('"')[0]
    done = session.post(
        link.url, data={"session": token, "action": "finish"}, allow_redirects=False, timeout=5
    )
    assert (done.status_code, done.headers["Location"]) == (303, "http://app.test/return")
    assert client.v1.accounts.retrieve(account.id).capabilities.transfers == "active"
    # A link works once; a used (or expired) one sends the person to refresh_url for another.
    again = session.get(link.url, allow_redirects=False, timeout=5)
    assert again.headers["Location"] == "http://app.test/refresh"


def test_only_loopback_addresses():
    with pytest.raises(ValueError, match="loopback"):
        FakeStripe(host="0.0.0.0")  # noqa: S104 - the point of the test


def test_the_dashboard_shows_test_mode_and_its_buttons_need_its_token(fake):
    session = requests.Session()
    session.trust_env = False
    assert "TEST MODE" in session.get(fake.url + "/", timeout=5).text
    refused = session.post(fake.url + "/_fake/balance", data={"amount": "1"}, timeout=5)
    assert refused.status_code == 400


def test_the_transfers_capability_is_pending_while_stripe_checks_the_details(client, fake):
    fake.state.verification_seconds = 3600
    account = client.v1.accounts.create(ACCOUNT)
    fake.state.finish_onboarding(account.id)
    assert client.v1.accounts.retrieve(account.id).capabilities.transfers == "pending"
    transfer = {"amount": 700, "currency": "gbp", "destination": account.id}
    with pytest.raises(stripe.InvalidRequestError, match="capabilities"):
        client.v1.transfers.create(transfer)
    fake.state.verifying[account.id] = fake.state.now()  # the check is done now
    assert client.v1.accounts.retrieve(account.id).capabilities.transfers == "active"
    changes = [
        e["data"]["previous_attributes"]["capabilities"]["transfers"]
        + " -> "
        + e["data"]["object"]["capabilities"]["transfers"]
        for e in fake.state.events
        if e["type"] == "account.updated"
    ]
    assert changes == ["inactive -> pending", "pending -> active"]


def test_changing_a_transfers_description_or_metadata_sends_transfer_updated(client, fake):
    account = ready_account(client, fake)
    made = client.v1.transfers.create({"amount": 700, "currency": "gbp", "destination": account})
    client.v1.transfers.update(made.id, {"metadata": {"claim_id": "7"}})
    event = fake.state.events[-1]
    assert event["type"] == "transfer.updated"
    assert event["data"]["object"]["metadata"] == {"claim_id": "7"}
    assert event["data"]["previous_attributes"] == {"metadata": {}}


def test_deliveries_can_be_mixed_up_out_of_order_and_repeated(fake):
    received = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"])))["id"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.webhooks.shuffle_and_repeat = True
    fake.webhooks.random.seed(11)
    try:
        fake.webhook_url = f"http://127.0.0.1:{server.server_port}/stripe/webhook"
        account = fake.state.create_account(
            {**ACCOUNT, "capabilities": {"transfers": {"requested": "true"}}}
        )
        made = [fake.state.payout(account["id"], 100 * n)["id"] for n in range(1, 7)]
        fake.webhooks.wait_until_idle()
    finally:
        server.shutdown()
    sent = [e["id"] for e in fake.state.events if e["data"]["object"]["id"] in made]
    assert set(received) == set(sent)
    assert len(received) > len(sent)  # some twice
    assert list(dict.fromkeys(received)) != sent  # not in the order they happened


def test_the_dashboard_switches_deliveries_to_mixed_up_and_back(fake):
    session = requests.Session()
    session.trust_env = False
    page = session.get(fake.url + "/", timeout=5).text
    assert "in order, once each" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    session.post(fake.url + "/_fake/deliveries", data={"token": token, "mix": "1"}, timeout=5)
    assert fake.webhooks.shuffle_and_repeat
    assert "mixed up: any order, some twice" in session.get(fake.url + "/", timeout=5).text
    session.post(fake.url + "/_fake/deliveries", data={"token": token, "mix": ""}, timeout=5)
    assert not fake.webhooks.shuffle_and_repeat


def test_a_closed_account_is_gone_for_good(client, fake):
    account_id = ready_account(client, fake)
    closed = client.v1.accounts.delete(account_id)
    assert (closed.id, closed.deleted) == (account_id, True)
    for call in (
        lambda: client.v1.accounts.retrieve(account_id),
        lambda: client.v1.accounts.delete(account_id),
        lambda: client.v1.transfers.create(
            {"amount": 500, "currency": "gbp", "destination": account_id}
        ),
    ):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            call()
        assert refused.value.code in {"resource_missing", "account_invalid"}
