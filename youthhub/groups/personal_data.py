"""Power groups' personal data: which groups a person asked to join, was in or led."""

from sqlalchemy import delete, select

from youthhub.core.personal_data import iso
from youthhub.extensions import db
from youthhub.groups.models import Membership


class GroupsData:
    key = "groups"
    covers = {
        "groups.created_by_id": "kept: the staff member who set the group up",
        "memberships.person_id": "exported; deleted",
        "memberships.decided_by_id": "kept: who answered a request to join",
    }

    def export(self, person) -> list[dict]:
        memberships = db.session.scalars(
            select(Membership).where(Membership.person_id == person.id).order_by(Membership.id)
        )
        return [
            {
                "group": membership.group.name,
                "status": membership.status.value,
                "lead": membership.is_lead,
                "asked_at": iso(membership.requested_at),
                "answered_at": iso(membership.decided_at),
            }
            for membership in memberships
        ]

    def erase(self, person) -> None:
        db.session.execute(delete(Membership).where(Membership.person_id == person.id))
