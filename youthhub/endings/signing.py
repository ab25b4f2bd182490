"""Signing credentials as VC-JWTs (compact JWS), and the key set that checks them.

Badges are signed with the programme's RSA key (RS256, the algorithm every VC-JWT verifier
must support). The key set also publishes the Ed25519 key (EdDSA) that signed badges before
RS256, so those keep verifying. Each header's `kid` is exactly the `kid` of its key in the
published set (a JWKS verifier looks keys up by equal `kid`, so a URL there would find
nothing), and its `jku` says where that set is."""

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from flask import current_app, url_for

from youthhub.core.links import public_base_url
from youthhub.endings import keys, rsa_key

# RFC 7517 section 8.5: the media type of a published JWK Set.
JWK_SET_MEDIA_TYPE = "application/jwk-set+json"
# VC-JOSE-COSE: a credential secured as a JWT.
VC_JWT_MEDIA_TYPE = "application/vc+jwt"


def _cached(name: str, loader):
    cache = current_app.extensions.setdefault(f"youthhub_{name}", {})
    pem = current_app.config[name]
    if pem not in cache:
        cache.clear()
        cache[pem] = loader(pem)
    return cache[pem]


def eddsa_key() -> Ed25519PrivateKey:
    return _cached("CREDENTIAL_SIGNING_KEY", keys.load_private_key)


def rs256_key() -> RSAPrivateKey:
    return _cached("CREDENTIAL_RSA_KEY", rsa_key.load_private_key)


def key_set() -> dict:
    """The JWKS the app publishes: the public halves of the signing keys, and nothing else."""
    return {
        "keys": [
            rsa_key.public_jwk(rs256_key().public_key()),
            keys.public_jwk(eddsa_key().public_key()),
        ]
    }


def base_url() -> str:
    """The site's public address (`core.links`: PUBLIC_BASE_URL, or a trusted request host)."""
    return public_base_url()


def sign_jwt(claims: dict) -> str:
    """A compact JWS of `claims`, signed RS256 with the programme's RSA key; PyJWT adds the
    header's "alg" and "typ" ("JWT")."""
    key = rs256_key()
    headers = {
        "kid": rsa_key.key_id(key.public_key()),
        "jku": base_url() + url_for("endings.jwks"),
    }
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)
