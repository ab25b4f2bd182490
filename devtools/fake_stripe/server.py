"""The fake Stripe server: Stripe's HTTP API for the parts YouthHub uses, on loopback only.

It speaks Stripe's wire format, so the real `stripe` library talks to it unchanged: form-encoded
requests with bracketed keys, `Authorization: Bearer sk_...`, JSON objects, Stripe's error bodies,
idempotency keys that replay the first result (and refuse a reused key with other parameters),
and signed webhooks. Tests can also make it misbehave: an error before a request runs, a
response lost after it ran, or webhooks delivered out of order and more than once.
"""

import copy
import ipaddress
import secrets
import threading
from collections import deque
from dataclasses import dataclass

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from devtools.fake_stripe import pages
from devtools.fake_stripe.state import StripeState
from devtools.fake_stripe.webhooks import WebhookSender, encode_event, sign
from devtools.fake_stripe.wire import StripeError, decode_params, json_response

DEFAULT_SECRET_KEY = "sk_test_youthhub_fake_stripe"  # noqa: S105 - a fake's well-known key
DEFAULT_WEBHOOK_SECRET = "whsec_youthhub_fake_stripe"  # noqa: S105
LOOPBACK_NAMES = {"localhost"}

API_RULES = [
    Rule("/v1/accounts", methods=["POST"], endpoint="create_account"),
    Rule("/v1/accounts/<account_id>", methods=["GET"], endpoint="retrieve_account"),
    Rule("/v1/accounts/<account_id>", methods=["DELETE"], endpoint="delete_account"),
    Rule("/v1/account_links", methods=["POST"], endpoint="create_account_link"),
    Rule("/v1/transfers", methods=["POST"], endpoint="create_transfer"),
    Rule("/v1/transfers", methods=["GET"], endpoint="list_transfers"),
    Rule("/v1/transfers/<transfer_id>", methods=["GET"], endpoint="retrieve_transfer"),
    Rule("/v1/transfers/<transfer_id>", methods=["POST"], endpoint="update_transfer"),
    Rule("/v1/transfers/<transfer_id>/reversals", methods=["POST"], endpoint="reverse_transfer"),
    Rule("/v1/balance", methods=["GET"], endpoint="balance"),
    Rule("/v1/events", methods=["GET"], endpoint="list_events"),
    Rule("/v1/events/<event_id>", methods=["GET"], endpoint="retrieve_event"),
]
PAGE_RULES = [
    Rule("/", methods=["GET"], endpoint="dashboard"),
    Rule("/setup/e/<account_id>/<token>", methods=["GET"], endpoint="onboarding"),
    Rule("/setup/e/<account_id>/<token>", methods=["POST"], endpoint="onboarding_done"),
    Rule("/_fake/<action>", methods=["POST"], endpoint="control"),
]


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class Fault:
    """Make the next matching request misbehave.

    `before`: answer `status` without running the request (nothing saved, so a retry runs it).
    `lose_response`: run the request, then drop the connection without answering.
    """

    method: str
    path: str
    kind: str  # "before" or "lose_response"
    status: int = 500


@dataclass
class _Saved:
    fingerprint: tuple
    status: int | None = None  # None while the first request is still running
    body: dict | None = None


class FakeStripe:
    def __init__(
        self,
        *,
        secret_key: str = DEFAULT_SECRET_KEY,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        webhook_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        quiet: bool = True,
    ):
        if not is_loopback(host):
            raise ValueError("the fake Stripe only listens on loopback (127.0.0.1 or ::1)")
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.host, self.port, self.quiet = host, port, quiet
        self.lock = threading.RLock()
        self.state = StripeState()
        self.faults: deque[Fault] = deque()
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, idempotency key
        self._saved: dict[str, _Saved] = {}
        self._page_token = secrets.token_urlsafe(16)
        self.webhooks = WebhookSender(self)
        self.state.on_event = self.webhooks.send
        self.urls = Map(API_RULES + PAGE_RULES)
        self._server = None

    # Running ---------------------------------------------------------------------------

    def start(self) -> "FakeStripe":
        handler = _QuietHandler if self.quiet else WSGIRequestHandler
        self._server = make_server(
            self.host, self.port, self, threaded=True, request_handler=handler
        )
        self.port = self._server.server_port
        thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-stripe",
            daemon=True,
        )
        thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def reset(self) -> None:
        """Forget everything (between tests)."""
        self.webhooks.wait_until_idle()
        with self.lock:
            self.state = StripeState()
            self.state.on_event = self.webhooks.send
            self.faults.clear()
            self.requests.clear()
            self._saved.clear()
            self.webhooks.deliveries.clear()
            self.webhooks.shuffle_and_repeat = False

    # Test controls ---------------------------------------------------------------------

    def inject(self, method: str, path: str, kind: str = "before", status: int = 500, times=1):
        for _ in range(times):
            self.faults.append(Fault(method.upper(), path, kind, status))

    def signed(self, event: dict, *, timestamp: int | None = None, secret: str | None = None):
        """The body and `Stripe-Signature` header Stripe would send for this event."""
        payload = encode_event(event)
        return payload, sign(payload, secret or self.webhook_secret, timestamp)

    def transfers_for(self, transfer_group: str) -> list[dict]:
        with self.lock:
            return [
                t for t in self.state.transfers.values() if t["transfer_group"] == transfer_group
            ]

    # HTTP ------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if not is_loopback(request.remote_addr or ""):
            return Response("loopback only", status=403)(environ, start_response)
        try:
            endpoint, values = self.urls.bind_to_environ(environ).match()
        except HTTPException as error:
            if request.path.startswith("/v1/"):
                message = f"Unrecognized request URL ({request.method}: {request.path})."
                response = self._error(StripeError(404, message, saved=False))
            else:
                response = error.get_response()
            return response(environ, start_response)
        if endpoint in ("dashboard", "onboarding", "onboarding_done", "control"):
            response = getattr(pages, endpoint)(self, request, **values)
        else:
            response = self._api(request, endpoint, values)
        if response is None:  # the response is "lost": hang up without answering
            environ["werkzeug.socket"].shutdown(2)
            response = Response(status=500)
        return response(environ, start_response)

    def _error(self, error: StripeError) -> Response:
        return json_response(error.body(), error.status, error.headers)

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return secrets.compare_digest(header[7:], self.secret_key)
        auth = request.authorization
        username = (auth.username if auth else None) or ""
        return bool(username) and secrets.compare_digest(username, self.secret_key)

    def _next_fault(self, request: Request) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method == request.method and fault.path == request.path:
                    self.faults.remove(fault)
                    return fault
        return None

    def _api(self, request: Request, endpoint: str, values: dict) -> Response | None:
        key = request.headers.get("Idempotency-Key")
        with self.lock:
            self.requests.append((request.method, request.path, key))
        if not self._authorised(request):
            shown = request.headers.get("Authorization", "")[7:15]
            return self._error(StripeError(401, f"Invalid API Key provided: {shown}****"))
        source = request.form if request.method == "POST" else request.args
        try:
            params = decode_params(source.items(multi=True))
        except ValueError:
            return self._error(StripeError(400, "Invalid request: malformed parameters."))
        fault = self._next_fault(request)
        if fault and fault.kind == "before":
            message = "An unknown error occurred (injected by the fake)."
            return json_response({"error": {"message": message, "type": "api_error"}}, fault.status)
        response = self._respond(request, endpoint, values, params, key)
        return None if fault and fault.kind == "lose_response" else response

    def _respond(self, request, endpoint, values, params, key) -> Response:
        if request.method == "POST" and key:
            fingerprint = (request.path, repr(sorted(request.form.items(multi=True))))
            with self.lock:
                saved = self._saved.get(key)
                if saved is None:
                    self._saved[key] = _Saved(fingerprint)
            if saved is not None:
                return self._replay(key, saved, fingerprint)
        status, body = self._run(endpoint, values, params)
        if request.method == "POST" and key:
            with self.lock:
                if status >= 400 and not body.pop("_saved", True):
                    del self._saved[key]
                else:
                    self._saved[key].status, self._saved[key].body = status, body
        body.pop("_saved", None)
        return json_response(body, status)

    def _replay(self, key: str, saved: _Saved, fingerprint: tuple) -> Response:
        if saved.fingerprint != fingerprint:
            message = (
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request."
            )
            return self._error(StripeError(400, message, type="idempotency_error"))
        if saved.status is None:
            message = (
                "There is currently another in-progress request using this Idempotent Key "
                "(that probably means you submitted twice, and the other request is still "
                f"going through): {key}. Please try again later."
            )
            return self._error(StripeError(409, message, type="idempotency_error"))
        return json_response(saved.body, saved.status, {"Idempotent-Replayed": "true"})

    def _run(self, endpoint: str, values: dict, params: dict) -> tuple[int, dict]:
        state = self.state
        handlers = {
            "create_account": lambda: state.create_account(params),
            "retrieve_account": lambda: state.account(values["account_id"]),
            "delete_account": lambda: state.delete_account(values["account_id"]),
            "create_account_link": lambda: state.create_account_link(params, self.url),
            "create_transfer": lambda: state.create_transfer(params),
            "list_transfers": lambda: state.list_transfers(params),
            "retrieve_transfer": lambda: state.transfer(values["transfer_id"]),
            "update_transfer": lambda: state.update_transfer(values["transfer_id"], params),
            "reverse_transfer": lambda: state.reverse_transfer(values["transfer_id"], params),
            "balance": state.balance_object,
            "list_events": lambda: state.list_events(params),
            "retrieve_event": lambda: state.event(values["event_id"]),
        }
        try:
            with self.lock:
                state.verify_due()
                return 200, copy.deepcopy(handlers[endpoint]())
        except StripeError as error:
            return error.status, {**error.body(), "_saved": error.saved}
