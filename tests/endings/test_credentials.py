"""The Open Badges 3.0 credential: a VC-JWT signed with the programme's Ed25519 key, checked
here without the app's own code: PyJWT with the published key set, and `cryptography` on the
raw signature, then the Open Badges 3.0 shape with a JSON Schema."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jsonschema
import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.factories import log_in, make_certificate, make_worker, make_young_person
from youthhub.core.time import utcnow
from youthhub.endings import services
from youthhub.endings.codes import format_code
from youthhub.extensions import db

BASE_URL = "https://youthhub.example.org"

# The parts of the Open Badges 3.0 AchievementCredential schema a credential must have.
URI = {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*:"}
DATETIME_Z = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"}


def type_containing(name: str) -> dict:
    return {"type": "array", "contains": {"const": name}}


OPEN_BADGE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"],
    "properties": {
        "@context": {
            "type": "array",
            "minItems": 2,
            "prefixItems": [{"const": "https://www.w3.org/ns/credentials/v2"}],
            "contains": {
                "type": "string",
                "pattern": r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context-3\.\d\.\d\.json$",
            },
        },
        "id": URI,
        "type": {
            "type": "array",
            "prefixItems": [{"const": "VerifiableCredential"}],
            "contains": {"enum": ["OpenBadgeCredential", "AchievementCredential"]},
        },
        "issuer": {
            "type": "object",
            "required": ["id", "type"],
            "properties": {
                "id": URI,
                "type": type_containing("Profile"),
                "name": {"type": "string"},
            },
        },
        "validFrom": DATETIME_Z,
        "awardedDate": DATETIME_Z,
        "name": {"type": "string", "minLength": 1},
        "credentialSubject": {
            "type": "object",
            "required": ["type", "achievement"],
            "anyOf": [{"required": ["id"]}, {"required": ["identifier"]}],
            "properties": {
                "id": URI,
                "type": type_containing("AchievementSubject"),
                "identifier": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "identityHash", "identityType", "hashed"],
                        "properties": {
                            "type": {"const": "IdentityObject"},
                            "hashed": {"type": "boolean"},
                        },
                    },
                },
                "achievement": {
                    "type": "object",
                    "required": ["id", "type", "criteria", "description", "name"],
                    "properties": {
                        "id": URI,
                        "type": type_containing("Achievement"),
                        "criteria": {
                            "type": "object",
                            "anyOf": [{"required": ["id"]}, {"required": ["narrative"]}],
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": BASE_URL}


@pytest.fixture
def badge(client):
    """A graduate's credential as they download it, and the key set as anyone would fetch it."""
    person = make_young_person(name="Jordan", created_at=utcnow() - timedelta(days=400))
    certificate = make_certificate(
        person, make_worker(), printed_name="Jordan Okafor", highlight_keys=["months"]
    )
    log_in(client, person)
    response = client.get("/my-ending/open-badge.jwt")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert "attachment" in response.headers["Content-Disposition"]
    key_set = client.get("/.well-known/jwks.json").get_json()
    return response.get_data(as_text=True), key_set, certificate, person


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_standard_jwks_verifier_finds_the_key_by_the_headers_kid(badge):
    """What PyJWT's PyJWKClient does with a remote key set: look the header's `kid` up in the
    set as published, and verify with the key it finds."""
    token, key_set, _certificate, _person = badge
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "JWT"
    assert header["jku"] == f"{BASE_URL}/.well-known/jwks.json"
    jwk = jwt.PyJWKSet.from_dict(key_set)[header["kid"]]
    assert jwk.key_type == "OKP" and jwk.algorithm_name == "EdDSA"
    assert all("d" not in published for published in key_set["keys"])

    claims = jwt.decode(token, key=jwk, algorithms=["EdDSA"])

    assert claims["iss"] == f"{BASE_URL}/"


def test_cryptography_verifies_the_raw_signature_too(badge):
    token, key_set, _certificate, _person = badge
    signing_input, _, signature = token.rpartition(".")
    public_key = Ed25519PublicKey.from_public_bytes(b64decode(key_set["keys"][0]["x"]))
    public_key.verify(b64decode(signature), signing_input.encode())
    tampered = signing_input.replace(signing_input[-8:], "AAAAAAAA")
    with pytest.raises(InvalidSignature):
        public_key.verify(b64decode(signature), tampered.encode())


def test_a_changed_credential_or_another_key_fails(badge):
    token, key_set, _certificate, _person = badge
    header, payload, signature = token.split(".")
    claims = json.loads(b64decode(payload))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    key = jwt.PyJWK(key_set["keys"][0]).key
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged_payload}.{signature}", key=key, algorithms=["EdDSA"])
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, key=Ed25519PrivateKey.generate().public_key(), algorithms=["EdDSA"])


def test_the_credential_has_the_open_badges_3_shape(badge):
    token, _key_set, certificate, _person = badge
    claims = jwt.decode(token, options={"verify_signature": False})
    jsonschema.validate(claims, OPEN_BADGE_SCHEMA)
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["name"] == "YouthHub"
    assert claims["id"] == f"{BASE_URL}/verify/{format_code(certificate.code)}"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["name"] == "Graduated from YouthHub"
    assert achievement["id"] == f"{BASE_URL}/achievements/graduation"


def test_the_jwt_claims_match_the_credential(badge):
    token, _key_set, certificate, _person = badge
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["sub"].startswith("urn:uuid:")
    valid_from = datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    assert datetime.fromtimestamp(claims["nbf"], UTC) == valid_from
    assert valid_from == certificate.issued_at.replace(microsecond=0)


def test_it_names_only_what_the_certificate_prints(badge):
    token, _key_set, _certificate, person = badge
    claims = jwt.decode(token, options={"verify_signature": False})
    text = json.dumps(claims)
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Jordan Okafor"
    assert "13 months with us" in claims["credentialSubject"]["narrative"]
    assert person.email not in text
    assert "care" not in text.lower()
    assert str(person.date_of_birth) not in text


def test_the_public_key_set_and_achievement_are_open_to_all(client):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.mimetype == "application/jwk-set+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    [key] = response.get_json()["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "use", "alg"}
    achievement = client.get("/achievements/graduation").get_json()
    assert achievement["type"] == ["Achievement"]
    assert achievement["criteria"]["narrative"]


def test_a_revoked_certificate_has_no_badge_to_download(client):
    person = make_young_person()
    certificate = make_certificate(person)
    services.revoke_certificate(certificate, reason="Mistake", actor=make_worker())
    db.session.commit()
    log_in(client, person)
    assert client.get("/my-ending/open-badge.jwt").status_code == 404
