"""How roles and staff invites are named to people, in their language."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from youthhub.accounts.models import Role

ROLE_NAMES = {
    Role.YOUNG_PERSON: _l("Young person"),
    Role.YOUTH_WORKER: _l("Youth worker"),
    Role.FINANCE: _l("Finance"),
    Role.ADMIN: _l("Admin"),
    Role.EVALUATOR: _l("Evaluator (monitoring only)"),
}
INVITE_STATUS_NAMES = {
    "waiting": _l("Waiting"),
    "accepted": _l("Accepted"),
    "expired": _l("Expired"),
    "revoked": _l("Cancelled"),
}


def role_name(role: str):
    return ROLE_NAMES.get(str(role), role)


def register_labels(app: Flask) -> None:
    """Every template may name a role (a certificate names its signer's)."""
    app.jinja_env.filters["role_name"] = role_name
    app.jinja_env.globals["invite_status_names"] = INVITE_STATUS_NAMES
