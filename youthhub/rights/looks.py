"""Who has looked at a young person's data, in plain words: "Sam, your youth worker, looked at
your shared goal "Get my CSCS card" on 3 March 2027." """

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.accounts.personal_data import is_erased
from youthhub.core.access_log import AccessEntry
from youthhub.extensions import db
from youthhub.goals.models import Goal

LIMIT = 200


@dataclass(frozen=True)
class Look:
    at: datetime
    what: str
    text: str


def _who(entry: AccessEntry, viewer: User, person: User) -> tuple[str, str]:
    roles = set(entry.viewer_roles.split(","))
    if viewer.id == person.key_worker_id:
        role = _("your youth worker")
    elif Role.ADMIN in roles:
        role = _("an admin")
    elif Role.FINANCE in roles:
        role = _("from the finance team")
    else:
        role = _("a youth worker")
    name = _("Someone who has left") if is_erased(viewer) else viewer.preferred_name
    return name, role


def _thing(entry: AccessEntry, goals: dict[int, str]) -> str:
    if entry.what == "shared_goal":
        title = goals.get(entry.subject_id)
        return _("your shared goal “%(title)s”", title=title) if title else _("a goal you shared")
    return {
        "profile": _("your profile"),
        "certificate": _("your certificate"),
        "claim": _("one of your claims"),
        "ending_plan": _("your ending plan"),
        "attendance": _("your attendance history"),
        "export": _("all your data, to make you a copy"),
    }.get(entry.what, _("your data"))


def describe_looks(person: User) -> list[Look]:
    """The newest looks at `person`'s data first, each said in the page's language."""
    entries = db.session.scalars(
        select(AccessEntry)
        .where(AccessEntry.person_id == person.id)
        .order_by(AccessEntry.at.desc(), AccessEntry.id.desc())
        .limit(LIMIT)
    ).all()
    viewers = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_({entry.viewer_id for entry in entries}))
        )
    }
    goal_ids = {entry.subject_id for entry in entries if entry.what == "shared_goal"}
    goals = dict(
        db.session.execute(
            select(Goal.id, Goal.title).where(Goal.id.in_(goal_ids), Goal.owner_id == person.id)
        ).all()
    )
    looks = []
    for entry in entries:
        name, role = _who(entry, viewers[entry.viewer_id], person)
        text = _(
            "%(name)s, %(role)s, looked at %(thing)s on %(date)s.",
            name=name,
            role=role,
            thing=_thing(entry, goals),
            date=format_date(entry.at, "long"),
        )
        looks.append(Look(entry.at, entry.what, text))
    return looks
