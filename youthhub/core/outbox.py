"""Changes sent from a phone's outbox (`static/js/outbox.js`): each applied at most once, with
the time it was really made.

A phone with no signal keeps a change (a rating, a ticked step, a claim) and sends it later,
perhaps more than once: the answer to the first try can be lost on a bad connection, and the
service worker and an open page may both try. Each change carries a key made on the phone
(`Idempotency-Key`, or a hidden `idempotency_key` field). The first request with a key is
applied and its outcome (where it redirected) is kept here, scoped to the signed-in person; a
later request with the same key gets that outcome again and changes nothing. Keys are kept
`KEEP_DAYS` (then `forget_old_sends`, run daily by `data retention`).

The time the change was made comes with it (`X-Taken-At`, or a hidden `taken_at` field, ISO
8601 with a time zone), clamped to the last `KEEP_DAYS` and never later than now: `taken_at()`
gives views that time for the services that record one.

The server still checks every rule when the change arrives. A script asking for JSON (the
outbox does) is answered `{"ok": true, "location": ...}` when the change was applied, or
`{"ok": false, "message": ...}` with the translated reason when it was not (`core.transaction`
answers a refusal that way), so the phone can show why in its "waiting" list.
"""

import re
from datetime import datetime, timedelta
from functools import wraps

from flask import get_flashed_messages, jsonify, make_response, redirect, request, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from youthhub.core.personal_data import MOVE, iso
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.core.transaction import wants_json
from youthhub.extensions import db

KEY_HEADER, KEY_FIELD = "Idempotency-Key", "idempotency_key"
TAKEN_HEADER, TAKEN_FIELD = "X-Taken-At", "taken_at"
#: The person who queued the change (the outbox says so): never applied under anyone else.
OWNER_HEADER = "X-Outbox-Owner"
#: Sent as the person waits (they go on to the page it answers with), not from the queue.
LIVE_HEADER = "X-Outbox-Live"
#: A UUID from `crypto.randomUUID()`, or any similar token: nothing else is looked up.
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: How long a key is remembered, and so how old a change's time may be.
KEEP_DAYS = 30


class OfflineSend(db.Model):
    """A change that arrived with a key, and what the app answered when it was applied."""

    __tablename__ = "offline_sends"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_offline_sends_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(default=0)
    location: Mapped[str | None] = mapped_column(String(500))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def send_key() -> str | None:
    key = request.headers.get(KEY_HEADER) or request.form.get(KEY_FIELD)
    return key if key and KEY_SHAPE.fullmatch(key) else None


def taken_at() -> datetime:
    """When the change in this request was really made: the time the phone sent with it, kept
    within the last `KEEP_DAYS` and never in the future; now, if it sent none (or nonsense)."""
    now = utcnow()
    text = request.headers.get(TAKEN_HEADER) or request.form.get(TAKEN_FIELD) or ""
    try:
        sent = datetime.fromisoformat(text.strip())
    except ValueError:
        return now
    if sent.tzinfo is None:  # a time with no zone could be anyone's clock: not trusted
        return now
    return max(min(sent, now), now - timedelta(days=KEEP_DAYS))


def applied_once(view):
    """Apply a POST view's change at most once per key and person (see the module's note)."""

    @wraps(view)
    def once(*args, **kwargs):
        if request.method != "POST" or not current_user.is_authenticated:
            return view(*args, **kwargs)
        owner = request.headers.get(OWNER_HEADER)
        if owner is not None and owner != str(current_user.id):
            # Queued by someone else on this phone: never applied under this session.
            return jsonify(ok=False, wrong_person=True), 409
        key = send_key()
        if key is None:
            return _answer(make_response(view(*args, **kwargs)), None)
        earlier = _earlier(key) or _claim(key)
        if earlier is None:  # the other copy was undone as this one waited: try again later
            return jsonify(ok=False, busy=True), 409
        if earlier.status:
            return _replay(earlier)
        return _answer(make_response(view(*args, **kwargs)), earlier)

    return once


def _earlier(key: str) -> OfflineSend | None:
    return db.session.scalar(
        select(OfflineSend).where(OfflineSend.user_id == current_user.id, OfflineSend.key == key)
    )


def _claim(key: str) -> OfflineSend | None:
    """Write the key down before applying the change. A second copy arriving at the same moment
    waits here for the first's transaction (the unique key), then finds its outcome."""
    send = OfflineSend(user_id=current_user.id, key=key, path=request.path[:300])
    try:
        with db.session.begin_nested():
            db.session.add(send)
    except IntegrityError:
        return _earlier(key)
    return send


def _answer(response, send: OfflineSend | None):
    applied = 300 <= response.status_code < 400
    if send is not None:
        if applied:
            send.status, send.location = response.status_code, response.location
        else:  # the form was shown again with a problem: nothing applied, the key is free
            db.session.delete(send)
            db.session.flush()
    if not wants_json():
        return response
    if applied:
        return jsonify(ok=True, location=response.location, messages=_said())
    message = _("This change couldn't be saved as it was. Open the page and try it again.")
    return jsonify(ok=False, message=message), 400


def _said() -> list[str]:
    """What the view said it did ("Thanks. Your rating is saved."): for the phone to show, not
    for a later page; unless the page sent it as the person waited (`X-Outbox-Live`) and goes
    on to the answer's address, which says it as usual."""
    if request.headers.get(LIVE_HEADER):
        return []
    return [str(message) for message in get_flashed_messages()]


def _replay(send: OfflineSend):
    if wants_json():
        return jsonify(ok=True, location=send.location, messages=[], replayed=True)
    return redirect(send.location or "/", send.status)


CLEAR_PHONE = "clear_phone"


def clear_phone_next() -> None:
    """After logging out: the next page's script empties this phone's outbox and offline pages,
    for browsers that don't honour Clear-Site-Data (or a page whose script did not run)."""
    session[CLEAR_PHONE] = True


def phone_to_clear() -> bool:
    """Whether this page must empty the phone's offline data (said once, like a flash)."""
    return bool(session.pop(CLEAR_PHONE, False))


def forget_old_sends(now: datetime | None = None) -> int:
    """Delete keys older than `KEEP_DAYS`; returns how many. Run daily by `data retention`."""
    oldest = (now or utcnow()) - timedelta(days=KEEP_DAYS)
    return db.session.execute(
        delete(OfflineSend)
        .where(OfflineSend.received_at < oldest)
        .execution_options(synchronize_session=False)
    ).rowcount


class OfflineSendsData:
    """Which changes arrived from a phone's outbox, and when: kept a month so none is applied
    twice, then deleted."""

    key = "offline_sends"
    covers = {"offline_sends.user_id": "exported (where, when); deleted (after a month anyway)"}
    # The same young person: a change still on their phone must not be applied twice.
    merges = {"offline_sends.user_id": MOVE}

    def export(self, person) -> list[dict]:
        sends = db.session.scalars(
            select(OfflineSend)
            .where(OfflineSend.user_id == person.id, OfflineSend.status > 0)
            .order_by(OfflineSend.received_at, OfflineSend.id)
        )
        return [{"address": send.path, "received_at": iso(send.received_at)} for send in sends]

    def erase(self, person) -> None:
        db.session.execute(
            delete(OfflineSend)
            .where(OfflineSend.user_id == person.id)
            .execution_options(synchronize_session=False)
        )
