"""The only door to Stripe. Nothing else in YouthHub imports `stripe`.

It speaks to Stripe (or, in development and tests, the local fake Stripe from `devtools/`) with
`stripe.StripeClient` and its `client.v1.*` services, and hands back plain data. Stripe's errors
become a few of our own, by what they mean for the money:

- `OutcomeUnknown`: the request may or may not have happened (timeout, lost response, 5xx
  after the client's own retries). Never assume either way: reconcile.
- `TryLater`: it definitely did not happen and the same request may simply be tried again.
- `BalanceInsufficient`, `AccountNotReady`, `Refused`: it definitely did not happen, and Stripe
  remembers the failure under the idempotency key, so a new attempt needs a new key.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import stripe
from flask import current_app

WEBHOOK_TOLERANCE_SECONDS = 300
REAL_CONNECT_ORIGIN = "https://connect.stripe.com"
NOT_READY_CODES = {"insufficient_capabilities_for_transfer", "account_invalid", "resource_missing"}


class GatewayError(Exception):
    def __init__(self, message: str = "", code: str | None = None):
        super().__init__(message)
        self.message, self.code = message, code


class OutcomeUnknown(GatewayError):
    pass


class TryLater(GatewayError):
    pass


class BalanceInsufficient(GatewayError):
    pass


class AccountNotReady(GatewayError):
    pass


class Refused(GatewayError):
    pass


class BadSignature(GatewayError):
    pass


@dataclass(frozen=True)
class AccountState:
    """What the app reads of a connected account: the `transfers` capability's status
    ("active", "pending" while Stripe checks, "inactive"), and whether the person has finished
    Stripe's onboarding once (accepted its terms, the last step)."""

    id: str
    transfers: str
    details_submitted: bool
    onboarded: bool

    @property
    def transfers_active(self) -> bool:
        return self.transfers == "active"


@dataclass(frozen=True)
class TransferInfo:
    id: str
    amount: int
    amount_reversed: int
    destination: str | None
    transfer_group: str | None
    created: int


# Settings ----------------------------------------------------------------------------------


def uses_fake() -> bool:
    return bool(current_app.config["STRIPE_API_BASE"])


def is_test_mode() -> bool:
    key = current_app.config["STRIPE_SECRET_KEY"]
    return uses_fake() or key.startswith(("sk_test_", "rk_test_"))


def onboarding_origin() -> str:
    """Where Stripe's hosted onboarding lives, so our pages' forms may redirect there."""
    base = current_app.config["STRIPE_API_BASE"]
    if not base:
        return REAL_CONNECT_ORIGIN
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def client() -> stripe.StripeClient:
    """One client per app, made on first use (its HTTP session is per thread)."""
    cached = current_app.extensions.get("youthhub_stripe")
    if cached is not None:
        return cached
    config = current_app.config
    session = requests.Session()
    if uses_fake():
        session.trust_env = False  # a loopback address must never go through a proxy
    made = stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        base_addresses={"api": config["STRIPE_API_BASE"]} if uses_fake() else None,
        max_network_retries=config["STRIPE_MAX_NETWORK_RETRIES"],
        http_client=stripe.RequestsClient(
            timeout=config["STRIPE_TIMEOUT_SECONDS"], session=session
        ),
    )
    current_app.extensions["youthhub_stripe"] = made
    return made


# Calls -------------------------------------------------------------------------------------


def _translate(error: stripe.StripeError) -> GatewayError:
    message, code = error.user_message or str(error), getattr(error, "code", None)
    if isinstance(error, stripe.APIConnectionError | stripe.APIError | stripe.IdempotencyError):
        return OutcomeUnknown(message, code)
    if isinstance(error, stripe.RateLimitError):
        return TryLater(message, code)
    if code == "balance_insufficient":
        return BalanceInsufficient(message, code)
    if code in NOT_READY_CODES:
        return AccountNotReady(message, code)
    if isinstance(error, stripe.StripeError) and (error.http_status or 500) >= 500:
        return OutcomeUnknown(message, code)
    return Refused(message, code)


def _call(request):
    try:
        return request()
    except stripe.StripeError as error:
        raise _translate(error) from error


def _account_state(account) -> AccountState:
    return account_state(account.to_dict())


def account_state(account: dict) -> AccountState:
    """An account object as Stripe sends it (in an answer or an event), read."""
    capabilities = account.get("capabilities") or {}
    return AccountState(
        id=account["id"],
        transfers=str(capabilities.get("transfers") or "inactive"),
        details_submitted=bool(account.get("details_submitted")),
        onboarded=bool((account.get("tos_acceptance") or {}).get("date")),
    )


def _transfer_info(transfer) -> TransferInfo:
    transfer = transfer.to_dict()
    return TransferInfo(
        id=transfer["id"],
        amount=transfer["amount"],
        amount_reversed=transfer.get("amount_reversed") or 0,
        destination=transfer.get("destination"),
        transfer_group=transfer.get("transfer_group"),
        created=transfer.get("created") or 0,
    )


def create_account(*, person_id: int) -> AccountState:
    """An Express account in GB for an individual, able only to receive transfers, under the
    recipient service agreement. Nothing personal is sent: Stripe asks the person themselves."""
    params = {
        "type": "express",
        "country": "GB",
        "business_type": "individual",
        "capabilities": {"transfers": {"requested": True}},
        "tos_acceptance": {"service_agreement": "recipient"},
        "metadata": {"youthhub_person": str(person_id)},
    }
    options = {"idempotency_key": f"person-{person_id}-account"}
    return _account_state(_call(lambda: client().v1.accounts.create(params, options)))


def retrieve_account(account_id: str) -> AccountState:
    return _account_state(_call(lambda: client().v1.accounts.retrieve(account_id)))


def delete_account(account_id: str) -> None:
    """Close a connected account on Stripe for good (a young person's data was erased). An
    account Stripe no longer knows is already closed: a retry after a lost answer is fine."""
    try:
        _call(lambda: client().v1.accounts.delete(account_id))
    except AccountNotReady as error:
        if error.code != "resource_missing":
            raise


def create_onboarding_link(account_id: str, *, refresh_url: str, return_url: str) -> str:
    params = {
        "account": account_id,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": "account_onboarding",
    }
    return _call(lambda: client().v1.account_links.create(params)).url


def create_transfer(
    *,
    amount_pence: int,
    destination: str,
    transfer_group: str,
    idempotency_key: str,
    metadata: dict[str, str],
) -> TransferInfo:
    params = {
        "amount": amount_pence,
        "currency": "gbp",
        "destination": destination,
        "transfer_group": transfer_group,
        "metadata": metadata,
    }
    options = {"idempotency_key": idempotency_key}
    return _transfer_info(_call(lambda: client().v1.transfers.create(params, options)))


def transfers_in_group(transfer_group: str) -> list[TransferInfo]:
    page = _call(
        lambda: client().v1.transfers.list({"transfer_group": transfer_group, "limit": 10})
    )
    return [_transfer_info(transfer) for transfer in page.data]


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event, if the body is signed by one of our webhook secrets within 5 minutes."""
    secrets = [s.strip() for s in current_app.config["STRIPE_WEBHOOK_SECRET"].split(",")]
    for secret in filter(None, secrets):
        try:
            client().construct_event(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS)
            return json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError):
            continue
    raise BadSignature("the webhook's signature does not match")
