"""Read-only questions about groups, each answered in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager, raiseload

from youthhub.accounts.models import User
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus


def all_groups() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(func.lower(Group.name))))


@dataclass
class GroupListing:
    group: Group
    members: int
    my_status: MembershipStatus | None
    i_lead: bool


def groups_for(person: User) -> list[GroupListing]:
    """Every group with its number of members and the person's own place in it."""
    counts = (
        select(Membership.group_id, func.count(Membership.id).label("n"))
        .where(Membership.status == MembershipStatus.MEMBER)
        .group_by(Membership.group_id)
        .subquery()
    )
    mine = and_(Membership.group_id == Group.id, Membership.person_id == person.id)
    query = (
        select(Group, func.coalesce(counts.c.n, 0), Membership.status, Membership.is_lead)
        .outerjoin(counts, counts.c.group_id == Group.id)
        .outerjoin(Membership, mine)
        .order_by(func.lower(Group.name))
    )
    return [
        GroupListing(group, members, MembershipStatus(status) if status else None, bool(lead))
        for group, members, status, lead in db.session.execute(query)
    ]


def memberships(group: Group, status: MembershipStatus) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.person)
            .options(contains_eager(Membership.person).raiseload(User.role_grants))
            .where(Membership.group_id == group.id, Membership.status == status)
            .order_by(Membership.is_lead.desc(), func.lower(User.preferred_name), Membership.id)
        )
    )


def membership_of(group: Group, person: User) -> Membership | None:
    return db.session.scalar(
        select(Membership)
        .options(raiseload(Membership.person))
        .where(Membership.group_id == group.id, Membership.person_id == person.id)
    )
