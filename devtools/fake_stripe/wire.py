"""Stripe's wire format: form-encoded requests with bracketed keys, JSON objects, error bodies."""

import json
import re
import secrets
import string

from werkzeug.wrappers import Response

API_VERSION = "2025-09-30.clover"
_ALPHABET = string.ascii_letters + string.digits
_KEY_PART = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")


def new_id(prefix: str) -> str:
    return f"{prefix}_1Fake" + "".join(secrets.choice(_ALPHABET) for _ in range(20))


def _insert(target: dict, parts: list[str], value: str) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise ValueError(part)
    last = parts[-1]
    if last in target and isinstance(target[last], dict):
        raise ValueError(last)
    target[last] = value


def _listify(value):
    """`{"0": a, "1": b}` (how Stripe's libraries send arrays) becomes `[a, b]`."""
    if not isinstance(value, dict):
        return value
    value = {key: _listify(item) for key, item in value.items()}
    if value and all(key.isdigit() or key == "" for key in value):
        return [value[key] for key in sorted(value, key=lambda k: int(k or 0))]
    return value


def decode_params(pairs) -> dict:
    """`capabilities[transfers][requested]=true` -> {"capabilities": {"transfers": {...}}}."""
    params: dict = {}
    for key, value in pairs:
        parts = [
            m.group(1) if m.group(1) is not None else m.group(2) for m in _KEY_PART.finditer(key)
        ]
        if not parts:
            raise ValueError(key)
        if parts[-1] == "":  # a[]=x
            parts[-1] = str(len(params.get(parts[0], {})))
        _insert(params, parts, value)
    return _listify(params)


def json_response(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body, indent=2), status=status, content_type="application/json")
    response.headers["Request-Id"] = new_id("req")
    response.headers["Stripe-Version"] = API_VERSION
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class StripeError(Exception):
    """Raised by a handler; becomes Stripe's error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        saved: bool = True,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = (
            status,
            message,
            type,
            code,
            param,
        )
        # Stripe saves an idempotent result only once the endpoint began executing.
        self.saved = saved
        self.headers = headers or {}

    def body(self) -> dict:
        error = {"message": self.message, "type": self.type}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        return {"error": error}


def unknown_parameters(params: dict, allowed: set[str]) -> None:
    for name in params:
        if name not in allowed:
            raise StripeError(400, f"Received unknown parameter: {name}", param=name, saved=False)


def require(params: dict, name: str) -> str:
    value = params.get(name)
    if value in (None, ""):
        raise StripeError(400, f"Missing required param: {name}.", param=name, saved=False)
    return value


def as_bool(value) -> bool:
    return str(value).lower() == "true"


def metadata(params: dict) -> dict:
    values = params.get("metadata") or {}
    if not isinstance(values, dict):
        raise StripeError(400, "Invalid object", param="metadata", saved=False)
    if len(values) > 50:
        raise StripeError(400, "Metadata can have at most 50 keys.", param="metadata", saved=False)
    return {str(k): str(v) for k, v in values.items() if v != ""}
