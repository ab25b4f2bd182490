"""Power groups: staff set them up, young people ask to join, leads (young people or staff)
accept members; staff make and unmake leads, and a lead can step down.

A lead's power stops at their own group: every function checks the group it is given.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from youthhub.accounts.models import User
from youthhub.activities.models import AudienceTag
from youthhub.core.audit import record
from youthhub.core.errors import DomainError
from youthhub.core.text import N_, path_for
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.groups import rules
from youthhub.groups.models import Group, Membership, MembershipStatus
from youthhub.notices.services import notify


@dataclass
class GroupDetails:
    name: str
    about: str = ""
    meets: str = ""
    audience: list = field(default_factory=list)


def _apply(group: Group, details: GroupDetails) -> None:
    name = details.name.strip()
    if not name:
        raise DomainError(_l("Give the group a name."))
    taken = db.session.scalar(
        select(Group.id).where(func.lower(Group.name) == name.lower(), Group.id != group.id)
    )
    if taken:
        raise DomainError(_l("There's already a group called %(name)s.", name=name))
    wanted = {AudienceTag(tag) for tag in details.audience}
    group.name, group.about, group.meets = name, details.about.strip(), details.meets.strip()
    group.audience_csv = ",".join(tag.value for tag in AudienceTag if tag in wanted)


def create_group(details: GroupDetails, *, actor: User) -> Group:
    """Start a group; raises DomainError if the name is empty or taken."""
    rules.refuse(rules.staff_refusal(actor))
    group = Group(id=None, created_by_id=actor.id, created_at=utcnow())
    _apply(group, details)
    db.session.add(group)
    db.session.flush()
    record("group.created", actor=actor, subject=group)
    return group


def update_group(group: Group, details: GroupDetails, *, actor: User) -> None:
    rules.refuse(rules.staff_refusal(actor))
    _apply(group, details)
    record("group.updated", actor=actor, subject=group)


def membership_of(group: Group, person: User) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.group_id == group.id, Membership.person_id == person.id)
    )


def request_to_join(group: Group, *, actor: User) -> Membership:
    """Ask to join; raises DomainError if already in or already asked."""
    membership = membership_of(group, actor)
    rules.refuse(rules.join_refusal(membership, actor))
    if membership is None:
        membership = Membership(group_id=group.id, person_id=actor.id)
        db.session.add(membership)
    membership.status, membership.is_lead = MembershipStatus.REQUESTED, False
    membership.requested_at, membership.decided_at, membership.decided_by_id = utcnow(), None, None
    db.session.flush()
    record("group.join_requested", actor=actor, subject=membership, group_id=group.id)
    return membership


def _decide(membership: Membership, group: Group, status, *, actor: User) -> None:
    rules.refuse(rules.answer_refusal(membership, group, actor))
    membership.status, membership.decided_at, membership.decided_by_id = status, utcnow(), actor.id
    record(f"group.request_{status.value}", actor=actor, subject=membership, group_id=group.id)


def accept_member(membership: Membership, group: Group, *, actor: User) -> None:
    """Let someone in, and tell them."""
    _decide(membership, group, MembershipStatus.MEMBER, actor=actor)
    notify(
        membership.person,
        N_("You're in! Welcome to %(group)s."),
        subject=N_("You've joined a group"),
        link=path_for("groups.group", group_id=group.id),
        group=group.name,
    )


def decline_member(membership: Membership, group: Group, *, actor: User) -> None:
    _decide(membership, group, MembershipStatus.DECLINED, actor=actor)
    notify(
        membership.person,
        N_("%(group)s can't take you right now. Your worker can tell you about other groups."),
        subject=N_("About your group request"),
        link=path_for("groups.index"),
        group=group.name,
    )


def set_lead(membership: Membership, group: Group, is_lead: bool, *, actor: User) -> None:
    """Make a member a group lead (or not). Staff only."""
    rules.refuse(rules.set_lead_refusal(membership, group, actor))
    if membership.is_lead != is_lead:
        membership.is_lead = is_lead
        record("group.lead_set", actor=actor, subject=membership, is_lead=is_lead)


def step_down(group: Group, *, actor: User) -> None:
    """A lead stops leading and stays a member."""
    membership = membership_of(group, actor)
    rules.refuse(rules.step_down_refusal(membership))
    membership.is_lead = False
    record("group.lead_stepped_down", actor=actor, subject=membership)


def leave_group(group: Group, *, actor: User) -> None:
    """Leave a group (or withdraw a request)."""
    membership = membership_of(group, actor)
    rules.refuse(rules.leave_refusal(membership))
    membership.status, membership.is_lead = MembershipStatus.LEFT, False
    record("group.left", actor=actor, subject=membership)
