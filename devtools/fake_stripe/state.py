"""What the fake Stripe remembers, and the API operations on it (no HTTP here).

Each operation validates its parameters like Stripe does (unknown parameters, missing ones,
wrong values are 400s that are not saved for idempotency) and returns a Stripe object as a dict.
"""

import copy
import time

from devtools.fake_stripe.wire import (
    API_VERSION,
    StripeError,
    as_bool,
    metadata,
    new_id,
    require,
    unknown_parameters,
)

LINK_SECONDS = 300  # Stripe's Account Links expire after a few minutes
ACCOUNT_PARAMS = {
    "type",
    "country",
    "email",
    "business_type",
    "capabilities",
    "tos_acceptance",
    "metadata",
    "business_profile",
    "settings",
    "controller",
    "default_currency",
    "expand",
}
TRANSFER_PARAMS = {
    "amount",
    "currency",
    "destination",
    "transfer_group",
    "metadata",
    "description",
    "source_transaction",
    "source_type",
    "expand",
}
LINK_PARAMS = {"account", "refresh_url", "return_url", "type", "collect", "collection_options"}
FIRST_REQUIREMENTS = [
    "external_account",
    "individual.address.city",
    "individual.dob.day",
    "individual.first_name",
    "individual.last_name",
    "tos_acceptance.date",
    "tos_acceptance.ip",
]


def _list(url: str, data: list) -> dict:
    return {"object": "list", "data": data, "has_more": False, "url": url}


def _account_settings() -> dict:
    """An Express account's settings as Stripe makes them: nothing branded, and negative
    balances taken back from the person's bank (Stripe's default for all but Custom)."""
    return {
        "branding": {"icon": None, "logo": None, "primary_color": None, "secondary_color": None},
        "card_payments": {
            "decline_on": {"avs_failure": False, "cvc_failure": False},
            "statement_descriptor_prefix": None,
            "statement_descriptor_prefix_kana": None,
            "statement_descriptor_prefix_kanji": None,
        },
        "dashboard": {"display_name": None, "timezone": "Europe/London"},
        "payments": {
            "statement_descriptor": None,
            "statement_descriptor_kana": None,
            "statement_descriptor_kanji": None,
        },
        "payouts": {
            "debit_negative_balances": True,
            "schedule": {"delay_days": 7, "interval": "daily"},
            "statement_descriptor": None,
        },
    }


class StripeState:
    def __init__(self, clock=time.time, balance: int = 1_000_000):
        self.clock = clock
        self.balance = balance  # available GBP balance on the platform, in pence
        self.accounts: dict[str, dict] = {}
        self.links: dict[str, dict] = {}  # token -> link details
        self.transfers: dict[str, dict] = {}
        self.events: list[dict] = []
        self.on_event = None  # called with each new event (webhook delivery)
        # Stripe checks the details a person gives before their `transfers` capability goes
        # from `pending` to `active`; in test mode that takes a moment. 0: at the next request.
        self.verification_seconds = 0
        self.verifying: dict[str, int] = {}  # account id -> when its check is done

    def now(self) -> int:
        return int(self.clock())

    # Events ----------------------------------------------------------------------------

    def emit(self, type_: str, obj: dict, *, account: str | None = None, previous=None) -> dict:
        event = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.now(),
            "data": {"object": copy.deepcopy(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type_,
        }
        if previous:
            event["data"]["previous_attributes"] = previous
        if account:
            event["account"] = account
        self.events.append(event)
        if self.on_event:
            self.on_event(event)
        return event

    # Accounts --------------------------------------------------------------------------

    def create_account(self, params: dict) -> dict:
        unknown_parameters(params, ACCOUNT_PARAMS)
        kind = params.get("type")
        if kind not in ("express", "standard", "custom"):
            raise StripeError(
                400,
                "Invalid type: must be one of custom, express, or standard",
                param="type",
                saved=False,
            )
        capabilities = params.get("capabilities") or {}
        requested = {
            name for name, value in capabilities.items() if as_bool(value.get("requested"))
        }
        agreement = (params.get("tos_acceptance") or {}).get("service_agreement", "full")
        if agreement not in ("full", "recipient"):
            raise StripeError(
                400,
                "Invalid service_agreement",
                param="tos_acceptance[service_agreement]",
                saved=False,
            )
        if agreement == "recipient" and "card_payments" in requested:
            raise StripeError(
                400,
                "The `card_payments` capability can't be requested for accounts under the "
                "`recipient` service agreement.",
                param="capabilities",
                saved=False,
            )
        if kind == "express" and not requested:
            raise StripeError(
                400,
                "You must request at least one capability for Express accounts.",
                param="capabilities",
                saved=False,
            )
        account_id = new_id("acct")
        account = {
            "id": account_id,
            "object": "account",
            "business_profile": {"mcc": None, "name": None, "url": None},
            "business_type": params.get("business_type"),
            "capabilities": dict.fromkeys(sorted(requested), "inactive"),
            "charges_enabled": False,
            "controller": {"type": "application", "is_controller": True},
            "country": (params.get("country") or "US").upper(),
            "created": self.now(),
            "default_currency": "gbp",
            "details_submitted": False,
            "email": params.get("email"),
            "external_accounts": _list(f"/v1/accounts/{account_id}/external_accounts", []),
            "metadata": metadata(params),
            "payouts_enabled": False,
            "requirements": self._requirements(list(FIRST_REQUIREMENTS)),
            "settings": _account_settings(),
            "tos_acceptance": {"date": None, "service_agreement": agreement},
            "type": kind,
        }
        self.accounts[account_id] = account
        return copy.deepcopy(account)

    def _requirements(self, due: list[str], pending: list[str] | None = None):
        pending = pending or []
        disabled = "requirements.pending_verification" if pending else None
        return {
            "alternatives": [],
            "current_deadline": None,
            "currently_due": due,
            "disabled_reason": "requirements.past_due" if due else disabled,
            "errors": [],
            "eventually_due": due,
            "past_due": due,
            "pending_verification": pending,
        }

    def account(self, account_id: str) -> dict:
        account = self.accounts.get(account_id)
        if account is None:
            raise StripeError(
                404,
                f"No such account: '{account_id}'",
                code="resource_missing",
                param="account",
                saved=False,
            )
        return account

    def delete_account(self, account_id: str) -> dict:
        """Close a connected account for good (test-mode accounts can be deleted at any time).
        Afterwards Stripe knows it no more: asking for it again says `resource_missing`."""
        account = self.account(account_id)
        del self.accounts[account_id]
        self.verifying.pop(account_id, None)
        return {"id": account["id"], "object": "account", "deleted": True}

    def _account_changed(self, account: dict, previous: dict) -> None:
        self.emit("account.updated", account, account=account["id"], previous=previous)

    def finish_onboarding(self, account_id: str) -> dict:
        """What a person does on the hosted onboarding page: everything filled in. Stripe then
        checks it: the capabilities stay `pending` until `verify` (see `verification_seconds`)."""
        account = self.account(account_id)
        previous = {"capabilities": dict(account["capabilities"])}
        account["capabilities"] = dict.fromkeys(account["capabilities"], "pending")
        account["details_submitted"] = True
        account["requirements"] = self._requirements([], ["individual.verification.document"])
        account["tos_acceptance"]["date"] = self.now()
        bank = {
            "id": new_id("ba"),
            "object": "bank_account",
            "bank_name": "TEST BANK",
            "country": "GB",
            "currency": "gbp",
            "last4": "6789",
            "status": "new",
        }
        account["external_accounts"]["data"] = [bank]
        self.verifying[account_id] = self.now() + self.verification_seconds
        self._account_changed(account, previous)
        return account

    def verify(self, account_id: str) -> dict:
        """Stripe has checked the details: pending capabilities become active."""
        account = self.account(account_id)
        self.verifying.pop(account_id, None)
        previous = {"capabilities": dict(account["capabilities"])}
        account["capabilities"] = {
            name: "active" if status == "pending" else status
            for name, status in account["capabilities"].items()
        }
        account["payouts_enabled"] = True
        account["requirements"] = self._requirements([])
        self._account_changed(account, previous)
        return account

    def verify_due(self) -> None:
        """Finish the checks whose time has come (before any request sees an account)."""
        for account_id, due in list(self.verifying.items()):
            if due <= self.now():
                self.verify(account_id)

    def save_onboarding_for_later(self, account_id: str) -> dict:
        """Some details given, not all: the account is not ready for transfers."""
        account = self.account(account_id)
        account["details_submitted"] = True
        account["requirements"] = self._requirements(["external_account"])
        self._account_changed(account, {"details_submitted": False})
        return account

    def restrict(self, account_id: str) -> dict:
        """Stripe needs more from the person: transfers stop until they give it."""
        account = self.account(account_id)
        self.verifying.pop(account_id, None)
        previous = {"capabilities": dict(account["capabilities"])}
        account["capabilities"] = dict.fromkeys(account["capabilities"], "inactive")
        account["payouts_enabled"] = False
        account["requirements"] = self._requirements(["individual.verification.document"])
        self._account_changed(account, previous)
        return account

    # Account Links ---------------------------------------------------------------------

    def create_account_link(self, params: dict, base_url: str) -> dict:
        unknown_parameters(params, LINK_PARAMS)
        account = self.account(require(params, "account"))
        link_type = require(params, "type")
        if link_type not in ("account_onboarding", "account_update"):
            raise StripeError(400, "Invalid type", param="type", saved=False)
        if link_type == "account_update" and account["type"] == "express":
            raise StripeError(
                400,
                "You cannot create `account_update` type Account Links for Express accounts.",
                param="type",
                saved=False,
            )
        refresh_url, return_url = require(params, "refresh_url"), require(params, "return_url")
        token = new_id("link").removeprefix("link_")
        now = self.now()
        self.links[token] = {
            "account": account["id"],
            "refresh_url": refresh_url,
            "return_url": return_url,
            "expires_at": now + LINK_SECONDS,
            "used": False,
        }
        return {
            "object": "account_link",
            "created": now,
            "expires_at": now + LINK_SECONDS,
            "url": f"{base_url}/setup/e/{account['id']}/{token}",
        }

    # Transfers -------------------------------------------------------------------------

    def create_transfer(self, params: dict) -> dict:
        unknown_parameters(params, TRANSFER_PARAMS)
        try:
            amount = int(require(params, "amount"))
        except ValueError:
            raise StripeError(400, "Invalid integer: amount", param="amount", saved=False) from None
        if amount < 1:
            raise StripeError(
                400, "This value must be greater than or equal to 1.", param="amount", saved=False
            )
        currency = require(params, "currency").lower()
        if currency != "gbp":
            raise StripeError(
                400,
                f"Transfers in {currency} are not supported by this fake: use gbp.",
                param="currency",
                saved=False,
            )
        destination = self.account(require(params, "destination"))
        if destination["capabilities"].get("transfers") != "active":
            raise StripeError(
                400,
                "Your destination account needs to have at least one of the following "
                "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                code="insufficient_capabilities_for_transfer",
                param="destination",
            )
        if amount > self.balance:
            raise StripeError(
                400,
                "You have insufficient available funds in your Stripe account. Try adding "
                "funds directly to your available balance by creating Charges using the "
                "4000000000000077 test card.",
                code="balance_insufficient",
            )
        self.balance -= amount
        transfer_id = new_id("tr")
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "balance_transaction": new_id("txn"),
            "created": self.now(),
            "currency": currency,
            "description": params.get("description"),
            "destination": destination["id"],
            "destination_payment": new_id("py"),
            "livemode": False,
            "metadata": metadata(params),
            "reversals": _list(f"/v1/transfers/{transfer_id}/reversals", []),
            "reversed": False,
            "source_transaction": None,
            "source_type": "card",
            "transfer_group": params.get("transfer_group"),
        }
        self.transfers[transfer_id] = transfer
        self.emit("transfer.created", transfer)
        return copy.deepcopy(transfer)

    def transfer(self, transfer_id: str) -> dict:
        transfer = self.transfers.get(transfer_id)
        if transfer is None:
            raise StripeError(
                404,
                f"No such transfer: '{transfer_id}'",
                code="resource_missing",
                param="id",
                saved=False,
            )
        return transfer

    def update_transfer(self, transfer_id: str, params: dict) -> dict:
        """Only a transfer's description and metadata can change; Stripe tells of it with
        `transfer.updated`, saying what they were before."""
        unknown_parameters(params, {"description", "metadata", "expand"})
        transfer = self.transfer(transfer_id)
        previous = {}
        if "description" in params:
            previous["description"] = transfer["description"]
            transfer["description"] = params["description"] or None
        if "metadata" in params:
            previous["metadata"] = dict(transfer["metadata"])
            changes = params["metadata"] if isinstance(params["metadata"], dict) else {}
            merged = {**transfer["metadata"], **changes} if changes else {}
            transfer["metadata"] = metadata({"metadata": merged})
        if previous:
            self.emit("transfer.updated", transfer, previous=previous)
        return copy.deepcopy(transfer)

    def list_transfers(self, params: dict) -> dict:
        unknown_parameters(
            params,
            {
                "limit",
                "transfer_group",
                "destination",
                "starting_after",
                "ending_before",
                "created",
                "expand",
            },
        )
        found = [
            t
            for t in reversed(list(self.transfers.values()))
            if params.get("transfer_group") in (None, t["transfer_group"])
            and params.get("destination") in (None, t["destination"])
        ]
        if params.get("starting_after"):
            ids = [t["id"] for t in found]
            start = (
                ids.index(params["starting_after"]) + 1 if params["starting_after"] in ids else 0
            )
            found = found[start:]
        limit = max(1, min(100, int(params.get("limit") or 10)))
        page = _list("/v1/transfers", copy.deepcopy(found[:limit]))
        page["has_more"] = len(found) > limit
        return page

    def reverse_transfer(self, transfer_id: str, params: dict) -> dict:
        unknown_parameters(
            params, {"amount", "description", "metadata", "refund_application_fee", "expand"}
        )
        transfer = self.transfer(transfer_id)
        remaining = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount") or remaining)
        if amount < 1 or amount > remaining:
            raise StripeError(
                400,
                "Amount must be no more than the transfer's unreversed amount.",
                param="amount",
                saved=False,
            )
        reversal = {
            "id": new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "balance_transaction": new_id("txn"),
            "created": self.now(),
            "currency": transfer["currency"],
            "destination_payment_refund": new_id("pyr"),
            "metadata": metadata(params),
            "source_refund": None,
            "transfer": transfer_id,
        }
        self.balance += amount
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        transfer["reversals"]["data"].insert(0, reversal)
        self.emit(
            "transfer.reversed",
            transfer,
            previous={"amount_reversed": transfer["amount_reversed"] - amount},
        )
        return copy.deepcopy(reversal)

    # Payouts (from a connected account to its bank) ------------------------------------

    def payout(self, account_id: str, amount: int, *, failed: bool = False) -> dict:
        self.account(account_id)
        payout = {
            "id": new_id("po"),
            "object": "payout",
            "amount": amount,
            "arrival_date": self.now() + 86400,
            "automatic": True,
            "created": self.now(),
            "currency": "gbp",
            "destination": new_id("ba"),
            "failure_code": "account_closed" if failed else None,
            "failure_message": "The bank account has been closed." if failed else None,
            "livemode": False,
            "metadata": {},
            "method": "standard",
            # An automatic payout is matched to its transactions once paid; a failed one never is.
            "reconciliation_status": "not_applicable" if failed else "completed",
            "source_type": "card",
            "status": "failed" if failed else "paid",
            "type": "bank_account",
        }
        self.emit("payout.failed" if failed else "payout.paid", payout, account=account_id)
        return payout

    def balance_object(self) -> dict:
        amount = [
            {"amount": self.balance, "currency": "gbp", "source_types": {"card": self.balance}}
        ]
        return {
            "object": "balance",
            "available": amount,
            "livemode": False,
            "pending": [{"amount": 0, "currency": "gbp"}],
        }

    def event(self, event_id: str) -> dict:
        for event in self.events:
            if event["id"] == event_id:
                return copy.deepcopy(event)
        raise StripeError(
            404, f"No such event: '{event_id}'", code="resource_missing", param="id", saved=False
        )

    def list_events(self, params: dict) -> dict:
        found = [e for e in reversed(self.events) if params.get("type") in (None, e["type"])]
        limit = max(1, min(100, int(params.get("limit") or 10)))
        page = _list("/v1/events", copy.deepcopy(found[:limit]))
        page["has_more"] = len(found) > limit
        return page
