"""Young people without an account: a worker adds them by name (on the register), and later
hands them their record with a single-use link, as a QR code or by email.

Such a person is a young person like any other (every count, every journey), but has no email
and no password: they cannot log in and get no emails. Only their name is needed; pronouns and
date of birth are optional. Every function raises `DomainError` (or `NotAllowed`) with a
message fit to show the person.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import RecordHandover, Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.accounts.queries import similar_young_people
from youthhub.accounts.services import (
    _grant,
    check_password_rules,
    find_user_by_email,
    normalise_email,
    young_person_joined,
)
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db

MAY_ADD = (Role.YOUTH_WORKER, Role.ADMIN)
EMAIL_TAKEN = _l("There's already an account with that email. Try logging in instead.")


class MaybeAlreadyHere(DomainError):
    """Someone with a similar name is already on YouthHub: the worker picks them, or says this
    is someone new. Carries the people found."""

    def __init__(self, message, people: list[User]):
        super().__init__(message)
        self.people = people


def may_add_people(actor: User) -> bool:
    """Whether `actor` may add young people without an account, or hand them their record."""
    return actor.has_any_role(MAY_ADD)


def _require_worker(actor: User) -> None:
    if not may_add_people(actor):
        raise NotAllowed(_l("Only a youth worker or an admin can do that."))


def _same_person(name: str, date_of_birth: date | None) -> User | None:
    """A young person with exactly this name (any case) and this date of birth, if given."""
    query = (
        select(User)
        .join(RoleGrant)
        .where(
            RoleGrant.role == Role.YOUNG_PERSON,
            User.disabled_at.is_(None),
            func.lower(User.preferred_name) == name.lower(),
        )
    )
    if date_of_birth is not None:
        query = query.where(User.date_of_birth == date_of_birth)
    return db.session.scalars(query.limit(1)).first()


def add_young_person(
    *,
    preferred_name: str,
    pronouns: str | None = None,
    date_of_birth: date | None = None,
    actor: User,
    someone_new: bool = False,
) -> User:
    """Add a young person without an account. Raises `MaybeAlreadyHere` when someone with a
    similar name exists (unless the worker said this is `someone_new`), and DomainError when
    someone with the same name and date of birth exists (then they must be picked)."""
    _require_worker(actor)
    name = " ".join(preferred_name.split())
    if not name:
        raise DomainError(_l("Enter their name."))
    if date_of_birth is not None and date_of_birth > london_today():
        raise DomainError(_l("Their date of birth can't be in the future."))
    same = _same_person(name, date_of_birth)
    if same is not None and (date_of_birth is not None or not someone_new):
        raise MaybeAlreadyHere(
            _l(
                "%(name)s is already on %(programme)s. Pick them below.",
                name=same.preferred_name,
                programme=current_app.config["PROGRAMME_NAME"],
            ),
            [same],
        )
    if not someone_new:
        similar = similar_young_people(name)
        if similar:
            raise MaybeAlreadyHere(
                _l("Is it one of these people? Pick them, or say it's someone new."), similar
            )
    person = User(
        email=None,
        password_hash=None,
        preferred_name=name,
        pronouns=(pronouns or "").strip() or None,
        date_of_birth=date_of_birth,
        added_by_id=actor.id,
        key_worker_id=actor.id if actor.has_role(Role.YOUTH_WORKER) else None,
    )
    _grant(person, [Role.YOUNG_PERSON])
    db.session.add(person)
    db.session.flush()
    record("young_person.added", actor=actor, subject=person)
    young_person_joined.send(person)  # a planned ending, as for anyone (no reminder emails)
    return person


# Handing over -------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def handover_refusal(person: User, *, actor: User) -> DomainError | None:
    """Why `actor` may not hand `person` their record now, or None. Pages ask this."""
    if not actor.has_any_role(MAY_ADD):
        return NotAllowed(_l("Only a youth worker or an admin can do that."))
    if not person.is_young_person or person.merged_into_id is not None:
        return DomainError(_l("Only a young person's record can be handed over."))
    if person.has_account:
        return DomainError(_l("%(name)s already has an account.", name=person.preferred_name))
    if not person.is_active:
        return DomainError(_l("This record is switched off."))
    return None


def make_handover(person: User, *, actor: User) -> str:
    """Make a single-use, expiring link for `person` to take over their record and return its
    secret token (only its hash is kept). Any earlier link for them stops working."""
    refusal = handover_refusal(person, actor=actor)
    if refusal is not None:
        raise refusal
    now = utcnow()
    db.session.execute(
        update(RecordHandover)
        .where(
            RecordHandover.person_id == person.id,
            RecordHandover.used_at.is_(None),
            RecordHandover.expires_at > now,
        )
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    handover = RecordHandover(
        person_id=person.id,
        token_hash=_token_hash(token),
        made_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(hours=current_app.config["RECORD_HANDOVER_HOURS"]),
    )
    db.session.add(handover)
    db.session.flush()
    record("young_person.handover_made", actor=actor, subject=person, handover_id=handover.id)
    return token


def check_handover_email(email: str) -> None:
    """Refuse an address that already has an account (the same words sign-up uses)."""
    if find_user_by_email(email):
        raise DomainError(EMAIL_TAKEN)


@dataclass(frozen=True)
class OpenHandover:
    handover: RecordHandover
    person: User


def _open_handover(token: str) -> tuple[OpenHandover | None, str | None]:
    problem = _l("This link doesn't work any more. Ask your worker for a new one.")
    handover = db.session.scalar(
        select(RecordHandover).where(RecordHandover.token_hash == _token_hash(token))
    )
    if handover is None or handover.used_at is not None or utcnow() >= handover.expires_at:
        return None, problem
    person = handover.person
    if person.has_account or not person.is_active or person.merged_into_id is not None:
        return None, problem
    return OpenHandover(handover, person), None


def handover_link_problem(token: str) -> str | None:
    """Why a hand-over link cannot be used (unknown, used or expired), or None."""
    return _open_handover(token)[1]


def person_for_handover(token: str) -> User:
    """Whose record a hand-over link gives; raises DomainError if it cannot be used."""
    found, problem = _open_handover(token)
    if problem:
        raise DomainError(problem)
    return found.person


def take_over_record(token: str, *, email: str, password: str) -> User:
    """The young person sets their email and password and the record becomes their account;
    the link then stops working. Raises DomainError for a used or expired link, a taken email
    or a password that breaks the rules."""
    found, problem = _open_handover(token)
    if problem:
        raise DomainError(problem)
    check_password_rules(password, name=found.person.preferred_name, email=email)
    check_handover_email(email)
    # Claim the link with a conditional update so two tabs cannot both use it.
    claimed = db.session.execute(
        update(RecordHandover)
        .where(RecordHandover.id == found.handover.id, RecordHandover.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise DomainError(_l("This link doesn't work any more. Ask your worker for a new one."))
    person = found.person
    _set_login(person, normalise_email(email), hash_password(password))
    record("young_person.took_over_record", actor=person, subject=person)
    return person


def _set_login(person: User, email: str, password_hash: str) -> None:
    # Two people taking one email at the same moment: the database's unique email decides, and
    # the loser gets the same kind message as a taken email.
    try:
        with db.session.begin_nested():
            person.email, person.password_hash = email, password_hash
            person.session_version += 1
            db.session.flush()
    except IntegrityError:
        raise DomainError(EMAIL_TAKEN) from None
