"""A push service on 127.0.0.1, standing in for Google's or Mozilla's: it takes what the app
posts to a subscription's endpoint, keeps it for the test, and answers with the status the test
chose for that endpoint (201, as real push services do, unless told otherwise).

`Browser` is the phone's side of a subscription: its own P-256 key pair and auth secret, which
is all a browser needs to read what arrives (RFC 8291)."""

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Delivery:
    path: str
    headers: dict
    body: bytes


@dataclass
class Browser:
    """One browser's subscription keys, made the way a browser makes them."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def subscription(self) -> dict:
        """What `PushSubscription.toJSON()` gives the page's script."""
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth_secret)},
        }

    def read(self, delivery: Delivery) -> dict:
        """Decrypt a message as the browser would (aes128gcm, RFC 8188 and 8291)."""
        assert delivery.headers["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(
            delivery.body,
            private_key=self.private_key,
            auth_secret=self.auth_secret,
            version="aes128gcm",
        )
        return json.loads(plain)


def vapid_claims(delivery: Delivery, public_key: str) -> dict:
    """Check the VAPID signature (RFC 8292) as a push service does: the `k` in the header is
    the key the phone subscribed with, and the token is signed by it (ES256). The claims."""
    scheme, _, params = delivery.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == public_key
    point = b64url_decode(values["k"])
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    return jwt.decode(
        values["t"], key, algorithms=["ES256"], options={"verify_aud": False}, leeway=0
    )


class PushService:
    def __init__(self):
        self.deliveries: list[Delivery] = []
        self.answers: dict[str, int] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.deliveries.append(Delivery(self.path, headers, body))
                self.send_response(service.answers.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> "PushService":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        self.deliveries.clear()
        self.answers.clear()

    def browser(self, name: str) -> Browser:
        return Browser(f"{self.url}/push/{name}")

    def to(self, browser: Browser) -> list[Delivery]:
        path = browser.endpoint.removeprefix(self.url)
        return [delivery for delivery in self.deliveries if delivery.path == path]
