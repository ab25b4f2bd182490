"""Who may run a group's things: staff, or a young lead of that very group."""

from sqlalchemy import select

from youthhub.accounts.models import Role
from youthhub.extensions import db
from youthhub.groups.models import Membership, MembershipStatus

ORGANISER_ROLES = frozenset({Role.YOUTH_WORKER, Role.ADMIN})


def is_staff_organiser(user) -> bool:
    return user.has_any_role(ORGANISER_ROLES)


def is_lead(user, group) -> bool:
    if group is None:
        return False
    return bool(
        db.session.scalar(
            select(Membership.id).where(
                Membership.group_id == group.id,
                Membership.person_id == user.id,
                Membership.status == MembershipStatus.MEMBER,
                Membership.is_lead.is_(True),
            )
        )
    )


def can_run(user, group) -> bool:
    """Staff run everything; a lead runs only their own group's sessions and members."""
    return is_staff_organiser(user) or is_lead(user, group)
