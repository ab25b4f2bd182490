"""Cut the part of Stripe's OpenAPI description that YouthHub and its fake Stripe use into
`stripe_api.json`, as JSON Schema that `jsonschema` can check answers against.

    python -m tests.devtools.stripe_schema.extract ../shared/stripe/spec3.json.gz

What it keeps: the answers (200 and error) of the paths below, and every schema they reach
through `$ref`. What it changes, and why:
- OpenAPI 3.0's `nullable: true` becomes JSON Schema's `null` type (`jsonschema` knows no
  `nullable`).
- An expandable field (`x-expansionResources`) is an id string or, when asked for with
  `expand[]`, the whole object. YouthHub never expands, so the object stays allowed but is not
  described: without this, `transfer.balance_transaction` alone drags in hundreds of schemas.
- The error's `payment_intent`, `setup_intent`, `payment_method` and `source` (card payments,
  which YouthHub does not take) are kept as "anything" for the same reason.
- Descriptions are dropped to keep the file small; look them up in Stripe's API reference.
"""

import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUTPUT = HERE / "stripe_api.json"
SOURCE = {
    "repository": "https://github.com/stripe/openapi",
    "file": "openapi/spec3.yaml",
    "commit": "63a674638635c68de26b9f3add13e58198f4df44",
    "api_version": "2023-08-16",
}
# (path as the spec writes it, method): the calls the app and the fake's tests make.
OPERATIONS = [
    ("/v1/accounts", "post"),
    ("/v1/accounts/{account}", "get"),
    ("/v1/accounts/{account}", "delete"),
    ("/v1/account_links", "post"),
    ("/v1/transfers", "post"),
    ("/v1/transfers", "get"),
    ("/v1/transfers/{transfer}", "get"),
    ("/v1/transfers/{transfer}", "post"),
    ("/v1/transfers/{id}/reversals", "post"),
    ("/v1/balance", "get"),
    ("/v1/events", "get"),
    ("/v1/events/{id}", "get"),
]
# Objects that arrive only inside events (a connected account's payouts).
EVENT_OBJECTS = ["account", "transfer", "payout"]
NOT_KEPT = {"api_errors": {"payment_intent", "setup_intent", "payment_method", "source"}}
DROPPED_KEYS = {
    "description",
    "x-expansionResources",
    "x-expandableFields",
    "x-stripeBypassValidation",
}


def to_json_schema(node):
    """One OpenAPI 3.0 schema node as JSON Schema (recursively)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    expandable = "x-expansionResources" in node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in DROPPED_KEYS}
    if "properties" in node:  # field names, not keywords: a field may be called `description`
        out["properties"] = {k: to_json_schema(v) for k, v in node["properties"].items()}
    if expandable:
        out["anyOf"] = [
            {"type": "object", "title": "expanded object (not kept)"} if "$ref" in alt else alt
            for alt in out["anyOf"]
        ]
    if out.pop("nullable", False):
        _allow_null(out)
    return out


def _allow_null(schema: dict) -> None:
    if "anyOf" in schema:
        schema["anyOf"].append({"type": "null"})
        return
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]


def _refs(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def _schema(spec: dict, name: str) -> dict:
    schema = to_json_schema(spec["components"]["schemas"][name])
    for field in NOT_KEPT.get(name, ()):
        schema["properties"][field] = {"title": "not kept: YouthHub takes no card payments"}
    return schema


def _answers(spec: dict) -> dict:
    paths: dict = {}
    for path, method in OPERATIONS:
        responses = spec["paths"][path][method]["responses"]
        paths.setdefault(path, {})[method] = {
            status: to_json_schema(response["content"]["application/json"]["schema"])
            for status, response in responses.items()
        }
    return paths


def extract(spec: dict) -> dict:
    paths = _answers(spec)
    schemas: dict = {}
    waiting = _refs(paths, {"error", "event", *EVENT_OBJECTS})
    while waiting:
        name = waiting.pop()
        schemas[name] = _schema(spec, name)
        waiting |= _refs(schemas[name], set()) - schemas.keys()
    return {
        "source": SOURCE | {"info_version": spec["info"]["version"]},
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items()))},
    }


def main(argv: list[str]) -> None:
    with gzip.open(argv[0]) as spec_file:
        spec = json.load(spec_file)
    kept = extract(spec)
    OUTPUT.write_text(json.dumps(kept, indent=1) + "\n")
    print(f"wrote {OUTPUT} ({len(kept['components']['schemas'])} schemas)")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/stripe/spec3.json.gz"])
