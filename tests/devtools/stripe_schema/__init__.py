"""Stripe's own description of the answers YouthHub relies on (`stripe_api.json`, see README.md),
as `jsonschema` validators."""

import copy
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).parent / "stripe_api.json"
URI = "urn:youthhub:stripe-api"


@cache
def document() -> dict:
    return json.loads(DATA.read_text())


def _closed(node):
    """The same schema, but an object may hold only the fields Stripe describes.

    Stripe's spec leaves objects open (new API versions add fields). Closing them here catches
    a fake that invents a field or misspells one, which `required` alone would not.
    """
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed


@cache
def _registry(closed: bool) -> Registry:
    contents = _closed(document()) if closed else copy.deepcopy(document())
    return Registry().with_resource(URI, Resource.from_contents(contents, DRAFT202012))


def _pointer(*parts: str) -> str:
    return "/" + "/".join(quote(p.replace("~", "~0").replace("/", "~1"), safe="") for p in parts)


def validator(*parts: str, closed: bool = True) -> Draft202012Validator:
    """A validator for the schema at `document()[parts[0]][parts[1]]...`."""
    schema = {"$ref": f"{URI}#{_pointer(*parts)}"}
    return Draft202012Validator(schema, registry=_registry(closed))


def object_validator(name: str, closed: bool = True) -> Draft202012Validator:
    """For a Stripe object (`account`, `transfer`, `payout`, `error`, `event`...)."""
    return validator("components", "schemas", name, closed=closed)


def spec_path(path: str, method: str) -> str | None:
    """Which of the kept paths (as the spec writes them) an actual request path is."""
    for template, methods in document()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if method.lower() in methods and re.match(pattern, path):
            return template
    return None


def answer_validator(path: str, method: str, status: int, closed=True) -> Draft202012Validator:
    """For the answer Stripe gives to `method path` with this HTTP status."""
    template = spec_path(path, method)
    if template is None:
        raise LookupError(f"{method} {path} is not a kept path: add it to extract.py")
    key = "200" if status == 200 else "default"  # Stripe describes all errors as one
    return validator("paths", template, method.lower(), key, closed=closed)


def problems(validator: Draft202012Validator, body) -> list[str]:
    """Each way `body` breaks the schema, as "where: what"."""
    found = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {_message(e)}" for e in found]


def _message(error) -> str:
    # An anyOf failure says only "is not valid under any of the given schemas": say why, leaving
    # out the alternatives that were plainly of another type (the `null` of a nullable field).
    if not error.context:
        return error.message
    reasons = [e for e in error.context if e.validator != "type"] or error.context
    return "; ".join(f"{e.message} (at {'.'.join(map(str, e.absolute_path))})" for e in reasons)
