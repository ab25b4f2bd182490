"""Who may run a group's things: staff, or a young lead of that very group.

The rule itself lives in `activities/organisers.py` (activities needs it for every session, and
sits below groups); this module answers its question "does this person lead this group?" and
lists the groups an activity may be put in.
"""

from sqlalchemy import select

from youthhub.activities.organisers import (  # noqa: F401 (groups' code asks them from here)
    ORGANISER_ROLES,
    can_run,
    group_choices,
    is_staff_organiser,
    runs_group,
)
from youthhub.extensions import db
from youthhub.groups.models import Membership, MembershipStatus
from youthhub.groups.queries import all_groups


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


def _answer_runs_group(user, *, group) -> bool:
    return is_lead(user, group)


def _answer_group_choices(_sender) -> list:
    return all_groups()


def connect_group_leads() -> None:
    """Answer activities' questions about groups (safe to call for every app: a receiver is
    connected once)."""
    runs_group.connect(_answer_runs_group)
    group_choices.connect(_answer_group_choices)
