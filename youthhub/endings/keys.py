"""The programme's Ed25519 signing key: finding it at start-up, loading it, and publishing its
public half as a JWK."""

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask

from youthhub.config import ConfigError


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_private_pem() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key(text: str) -> Ed25519PrivateKey:
    """A PKCS#8 PEM Ed25519 key, or its 32-byte seed in base64url; ValueError otherwise."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(_b64url_decode(text))
    except (TypeError, ValueError, UnicodeError) as error:
        raise ValueError("not an Ed25519 private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint of the public key: stable, and changes if the key does."""
    members = {"crv": "Ed25519", "kty": "OKP", "x": b64url(_raw_public(public_key))}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


def public_jwk(public_key: Ed25519PublicKey) -> dict:
    """The public key as a JWK (never the private part, "d")."""
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(_raw_public(public_key)),
        "kid": key_id(public_key),
        "use": "sig",
        "alg": "EdDSA",
    }


def configure_signing_key(app: Flask) -> None:
    """Set `CREDENTIAL_SIGNING_KEY` (unless the app was given one): the programme's Ed25519
    private key that signs certificates' Open Badges credentials, from the environment
    (PKCS#8 PEM, or the 32-byte key in base64url), required in production; its public half is
    published at /.well-known/jwks.json. Endings owns it, so `config.py` knows no domain."""
    if "CREDENTIAL_SIGNING_KEY" not in app.config:
        production = app.config["YOUTHHUB_ENV"] == "production"
        app.config["CREDENTIAL_SIGNING_KEY"] = _signing_key(Path(app.instance_path), production)


def _signing_key(instance_path: Path, production: bool) -> str:
    value = os.environ.get("CREDENTIAL_SIGNING_KEY", "").strip().replace("\\n", "\n")
    if value:
        try:
            load_private_key(value)
        except ValueError:
            raise ConfigError(
                "CREDENTIAL_SIGNING_KEY must be an Ed25519 private key "
                "(PEM, or its 32 bytes in base64url)."
            ) from None
        return value
    if production:
        raise ConfigError(
            "YOUTHHUB_ENV=production needs CREDENTIAL_SIGNING_KEY: the programme's Ed25519 key "
            "that signs certificates' digital badges (see README.md)."
        )
    # Development only: make a key once and keep it, so badges stay verifiable across restarts.
    key_file = instance_path / "credential_signing_key.pem"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(generate_private_pem())
        key_file.chmod(0o600)
    return key_file.read_text()
