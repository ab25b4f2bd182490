"""A young person's "where am I now" ratings (a rise is a win; a very low one offers help), and
"ask my worker to get in touch". Raises `DomainError`/`NotAllowed` with a message to show.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.text import N_, path_for
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals import rating_links  # noqa: F401 (keeps each rating's links as it is saved)
from youthhub.goals.models import SCORES, Area, ContactRequest, Rating, Win, WinKind
from youthhub.goals.services import (
    active_key_worker,
    add_win,
    allows,
    clean_text,
    require_young_person,
)
from youthhub.notices.services import notify

RATING_NOTE_MAX = 280
CONTACT_ASKED_SUBJECT = N_("Someone would like a chat")
CONTACT_ASKED = N_("%(name)s would like you to get in touch.")


@dataclass(frozen=True)
class RatingOutcome:
    rating: Rating
    win: Win | None
    offer_help: bool


# Ratings -----------------------------------------------------------------------------------


def _latest_score(owner: User, area: Area, before: datetime) -> int | None:
    return db.session.scalar(
        select(Rating.score)
        .where(Rating.owner_id == owner.id, Rating.area_id == area.id, Rating.rated_at <= before)
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
        .limit(1)
    )


def is_very_low(area: Area, score: int) -> bool:
    return area.offers_help and score <= current_app.config["GOALS_LOW_RATING"]


def record_rating(
    area: Area, score, note=None, *, actor: User, taken_at: datetime | None = None
) -> RatingOutcome:
    """Record "where am I now" (1 to 10) in an area, as at `taken_at` (now, if not given: a
    rating saved on a phone offline keeps the time it was made); going up from the rating
    before it is a win, very low offers help."""
    require_young_person(actor)
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        raise DomainError(_l("Choose a number from 1 to 10."))
    note = clean_text(note, RATING_NOTE_MAX, _l("Keep your note to 280 characters or fewer."))
    rated_at = taken_at or utcnow()
    previous = _latest_score(actor, area, rated_at)
    rating = Rating(owner_id=actor.id, area_id=area.id, score=score, note=note, rated_at=rated_at)
    db.session.add(rating)
    db.session.flush()
    # The score stays out of the audit log: it is the young person's private business.
    record("rating.recorded", actor=actor, subject=rating, area_id=area.id)
    win = None
    if previous is not None and score > previous:
        win = add_win(
            actor,
            WinKind.RATING_UP,
            area=area,
            from_score=previous,
            to_score=score,
            created_at=rated_at,
        )
    return RatingOutcome(rating, win, is_very_low(area, score))


# Asking for a chat ---------------------------------------------------------------------------


def _worker_to_ask(actor: User) -> User:
    require_young_person(actor)
    return active_key_worker(actor)


def _waiting_request(young: User, worker: User) -> ContactRequest | None:
    return db.session.scalar(
        select(ContactRequest).where(
            ContactRequest.young_person_id == young.id,
            ContactRequest.worker_id == worker.id,
            ContactRequest.handled_at.is_(None),
        )
    )


def may_ask_for_contact(*, actor: User) -> bool:
    """Whether the help page offers "ask my worker to get in touch": there is a worker to ask,
    and they have not been asked already (asking again changes nothing)."""
    if not allows(_worker_to_ask, actor):
        return False
    return _waiting_request(actor, _worker_to_ask(actor)) is None


def ask_worker_to_get_in_touch(*, actor: User) -> ContactRequest:
    """Tell the young person's key worker they'd like a chat (nothing else is passed on)."""
    worker = _worker_to_ask(actor)
    waiting = _waiting_request(actor, worker)
    if waiting is not None:
        return waiting
    request = ContactRequest(young_person_id=actor.id, worker_id=worker.id, created_at=utcnow())
    db.session.add(request)
    db.session.flush()
    record("contact.requested", actor=actor, subject=request, worker_id=worker.id)
    # Only who is asking: nothing of their ratings or goals goes with it.
    notify(
        worker,
        CONTACT_ASKED,
        subject=CONTACT_ASKED_SUBJECT,
        link=path_for("goals_manage.shared"),
        kind="contact_asked",
        name=actor.preferred_name,
    )
    return request


def _require_asked(request: ContactRequest, worker: User) -> None:
    if request.worker_id != worker.id:
        raise NotAllowed(_l("This request was sent to another worker."))


def may_mark_handled(request: ContactRequest, *, actor: User) -> bool:
    """Whether the worker's list offers "done" for this request (marking it twice changes
    nothing)."""
    return allows(_require_asked, request, actor) and request.handled_at is None


def mark_contact_handled(request: ContactRequest, *, actor: User) -> None:
    """The worker has been in touch: the request leaves their list."""
    _require_asked(request, actor)
    if request.handled_at is None:
        request.handled_at = utcnow()
        record("contact.handled", actor=actor, subject=request)
