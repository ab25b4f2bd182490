"""Read-only questions about people, each answered in a fixed number of queries."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import raiseload

from youthhub.accounts.models import Role, RoleGrant, StaffInvite, User
from youthhub.core import reads
from youthhub.core.time import utcnow
from youthhub.extensions import db

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - shown on the login page on purpose
DEMO_ACCOUNTS = (
    ("young@youthhub.example", "Jordan", (Role.YOUNG_PERSON,)),
    ("worker@youthhub.example", "Sam", (Role.YOUTH_WORKER,)),
    ("finance@youthhub.example", "Priya", (Role.FINANCE,)),
    ("admin@youthhub.example", "Alex", (Role.ADMIN,)),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts to show on the login page, only when demo data is loaded."""
    if not current_app.config["SHOW_DEMO_LOGINS"]:
        return []
    emails = [email for email, _, _ in DEMO_ACCOUNTS]
    present = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    return [
        DemoLogin(email, DEMO_PASSWORD, roles[0].value)
        for email, _, roles in DEMO_ACCOUNTS
        if email in present
    ]


def key_worker_name(person: User) -> str | None:
    """The name of `person`'s worker, if they have one: one small query (loading the worker
    would load their roles too, a second query, for a name)."""
    if person.key_worker_id is None:
        return None
    return reads.scalar(_NAME_OF, {"person_id": person.key_worker_id})


# Built once: on a small page, making and keying a statement costs as much as running it.
_NAME_OF = select(User.preferred_name).where(User.id == bindparam("person_id"))


def young_people_of(worker: User) -> list[User]:
    # The list shows names only, so roles are not loaded (and raise if a template asks).
    query = (
        select(User)
        .where(User.key_worker_id == worker.id)
        .options(raiseload(User.role_grants))
        .order_by(User.preferred_name)
    )
    return list(db.session.scalars(query))


def people(search: str = "", limit: int = 100) -> list[User]:
    query = (
        select(User)
        .where(User.merged_into_id.is_(None))  # a merged record's tombstone is nobody
        .order_by(User.preferred_name, User.id)
        .limit(limit)
    )
    if search.strip():
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(User.preferred_name).like(like), User.email.like(like)))
    return list(db.session.scalars(query))


def invites(limit: int = 50) -> list[StaffInvite]:
    return list(
        db.session.scalars(select(StaffInvite).order_by(StaffInvite.created_at.desc()).limit(limit))
    )


def staff_home_summary(user: User) -> dict:
    summary: dict = {}
    if user.has_role(Role.YOUTH_WORKER):
        summary["my_young_people"] = db.session.scalar(
            select(func.count(User.id)).where(User.key_worker_id == user.id)
        )
    if user.has_role(Role.ADMIN):
        summary["people_by_role"] = dict(
            db.session.execute(
                select(RoleGrant.role, func.count(RoleGrant.id)).group_by(RoleGrant.role)
            ).all()
        )
        summary["waiting_invites"] = db.session.scalar(
            select(func.count(StaffInvite.id)).where(
                StaffInvite.accepted_at.is_(None),
                StaffInvite.revoked_at.is_(None),
                StaffInvite.expires_at > utcnow(),
            )
        )
    return summary


def similar_young_people(name: str, limit: int = 10) -> list[User]:
    """Young people (with or without an account) any of whose name's words matches a word of
    `name`: shown before a worker adds someone new, so nobody is added twice. Their roles load
    as usual (one more query), so a service may still ask them later in the request."""
    words = {
        word.replace("\\", "").replace("%", "").replace("_", "") for word in name.lower().split()
    }
    likes = [func.lower(User.preferred_name).like(f"%{word}%") for word in words if len(word) > 1]
    if not likes:
        return []
    query = (
        select(User)
        .join(RoleGrant)
        .where(RoleGrant.role == Role.YOUNG_PERSON, User.disabled_at.is_(None), or_(*likes))
        .order_by(func.lower(User.preferred_name), User.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
