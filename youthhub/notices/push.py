"""Notifications on a phone (Web Push with VAPID): turning them on and off, and sending one
when a notice worth a buzz is written.

Nothing personal travels through the push service: the message holds only the notice's id.
The phone's service worker wakes, asks `/notices/<id>.json` (signed in, the recipient's own
only) for the words, and shows them. Each push goes after the request's commit (on the job
queue when there is one, `core.jobs`), so nobody is told about something that did not happen,
and a push service that is slow or down never turns a change into an error. A subscription the
push service says is gone (404, 410) is deleted.
"""

import base64
import binascii
import ipaddress
import json
import logging
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import Session

from youthhub.accounts.devices import describe_device
from youthhub.accounts.sessions import signed_out_everywhere
from youthhub.core import jobs
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.core.transaction import after_commit
from youthhub.extensions import db
from youthhub.notices.push_models import PushSubscription

log = logging.getLogger(__name__)

#: The kinds of notice that also go to the person's phones (each stays an in-app notice).
#: The domains that write them use these keys as the notice's `kind`.
PUSHED_KINDS = frozenset(
    {
        "place_came_up",  # activities: a place came up on the waiting list, and it's yours
        "session_soon",  # activities: your session starts in 2 hours
        "claim_paid",  # payments: your claim was paid
        "ending_reminder",  # endings: the reminders before a planned ending
        "contact_asked",  # goals: a young person asked their worker to get in touch
    }
)
#: How long a push service keeps trying to deliver to a phone that is off (seconds).
TIME_TO_LIVE = 24 * 60 * 60
TIMEOUT_SECONDS = 10
#: The push services of the browsers people use. A subscription names its own endpoint, so the
#: app only ever posts to these (never to an address someone made up, such as one inside the
#: hosting network); development also allows this machine (the tests' push service).
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    ".push.apple.com",
    ".notify.windows.com",
)
PUSH_QUEUE = "youthhub_push_queue"
NOT_A_PUSH_SERVICE = _l("This browser's notifications can't be used here. Try another browser.")


def push_is_set_up() -> bool:
    return bool(current_app.config["VAPID_PRIVATE_KEY"])


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_push_service(endpoint: str) -> bool:
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and any(
        host == known or (known.startswith(".") and host.endswith(known))
        for known in PUSH_SERVICE_HOSTS
    ):
        return True
    development = current_app.config["YOUTHHUB_ENV"] != "production"
    return development and parts.scheme in {"http", "https"} and _is_loopback(host)


def _key_bytes(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""


def _is_public_point(key: bytes) -> bool:
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    except ValueError:
        return False
    return len(key) == 65  # uncompressed, as RFC 8291 has browsers send it


def _check_subscription(endpoint: str, p256dh: str, auth: str) -> None:
    # The browser's public key is a P-256 point; its auth secret 16 bytes (RFC 8291). Checked
    # now, so a bad one is refused to the person rather than failing every push later.
    if (
        len(endpoint) > 1000
        or not is_push_service(endpoint)
        or not _is_public_point(_key_bytes(p256dh))
        or len(_key_bytes(auth)) != 16
    ):
        raise DomainError(NOT_A_PUSH_SERVICE)


def phones_on(person) -> int:
    """How many of the person's browsers have notifications on."""
    return db.session.scalar(select(func.count()).where(PushSubscription.person_id == person.id))


def turn_on(person, *, endpoint: str, p256dh: str, auth: str, user_agent: str, actor):
    """Keep the subscription of the actor's own browser. A browser has one subscription: if it
    was someone else's (a shared phone), it is now the actor's."""
    if actor.id != person.id:
        raise NotAllowed(_l("You can only turn on notifications for yourself."))
    if not push_is_set_up():
        raise DomainError(_l("Notifications on phones aren't set up here yet."))
    _check_subscription(endpoint, p256dh, auth)
    subscription = db.session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint, created_at=utcnow())
        db.session.add(subscription)
    browser, system = describe_device(user_agent)
    subscription.person_id = person.id
    subscription.p256dh, subscription.auth = p256dh, auth
    subscription.user_agent = " ".join(filter(None, (browser, system)))[:80]
    db.session.flush()
    record("notifications.turned_on", actor=actor, subject=person, phone=subscription.id)
    return subscription


def turn_off(person, *, endpoint: str | None, actor) -> None:
    """Forget this browser's subscription, or (no endpoint: a browser without JavaScript
    cannot say which it is) every one of the person's."""
    if actor.id != person.id:
        raise NotAllowed(_l("You can only turn off your own notifications."))
    removing = delete(PushSubscription).where(PushSubscription.person_id == person.id)
    if endpoint:
        removing = removing.where(PushSubscription.endpoint == endpoint)
    db.session.execute(removing.execution_options(synchronize_session=False))
    record("notifications.turned_off", actor=actor, subject=person, everywhere=not endpoint)


def forget_phones(person) -> None:
    """Every subscription of the person goes (signed out everywhere, or erased)."""
    db.session.execute(
        delete(PushSubscription)
        .where(PushSubscription.person_id == person.id)
        .execution_options(synchronize_session=False)
    )


def _forget_phones_of(sender, **_extra) -> None:
    forget_phones(sender)


def connect_push() -> None:
    """Signing out everywhere (accounts, below notices) turns off the person's notifications."""
    signed_out_everywhere.connect(_forget_phones_of)


def queue_push(notice) -> None:
    """Push `notice` to its recipient's phones once this transaction has committed. A
    transaction's notices wait together, so their phones are found in one query (paying 40
    claims is still one)."""
    if notice.kind not in PUSHED_KINDS or not push_is_set_up():
        return
    waiting = db.session.info.get(PUSH_QUEUE)
    if waiting is None:
        waiting = db.session.info[PUSH_QUEUE] = []
        after_commit(_send_waiting)
    waiting.append((notice, notice.recipient_id))


@event.listens_for(Session, "after_soft_rollback")
def _forget_waiting(session, previous_transaction):
    # As `core.transaction` drops its tasks: a rolled-back notice must not buzz anyone.
    if previous_transaction.parent is None:
        session.info.pop(PUSH_QUEUE, None)


def _send_waiting() -> None:
    # The commit expired the notices: their ids are still known without reloading each.
    waiting = db.session.info.pop(PUSH_QUEUE, [])
    pairs = [(inspect(notice).identity[0], person_id) for notice, person_id in waiting]
    jobs.start(send_pushes, pairs)


@jobs.job(timeout=120)
def send_pushes(notices: list[tuple[int, int]]) -> int:
    """Send each notice's id to every phone of its recipient (`(notice id, person id)`
    pairs); returns how many phones took one."""
    if not notices:
        return 0
    subscriptions = db.session.scalars(
        select(PushSubscription)
        .where(PushSubscription.person_id.in_({person_id for _, person_id in notices}))
        .order_by(PushSubscription.id)
    ).all()
    sent, gone = 0, set()
    for notice_id, person_id in notices:
        payload = json.dumps({"notice": notice_id})
        for subscription in subscriptions:
            if subscription.person_id != person_id or subscription.id in gone:
                continue
            outcome = _send(subscription, payload)
            sent += outcome == SENT
            if outcome == GONE:
                gone.add(subscription.id)
                db.session.delete(subscription)
    return sent


SENT, FAILED, GONE = "sent", "failed", "gone"


def _send(subscription: PushSubscription, payload: str) -> str:
    config = current_app.config
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=config["VAPID_PRIVATE_KEY"],
            vapid_claims={"sub": config["VAPID_SUBJECT"]},  # a new dict: webpush adds to it
            content_encoding="aes128gcm",
            ttl=TIME_TO_LIVE,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):  # the browser unsubscribed, or the subscription expired
            return GONE
        log.warning("A push service refused a notification (status %s)", status)
        return FAILED
    except requests.RequestException:
        log.warning("Could not reach a push service", exc_info=True)
        return FAILED
    subscription.last_success_at = utcnow()
    return SENT
