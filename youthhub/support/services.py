"""Support given: what a worker logs for a young person, and the kinds an admin keeps.
Every rule lives here; raises `DomainError`/`NotAllowed`."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from youthhub.accounts.models import Role, User
from youthhub.accounts.personal_data import is_erased
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.support.models import SupportGiven, SupportKind

# Only staff who work with young people log support (not finance, not evaluators).
LOGGERS = frozenset({Role.YOUTH_WORKER, Role.ADMIN})
KIND_NAME_MAX = 80
DIRECTIONS = ("up", "down")


def may_log(actor: User) -> bool:
    return actor.is_active and actor.has_any_role(LOGGERS)


def may_remove(given: SupportGiven, actor: User) -> bool:
    """A mistaken tap is put right by the worker who logged it, on the same London day."""
    return may_log(actor) and given.logged_by_id == actor.id and given.given_on == london_today()


def log_support(person: User, kind: SupportKind, *, actor: User) -> SupportGiven:
    """Log `kind` as given to `person` today (London date)."""
    if not may_log(actor):
        raise NotAllowed(_l("Only youth workers and admins can log support."))
    if not person.is_young_person or person.merged_into_id is not None or is_erased(person):
        raise DomainError(_l("Support can only be logged for a young person."))
    if kind.is_retired:
        raise DomainError(_l("That kind of support is no longer offered."))
    given = SupportGiven(
        person_id=person.id, kind=kind, given_on=london_today(), logged_by_id=actor.id
    )
    db.session.add(given)
    db.session.flush()
    record("support.given", actor=actor, subject=given, person=person.id, kind=kind.id)
    return given


def remove_support(given: SupportGiven, *, actor: User) -> None:
    """Take back a support logged by mistake."""
    if not may_remove(given, actor):
        raise NotAllowed(
            _l("Only the worker who logged it can take it back, on the day it was logged.")
        )
    record(
        "support.removed", actor=actor, subject=given, person=given.person_id, kind=given.kind_id
    )
    db.session.delete(given)


# Kinds of support (admins) -----------------------------------------------------------------


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))


def _names(names: dict) -> dict[str, str]:
    """Tidy {language: name}, keeping the app's languages; the default language is required."""
    languages = current_app.config["LANGUAGES"]
    cleaned = {code: (names.get(code) or "").strip() for code in languages}
    if any(len(name) > KIND_NAME_MAX for name in cleaned.values()):
        raise DomainError(_l("Keep names to 80 characters or fewer."))
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not cleaned.get(default):
        raise DomainError(
            _l("Give the kind of support a name in %(language)s.", language=languages[default])
        )
    return {code: name for code, name in cleaned.items() if name}


def create_kind(*, names: dict, actor: User) -> SupportKind:
    """Add a kind of support at the end of the list."""
    _require_admin(actor)
    last = db.session.scalar(select(func.max(SupportKind.position))) or 0
    kind = SupportKind(names=_names(names), position=last + 1)
    db.session.add(kind)
    db.session.flush()
    record("support_kind.created", actor=actor, subject=kind)
    return kind


def rename_kind(kind: SupportKind, *, names: dict, actor: User) -> None:
    """Rename a kind in any language; what was logged before shows the new name."""
    _require_admin(actor)
    kind.names = _names(names)
    record("support_kind.renamed", actor=actor, subject=kind)


def _ordered() -> list[SupportKind]:
    return list(
        db.session.scalars(select(SupportKind).order_by(SupportKind.position, SupportKind.id))
    )


def _neighbour(kinds: list, index: int, direction: str) -> int | None:
    if direction not in DIRECTIONS:
        raise DomainError(_l("Choose from the list."))
    other = index - 1 if direction == "up" else index + 1
    return other if 0 <= other < len(kinds) else None


def kind_moves(kinds: list[SupportKind]) -> dict[int, tuple[str, ...]]:
    """kind id -> the ways it can move in `kinds` (the whole list, in order)."""
    return {
        kind.id: tuple(d for d in DIRECTIONS if _neighbour(kinds, index, d) is not None)
        for index, kind in enumerate(kinds)
    }


def move_kind(kind: SupportKind, direction: str, *, actor: User) -> None:
    """Move a kind one place up or down: workers see the buttons in this order."""
    _require_admin(actor)
    kinds = _ordered()
    index = kinds.index(kind)
    other = _neighbour(kinds, index, direction)
    if other is not None:
        kinds[index], kinds[other] = kinds[other], kinds[index]
    for position, each in enumerate(kinds, start=1):
        each.position = position
    record("support_kind.moved", actor=actor, subject=kind, direction=direction)


def retire_kind(kind: SupportKind, *, actor: User) -> None:
    """Stop offering a kind: it stays in the history and the counts, but can't be logged."""
    _require_admin(actor)
    if kind.is_retired:
        raise DomainError(_l("That kind of support is already retired."))
    kind.retired_at = utcnow()
    record("support_kind.retired", actor=actor, subject=kind)


def bring_back_kind(kind: SupportKind, *, actor: User) -> None:
    """Offer a retired kind again."""
    _require_admin(actor)
    if not kind.is_retired:
        raise DomainError(_l("That kind of support is already offered."))
    kind.retired_at = None
    record("support_kind.brought_back", actor=actor, subject=kind)
