"""Signed webhook deliveries, made the way Stripe makes them."""

import hashlib
import hmac
import json
import queue
import random
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header: `t=<unix time>,v1=<HMAC-SHA256 of "t.payload">`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def encode_event(event: dict) -> bytes:
    return json.dumps(event, indent=2).encode()


@dataclass
class Delivery:
    event_id: str
    event_type: str
    status: int | None  # None: the endpoint could not be reached
    attempt: int


class WebhookSender:
    """Posts each event to the endpoint from one background thread, retrying a failed
    delivery a few times with a growing pause (as Stripe retries, only sooner).

    In order, once each, unless `shuffle_and_repeat` is on: then, as Stripe warns it may,
    events that come close together arrive in any order and some arrive twice.
    """

    def __init__(self, fake, attempts: int = 4, first_pause: float = 0.5):
        self.fake = fake
        self.attempts = attempts
        self.first_pause = first_pause
        self.shuffle_and_repeat = False
        self.gather_seconds = 0.3  # how long to let events gather before mixing them up
        self.random = random.Random()
        self.deliveries: list[Delivery] = []
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="fake-stripe-webhooks", daemon=True)
        self._thread.start()

    def send(self, event: dict) -> None:
        self._queue.put(event)

    def wait_until_idle(self, timeout: float = 10) -> None:
        """Block until every queued event has been delivered or given up on."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def mixed_up(self, events: list[dict]) -> list[dict]:
        """The events in a random order, about half of them twice."""
        repeats = [event for event in events if self.random.random() < 0.5]
        mixed = events + repeats
        self.random.shuffle(mixed)
        return mixed

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            if self.shuffle_and_repeat:
                time.sleep(self.gather_seconds)
                batch += self._take_waiting()
            taken = len(batch)
            try:
                for event in self.mixed_up(batch) if self.shuffle_and_repeat else batch:
                    self._deliver(event)
            finally:
                for _ in range(taken):
                    self._queue.task_done()

    def _take_waiting(self) -> list[dict]:
        waiting = []
        while True:
            try:
                waiting.append(self._queue.get_nowait())
            except queue.Empty:
                return waiting

    def _deliver(self, event: dict) -> None:
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            url, secret = self.fake.webhook_url, self.fake.webhook_secret
            if not url:
                return
            payload = encode_event(event)
            request = urllib.request.Request(  # noqa: S310 - a loopback URL set by the developer
                url,
                data=payload,
                method="POST",
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "Stripe-Signature": sign(payload, secret),
                    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            self.deliveries.append(Delivery(event["id"], event["type"], status, attempt))
            if status is not None and 200 <= status < 300:
                return
            time.sleep(pause)
            pause *= 2
