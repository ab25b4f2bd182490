"""The programme's VAPID key (RFC 8292): push services accept a message only when it is signed
with the key the phone subscribed with. Notices owns it, so `config.py` knows no domain."""

import base64
import os
from email.utils import parseaddr
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask

from youthhub.config import ConfigError


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_private_key() -> str:
    """A new P-256 private key as its 32 bytes in base64url (the form `web-push
    generate-vapid-keys` prints, and pywebpush reads)."""
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return b64url(number.to_bytes(32, "big"))


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """The 32-byte P-256 key in base64url; ValueError otherwise."""
    try:
        raw = _b64url_decode(text.strip())
    except (ValueError, UnicodeError) as error:
        raise ValueError("not a P-256 private key") from error
    if len(raw) != 32:
        raise ValueError("not a P-256 private key")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def public_key_text(private_text: str) -> str:
    """The public half as the phone's `applicationServerKey` wants it: the uncompressed point
    (65 bytes) in base64url."""
    point = (
        load_private_key(private_text)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point)


def configure_push_keys(app: Flask) -> None:
    """Set `VAPID_PRIVATE_KEY`, `VAPID_PUBLIC_KEY` and `VAPID_SUBJECT` (unless the app was given
    them). In production, without VAPID_PRIVATE_KEY, notifications on phones are off (in-app
    notices and emails still go); in development a key is made once into the instance folder."""
    production = app.config["YOUTHHUB_ENV"] == "production"
    if "VAPID_PRIVATE_KEY" not in app.config:
        app.config["VAPID_PRIVATE_KEY"] = _private_key(Path(app.instance_path), production)
    key = app.config["VAPID_PRIVATE_KEY"]
    app.config["VAPID_PUBLIC_KEY"] = public_key_text(key) if key else ""
    if "VAPID_SUBJECT" not in app.config:
        app.config["VAPID_SUBJECT"] = _subject(app.config["MAIL_FROM"])


def _private_key(instance_path: Path, production: bool) -> str:
    value = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
    if value:
        try:
            load_private_key(value)
        except ValueError:
            raise ConfigError(
                "VAPID_PRIVATE_KEY must be a P-256 private key: its 32 bytes in base64url "
                "(see README.md)."
            ) from None
        return value
    if production:
        return ""
    # Development only: make a key once and keep it, so phones stay subscribed across restarts.
    key_file = instance_path / "vapid_private_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(generate_private_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _subject(mail_from: str) -> str:
    """Who a push service may write to about our messages: VAPID_SUBJECT, a mailto: or https:
    address, else the address emails come from."""
    subject = os.environ.get("VAPID_SUBJECT", "").strip()
    if not subject:
        return "mailto:" + (parseaddr(mail_from)[1] or "no-reply@localhost")
    if not subject.startswith(("mailto:", "https://")):
        raise ConfigError("VAPID_SUBJECT must be a mailto: or https:// address.")
    return subject
