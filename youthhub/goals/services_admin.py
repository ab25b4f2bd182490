"""What admins set up for goals: the areas (names in every language, order, picture) and the
help contacts offered after a very low rating. Raises `DomainError`/`NotAllowed`."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db
from youthhub.goals.models import AREA_ICONS, Area, HelpContact

AREA_NAME_MAX = 80
DESCRIPTION_MAX = 300
CONTACT_NAME_MAX = 80
PHONE_CHARACTERS = set("0123456789 +")


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))


def default_language() -> tuple[str, str]:
    """The code and name of the language every area and contact must have text in."""
    code = current_app.config["BABEL_DEFAULT_LOCALE"]
    return code, current_app.config["LANGUAGES"][code]


def _texts(texts: dict, limit: int, too_long, required=None) -> dict[str, str]:
    """Tidy {language: text}, keeping only the app's languages; `required` is the message if
    the default language is missing."""
    cleaned = {code: (texts.get(code) or "").strip() for code in current_app.config["LANGUAGES"]}
    if any(len(text) > limit for text in cleaned.values()):
        raise DomainError(too_long)
    if required is not None and not cleaned.get(default_language()[0]):
        raise DomainError(required)
    return {code: text for code, text in cleaned.items() if text}


def _area_fields(names: dict, descriptions: dict, icon: str) -> dict:
    if icon not in AREA_ICONS:
        raise DomainError(_l("Choose a picture from the list."))
    return {
        "names": _texts(
            names,
            AREA_NAME_MAX,
            _l("Keep names to 80 characters or fewer."),
            required=_l("Give the area a name in %(language)s.", language=default_language()[1]),
        ),
        "descriptions": _texts(
            descriptions, DESCRIPTION_MAX, _l("Keep descriptions to 300 characters or fewer.")
        ),
        "icon": icon,
    }


def create_area(*, names: dict, descriptions: dict, icon: str, offers_help: bool, actor) -> Area:
    """Add an area at the end of the list."""
    _require_admin(actor)
    last = db.session.scalar(select(func.max(Area.position))) or 0
    area = Area(
        **_area_fields(names, descriptions, icon), offers_help=offers_help, position=last + 1
    )
    db.session.add(area)
    db.session.flush()
    record("goal_area.created", actor=actor, subject=area)
    return area


def update_area(
    area: Area, *, names: dict, descriptions: dict, icon: str, offers_help: bool, actor
) -> None:
    """Rename an area, in any language, or change its picture or whether it offers help."""
    _require_admin(actor)
    for name, value in _area_fields(names, descriptions, icon).items():
        setattr(area, name, value)
    area.offers_help = offers_help
    record("goal_area.updated", actor=actor, subject=area)


DIRECTIONS = ("up", "down")


def _neighbour(areas: list[Area], index: int, direction: str) -> int | None:
    """The place `direction` leads to from `index`, or None at the end of the list."""
    if direction not in DIRECTIONS:
        raise DomainError(_l("Choose from the list."))
    other = index - 1 if direction == "up" else index + 1
    return other if 0 <= other < len(areas) else None


def area_moves(areas: list[Area]) -> dict[int, tuple[str, ...]]:
    """area id -> the ways it can move in `areas` (the whole list, in order): the areas page
    offers exactly these; moving past either end changes nothing."""
    return {
        area.id: tuple(d for d in DIRECTIONS if _neighbour(areas, index, d) is not None)
        for index, area in enumerate(areas)
    }


def move_area(area: Area, direction: str, *, actor) -> None:
    """Move an area one place up or down the list."""
    _require_admin(actor)
    areas = list(db.session.scalars(select(Area).order_by(Area.position, Area.id)))
    index = areas.index(area)
    other = _neighbour(areas, index, direction)
    if other is not None:
        areas[index], areas[other] = areas[other], areas[index]
    for position, each in enumerate(areas, start=1):
        each.position = position
    record("goal_area.moved", actor=actor, subject=area, direction=direction)


# Help contacts -----------------------------------------------------------------------------


def _contact_fields(name: str, descriptions: dict, phone: str | None, website: str | None):
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Give the contact a name."))
    if len(name) > CONTACT_NAME_MAX:
        raise DomainError(_l("Keep names to 80 characters or fewer."))
    phone = (phone or "").strip() or None
    if phone and (len(phone) > 40 or not set(phone) <= PHONE_CHARACTERS):
        raise DomainError(_l("Write the phone number with numbers and spaces only."))
    website = (website or "").strip() or None
    if website and (len(website) > 200 or not website.startswith(("https://", "http://"))):
        raise DomainError(_l("Write the website in full, starting with https://"))
    return {
        "name": name,
        "descriptions": _texts(
            descriptions,
            DESCRIPTION_MAX,
            _l("Keep descriptions to 300 characters or fewer."),
            required=_l("Say how they can help in %(language)s.", language=default_language()[1]),
        ),
        "phone": phone,
        "website": website,
    }


def create_help_contact(*, name, descriptions, phone=None, website=None, actor) -> HelpContact:
    """Add a help contact at the end of the list."""
    _require_admin(actor)
    last = db.session.scalar(select(func.max(HelpContact.position))) or 0
    contact = HelpContact(**_contact_fields(name, descriptions, phone, website), position=last + 1)
    db.session.add(contact)
    db.session.flush()
    record("help_contact.created", actor=actor, subject=contact)
    return contact


def update_help_contact(contact: HelpContact, *, name, descriptions, phone, website, actor):
    """Change a help contact's details."""
    _require_admin(actor)
    for field, value in _contact_fields(name, descriptions, phone, website).items():
        setattr(contact, field, value)
    record("help_contact.updated", actor=actor, subject=contact)


def remove_help_contact(contact: HelpContact, *, actor) -> None:
    """Stop offering a help contact."""
    _require_admin(actor)
    record("help_contact.removed", actor=actor, subject=contact, name=contact.name)
    db.session.delete(contact)
