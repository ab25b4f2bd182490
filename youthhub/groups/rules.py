"""What each person may do to a group, written once: the services raise these refusals, and the
group page asks the same functions which buttons to show (`group_offers`, `may_answer`,
`may_set_lead`), so a page never offers what a service would refuse.

Each check returns the refusal (a `DomainError` to raise) or `None` when the action is allowed.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from youthhub.accounts.models import Role, User
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.groups.models import Group, Membership, MembershipStatus
from youthhub.groups.permissions import can_run, is_staff_organiser

STAYING = (MembershipStatus.MEMBER, MembershipStatus.REQUESTED)


def refuse(refusal: DomainError | None) -> None:
    if refusal is not None:
        raise refusal


def staff_refusal(actor: User) -> DomainError | None:
    if not is_staff_organiser(actor):
        return NotAllowed(_l("Only staff can do that."))
    return None


def join_refusal(membership: Membership | None, actor: User) -> DomainError | None:
    if not actor.has_role(Role.YOUNG_PERSON):
        return NotAllowed(_l("Groups are for young people taking part."))
    if membership is not None and membership.status == MembershipStatus.MEMBER:
        return DomainError(_l("You're already in this group."))
    if membership is not None and membership.status == MembershipStatus.REQUESTED:
        return DomainError(_l("You've already asked to join. A lead will get back to you."))
    return None


def leave_refusal(membership: Membership | None) -> DomainError | None:
    if membership is None or membership.status not in STAYING:
        return DomainError(_l("You're not in this group."))
    return None


def step_down_refusal(membership: Membership | None) -> DomainError | None:
    if membership is None or not membership.is_lead:
        return DomainError(_l("You're not a lead of this group."))
    return None


def answer_refusal(membership: Membership, group: Group, actor: User) -> DomainError | None:
    if membership.group_id != group.id:
        return NotAllowed(_l("That request is for another group."))
    if not can_run(actor, group):
        return NotAllowed(_l("Only staff or this group's leads can answer requests."))
    if membership.status != MembershipStatus.REQUESTED:
        return DomainError(_l("This request has already been answered."))
    return None


def set_lead_refusal(membership: Membership, group: Group, actor: User) -> DomainError | None:
    if refusal := staff_refusal(actor):
        return refusal
    if membership.group_id != group.id:
        return NotAllowed(_l("That person is in another group."))
    if membership.status != MembershipStatus.MEMBER:
        return DomainError(_l("Only members of the group can be leads."))
    return None


@dataclass(frozen=True)
class GroupOffers:
    """The buttons a young person's own card on the group page shows."""

    join: bool
    leave: bool
    step_down: bool


def group_offers(membership: Membership | None, actor: User) -> GroupOffers:
    return GroupOffers(
        join=join_refusal(membership, actor) is None,
        leave=leave_refusal(membership) is None,
        step_down=step_down_refusal(membership) is None,
    )


def may_answer(membership: Membership, group: Group, actor: User) -> bool:
    return answer_refusal(membership, group, actor) is None


def may_set_lead(membership: Membership, group: Group, actor: User) -> bool:
    return set_lead_refusal(membership, group, actor) is None
