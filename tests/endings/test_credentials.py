"""The Open Badges 3.0 credential: a VC-JWT signed RS256 with the programme's RSA key, checked
here without the app's own code: joserfc (a JOSE library the app does not use) and PyJWT with
the published key set, `cryptography` on the raw signature, and 1EdTech's official Open Badges
3.0 JSON schema (a copy in `schemas/`, with its source)."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers, generate_private_key
from joserfc import jwt as jose_jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, RSAKey

from tests.endings.badges import BASE_URL, official_schema, validate
from tests.factories import log_in, make_certificate, make_worker, make_young_person
from youthhub.core.time import utcnow
from youthhub.endings import services
from youthhub.endings.codes import format_code
from youthhub.extensions import db


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


def test_joserfc_verifies_it_with_the_published_key_set(badge):
    """A second JOSE library, independent of the one that signs (PyJWT): it picks the key from
    the set by the header's `kid`, as a JWKS verifier does, and checks the RS256 signature."""
    token, key_set, _certificate, _person = badge

    verified = jose_jwt.decode(token, KeySet.import_key_set(key_set), algorithms=["RS256"])

    assert verified.header["alg"] == "RS256"
    assert verified.header["typ"] == "JWT"
    assert verified.header["jku"] == f"{BASE_URL}/.well-known/jwks.json"
    assert verified.claims["iss"] == f"{BASE_URL}/issuer"
    jose_jwt.JWTClaimsRegistry(iss={"essential": True, "value": f"{BASE_URL}/issuer"}).validate(
        verified.claims
    )


def test_the_kid_is_the_rsa_keys_rfc_7638_thumbprint(badge):
    token, key_set, _certificate, _person = badge
    kid = jwt.get_unverified_header(token)["kid"]
    [rsa] = [key for key in key_set["keys"] if key["kty"] == "RSA"]
    assert kid == rsa["kid"] == RSAKey.import_key(rsa).thumbprint()
    assert rsa["alg"] == "RS256"
    assert int.from_bytes(b64decode(rsa["n"]), "big").bit_length() >= 2048
    private_members = {"d", "p", "q", "dp", "dq", "qi"}
    assert all(not private_members & set(published) for published in key_set["keys"])


def test_pyjwt_finds_the_key_by_the_headers_kid_too(badge):
    """What PyJWT's PyJWKClient does with a remote key set."""
    token, key_set, _certificate, _person = badge
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = jwt.PyJWKSet.from_dict(key_set)[kid]
    assert jwk.key_type == "RSA" and jwk.algorithm_name == "RS256"
    assert jwt.decode(token, key=jwk, algorithms=["RS256"])["iss"] == f"{BASE_URL}/issuer"


def _rsa_public_key(jwk: dict):
    numbers = RSAPublicNumbers(
        e=int.from_bytes(b64decode(jwk["e"]), "big"), n=int.from_bytes(b64decode(jwk["n"]), "big")
    )
    return numbers.public_key()


def test_cryptography_verifies_the_raw_signature_too(badge):
    token, key_set, _certificate, _person = badge
    signing_input, _, signature = token.rpartition(".")
    public_key = _rsa_public_key(key_set["keys"][0])
    public_key.verify(
        b64decode(signature), signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    tampered = signing_input.replace(signing_input[-8:], "AAAAAAAA")
    with pytest.raises(InvalidSignature):
        public_key.verify(
            b64decode(signature), tampered.encode(), padding.PKCS1v15(), hashes.SHA256()
        )


def test_a_changed_credential_or_another_key_fails(badge):
    token, key_set, _certificate, _person = badge
    header, payload, signature = token.split(".")
    claims = json.loads(b64decode(payload))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    keys = KeySet.import_key_set(key_set)
    with pytest.raises(BadSignatureError):
        jose_jwt.decode(f"{header}.{forged_payload}.{signature}", keys, algorithms=["RS256"])
    stranger = RSAKey.import_key(generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(BadSignatureError):
        jose_jwt.decode(token, stranger, algorithms=["RS256"])


def test_the_credential_passes_1edtechs_official_schema(badge):
    token, _key_set, certificate, _person = badge
    claims = jwt.decode(token, options={"verify_signature": False})
    validate(claims, official_schema("ob_v3p0_achievementcredential_schema.json"))
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["name"] == "YouthHub"
    assert claims["id"] == f"{BASE_URL}/verify/{format_code(certificate.code)}"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["name"] == "Graduated from YouthHub"
    assert achievement["id"] == f"{BASE_URL}/achievements/graduation"
    assert achievement["image"]["id"] == f"{BASE_URL}/achievements/graduation.png"


def test_the_official_schema_catches_a_broken_credential(badge):
    """The schema copy is not a pushover: a credential without its subject's achievement fails."""
    token, _key_set, _certificate, _person = badge
    claims = jwt.decode(token, options={"verify_signature": False})
    del claims["credentialSubject"]["achievement"]
    with pytest.raises(AssertionError, match="achievement"):
        validate(claims, official_schema("ob_v3p0_achievementcredential_schema.json"))


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
    [name] = claims["credentialSubject"]["identifier"]  # no email: they did not say yes
    assert name["identityHash"] == "Jordan Okafor"
    assert "13 months with us" in claims["credentialSubject"]["narrative"]
    assert person.email not in text
    assert "care" not in text.lower()
    assert str(person.date_of_birth) not in text


def test_the_public_key_set_has_the_rsa_key_and_the_earlier_ed25519_one(client):
    """RS256 signs every badge now; the Ed25519 key that signed badges before stays published,
    so those still verify."""
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.mimetype == "application/jwk-set+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    rsa, okp = response.get_json()["keys"]
    assert set(rsa) == {"kty", "n", "e", "kid", "use", "alg"}
    assert set(okp) == {"kty", "crv", "x", "kid", "use", "alg"}
    assert (rsa["alg"], okp["alg"]) == ("RS256", "EdDSA")


def test_a_revoked_certificate_has_no_badge_to_download(client):
    person = make_young_person()
    certificate = make_certificate(person)
    services.revoke_certificate(certificate, reason="Mistake", actor=make_worker())
    db.session.commit()
    log_in(client, person)
    assert client.get("/my-ending/open-badge.jwt").status_code == 404
