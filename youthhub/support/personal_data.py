"""Support given's personal data: each kind of support a young person was given, and when.
It is theirs: exported, deleted on erasure, moved on merging. A worker's erasure leaves what
they logged, pointing at their nameless account (the programme's counts stay true)."""

from sqlalchemy import delete, select

from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.support.models import SupportGiven


class SupportData:
    key = "support"
    covers = {
        "support_given.person_id": "exported; deleted",
        "support_given.logged_by_id": "kept: the worker logged it, nameless once erased",
    }
    merges = {
        "support_given.person_id": MOVE,
        "support_given.logged_by_id": MOVE,
    }

    def export(self, person) -> list[dict]:
        given = db.session.scalars(
            select(SupportGiven)
            .where(SupportGiven.person_id == person.id)
            .order_by(SupportGiven.given_on, SupportGiven.id)
        )
        return [
            {
                "kind": each.kind.name,
                "given_on": iso(each.given_on),
                "logged_at": iso(each.logged_at),
            }
            for each in given
        ]

    def erase(self, person) -> None:
        db.session.execute(delete(SupportGiven).where(SupportGiven.person_id == person.id))
