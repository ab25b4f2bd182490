"""Checking Open Badges from outside, as a verifier would: 1EdTech's official JSON schemas (copies
in `schemas/`, see `SOURCE.md`) and the revocation status list's bits."""

import base64
import gzip
import json
from pathlib import Path

import jsonschema
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

BASE_URL = "https://youthhub.example.org"


SCHEMAS = Path(__file__).parent / "schemas"


def official_schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def validate(instance: dict, schema: dict) -> None:
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def read_status_bit(list_jwt: str, key_set: dict, entry: dict) -> int:
    """Check the list credential's signature against the published keys (joserfc),
    un-base64url and gunzip its bitstring, and read the bit at the entry's index (bit 0 is the
    first byte's most significant bit)."""
    keys = KeySet.import_key_set(key_set)
    claims = jose_jwt.decode(list_jwt, keys, algorithms=["RS256"]).claims
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = claims["credentialSubject"]
    assert subject["statusPurpose"] == entry["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u")  # multibase: base64url without padding
    text = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    assert len(bits) * 8 >= 131_072  # the specification's smallest list
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1
