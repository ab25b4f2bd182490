"""Power groups' personal data: which groups a person asked to join, was in or led."""

from sqlalchemy import delete, select

from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.groups.models import Membership


class GroupsData:
    key = "groups"
    covers = {
        "groups.created_by_id": "kept: the staff member who set the group up",
        "memberships.person_id": "exported; deleted",
        "memberships.decided_by_id": "kept: who answered a request to join",
    }

    @property
    def merges(self) -> dict:
        return {
            "groups.created_by_id": MOVE,
            "memberships.person_id": _merge_memberships,
            "memberships.decided_by_id": MOVE,
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


# Merging: one membership per person per group; a lead beats a member beats a request.
RANK = {"declined": 0, "left": 1, "requested": 2, "member": 3}


def _rank(membership: Membership) -> tuple:
    return (membership.is_lead, RANK[membership.status.value])


def _merge_memberships(merged_id: int, kept_id: int) -> None:
    def mine(person_id):
        rows = db.session.scalars(select(Membership).where(Membership.person_id == person_id))
        return {row.group_id: row for row in rows}

    kept_rows = mine(kept_id)
    for group_id, row in mine(merged_id).items():
        other = kept_rows.get(group_id)
        if other is not None and _rank(row) <= _rank(other):
            db.session.delete(row)
            continue
        if other is not None:
            db.session.delete(other)
            db.session.flush()
        row.person_id = kept_id
    db.session.flush()
