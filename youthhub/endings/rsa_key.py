"""The programme's RSA key, which signs badges with RS256: the algorithm every VC-JWT verifier
must support (Open Badges 3.0, "JSON Web Token Proof Format"). Found at start-up like the
Ed25519 key in `keys.py`, loaded, and published as a JWK named by its RFC 7638 thumbprint."""

import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import (
    RSAPrivateKey,
    RSAPublicKey,
    generate_private_key,
)
from flask import Flask

from youthhub.config import ConfigError
from youthhub.endings.keys import b64url

# NIST SP 800-57 and the JWA (RFC 7518 section 3.3) ask for 2048 bits at least.
MINIMUM_BITS = 2048


def generate_private_pem(bits: int = 3072) -> str:
    key = generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key(text: str) -> RSAPrivateKey:
    """A PEM RSA private key (PKCS#8 or PKCS#1) of 2048 bits or more; ValueError otherwise."""
    try:
        key = serialization.load_pem_private_key(text.strip().encode("ascii"), password=None)
    except (TypeError, ValueError, UnicodeError) as error:
        raise ValueError("not an RSA private key") from error
    if not isinstance(key, RSAPrivateKey) or key.key_size < MINIMUM_BITS:
        raise ValueError("not an RSA private key of 2048 bits or more")
    return key


def _integer(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def key_id(public_key: RSAPublicKey) -> str:
    """The RFC 7638 thumbprint: SHA-256 of the required members, sorted, without spaces."""
    numbers = public_key.public_numbers()
    members = {"e": _integer(numbers.e), "kty": "RSA", "n": _integer(numbers.n)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


def public_jwk(public_key: RSAPublicKey) -> dict:
    """The public key as a JWK (never a private member: d, p, q, dp, dq, qi)."""
    numbers = public_key.public_numbers()
    return {
        "kty": "RSA",
        "n": _integer(numbers.n),
        "e": _integer(numbers.e),
        "kid": key_id(public_key),
        "use": "sig",
        "alg": "RS256",
    }


def configure_rsa_key(app: Flask) -> None:
    """Set `CREDENTIAL_RSA_KEY` (unless the app was given one) from the environment: the PEM
    itself in CREDENTIAL_RSA_KEY, or a file named by CREDENTIAL_RSA_KEY_FILE. Required in
    production; in development one is made once into the instance folder and kept."""
    if "CREDENTIAL_RSA_KEY" not in app.config:
        production = app.config["YOUTHHUB_ENV"] == "production"
        app.config["CREDENTIAL_RSA_KEY"] = _rsa_key(Path(app.instance_path), production)


def _from_environment() -> str:
    value = os.environ.get("CREDENTIAL_RSA_KEY", "").strip().replace("\\n", "\n")
    path = os.environ.get("CREDENTIAL_RSA_KEY_FILE", "").strip()
    if value and path:
        raise ConfigError("Set CREDENTIAL_RSA_KEY or CREDENTIAL_RSA_KEY_FILE, not both.")
    if path:
        try:
            return Path(path).read_text()
        except OSError as error:
            raise ConfigError(f"CREDENTIAL_RSA_KEY_FILE can't be read: {error}") from None
    return value


def _rsa_key(instance_path: Path, production: bool) -> str:
    value = _from_environment()
    if value:
        try:
            load_private_key(value)
        except ValueError:
            raise ConfigError(
                "CREDENTIAL_RSA_KEY must be an RSA private key of 2048 bits or more, in PEM."
            ) from None
        return value
    if production:
        raise ConfigError(
            "YOUTHHUB_ENV=production needs CREDENTIAL_RSA_KEY (or CREDENTIAL_RSA_KEY_FILE): the "
            "programme's RSA key that signs certificates' digital badges (see README.md)."
        )
    # Development only: make a key once and keep it, so badges stay verifiable across restarts.
    key_file = instance_path / "credential_rsa_key.pem"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(generate_private_pem())
        key_file.chmod(0o600)
    return key_file.read_text()
