"""Data rights: asking to be erased, an admin carrying it out or holding it, the erasure
itself, the private download link, and the retention setting.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.accounts.personal_data import is_erased, pseudonym
from youthhub.core.access_log import looked_at
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.rights.models import DataSettings, ErasureRequest, ErasureStatus
from youthhub.rights.registry import reasons_to_wait, sources

DOWNLOAD_SALT = "my-data-download"
MAX_KEEP_MONTHS = 120


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))


def open_request(person: User) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.person_id == person.id,
            ErasureRequest.status.in_((ErasureStatus.ASKED, ErasureStatus.HELD)),
        )
    )


# Asking ------------------------------------------------------------------------------------


def ask_to_be_erased(*, actor: User) -> ErasureRequest:
    """A young person asks for their data to be erased; refuses a second open request."""
    if not actor.is_young_person:
        raise NotAllowed(_l("Only young people can ask for this here. Please talk to an admin."))
    if open_request(actor):
        raise DomainError(_l("You've already asked. An admin will get back to you soon."))
    ask = ErasureRequest(person_id=actor.id, status=ErasureStatus.ASKED, asked_at=utcnow())
    db.session.add(ask)
    db.session.flush()
    record("erasure.asked", actor=actor, subject=ask)
    return ask


def withdraw_request(ask: ErasureRequest, *, actor: User) -> None:
    """The young person changes their mind while the request is still open."""
    if ask.person_id != actor.id:
        raise NotAllowed(_l("You can only change your own request."))
    if not ask.is_open:
        raise DomainError(_l("This request is already finished."))
    ask.status = ErasureStatus.WITHDRAWN
    record("erasure.withdrawn", actor=actor, subject=ask)


# An admin's answer -------------------------------------------------------------------------


def hold_request(ask: ErasureRequest, *, reason: str, actor: User) -> None:
    """Hold an erasure for now, with a reason the young person reads."""
    _require_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why, so the young person understands."))
    if not ask.is_open:
        raise DomainError(_l("This request is already finished."))
    ask.status = ErasureStatus.HELD
    ask.hold_reason = reason[:500]
    ask.held_by_id = actor.id
    ask.held_at = utcnow()
    record("erasure.held", actor=actor, subject=ask)


def carry_out_request(ask: ErasureRequest, *, actor: User) -> None:
    """Erase the person who asked; refuses an admin's own account or a finished request."""
    _require_admin(actor)
    if not ask.is_open:
        raise DomainError(_l("This request is already finished."))
    if ask.person_id == actor.id:
        raise DomainError(_l("Another admin needs to do this for you."))
    erase_person(ask.person, actor=actor, request=ask)


def erase_person(person: User, *, actor: User | None, request: ErasureRequest | None = None):
    """Apply every domain's erasure rule to `person` (the account last). `actor=None` is the
    retention command. The caller's transaction commits it, all or nothing."""
    if is_erased(person):
        raise DomainError(_l("This person's data has already been erased."))
    if request is None:
        request = ErasureRequest(
            person_id=person.id, status=ErasureStatus.ASKED, source="retention"
        )
        db.session.add(request)
    request.status = ErasureStatus.DONE
    request.done_at = utcnow()
    request.done_by_id = getattr(actor, "id", None)
    db.session.flush()
    for source in sources():
        source.erase(person)
    db.session.flush()
    record("erasure.done", actor=actor, subject=request, pseudonym=pseudonym(person))


def what_would_be_lost(person: User) -> list[str]:
    return reasons_to_wait(person)


# Downloads ---------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=DOWNLOAD_SALT)


def download_token(person: User) -> str:
    """A link to the person's own download that works for them only, for a short while."""
    return _serializer().dumps({"id": person.id, "v": person.session_version})


def check_download_token(token: str, *, person: User) -> None:
    """Raises DomainError unless the link is this person's and still fresh."""
    max_age = current_app.config["MY_DATA_LINK_MINUTES"] * 60
    problem = _l("This download link has expired. Ask for a new one: it only takes a moment.")
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        raise DomainError(problem) from None
    if data != {"id": person.id, "v": person.session_version}:
        raise DomainError(problem)


def may_export_for(person: User, actor: User) -> bool:
    """An admin, or the young person's own key worker, may make their download with them."""
    if not person.is_young_person or is_erased(person):
        return False
    return actor.has_role(Role.ADMIN) or (
        actor.has_role(Role.YOUTH_WORKER) and person.key_worker_id == actor.id
    )


def export_for(person: User, *, actor: User) -> None:
    """Audit a staff member making a young person's download (a subject access request)."""
    if not may_export_for(person, actor):
        raise NotAllowed(_l("Only an admin or their own youth worker can do that."))
    record("data.exported_for_person", actor=actor, subject=person)
    looked_at(person.id, "export", viewer=actor)


# Retention ---------------------------------------------------------------------------------


def get_data_settings() -> DataSettings:
    return db.session.get(DataSettings, 1) or DataSettings(id=1, keep_months=24)


def set_keep_months(months: int, *, actor: User) -> None:
    """How many months after the planned ending personal data is kept."""
    _require_admin(actor)
    if not 1 <= months <= MAX_KEEP_MONTHS:
        raise DomainError(_l("Choose from 1 to 120 months."))
    settings = get_data_settings()
    before = settings.keep_months
    settings.keep_months = months
    settings.updated_at = utcnow()
    settings.updated_by_id = actor.id
    db.session.merge(settings)
    record("data.retention_changed", actor=actor, before=before, after=months)
