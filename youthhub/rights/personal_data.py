"""Data rights' own personal data: erasure requests and who looked at the person's data."""

from sqlalchemy import delete, select, update

from youthhub.core.access_log import AccessEntry
from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.rights.models import ErasureRequest, RetentionReminder


class RightsData:
    key = "data_rights"
    covers = {
        "erasure_requests.person_id": "exported; kept (without the hold reason) as the record",
        "erasure_requests.held_by_id": "kept: the admin who held a request",
        "erasure_requests.done_by_id": "kept: the admin who carried it out",
        "data_access_entries.person_id": "exported; deleted",
        "data_access_entries.viewer_id": "kept: young people still see who looked, nameless",
        "data_settings.updated_by_id": "kept: the admin who set how long data is kept",
        "retention_reminders.person_id": "deleted",
    }

    @property
    def merges(self) -> dict:
        return {
            "erasure_requests.person_id": MOVE,
            "erasure_requests.held_by_id": MOVE,
            "erasure_requests.done_by_id": MOVE,
            "data_access_entries.person_id": MOVE,
            "data_access_entries.viewer_id": MOVE,
            "data_settings.updated_by_id": MOVE,
            # Retention reminders are made again, for the kept record, when they are next due.
            "retention_reminders.person_id": _delete_retention_reminders,
        }

    def export(self, person) -> dict:
        from youthhub.rights.looks import describe_looks

        asks = db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.person_id == person.id)
            .order_by(ErasureRequest.asked_at)
        )
        return {
            "erasure_requests": [
                {
                    "asked_at": iso(ask.asked_at),
                    "status": ask.status.value,
                    "hold_reason": ask.hold_reason,
                }
                for ask in asks
            ],
            "who_looked": [
                {"at": iso(look.at), "what": look.what, "said": look.text}
                for look in describe_looks(person)
            ],
        }

    def erase(self, person) -> None:
        db.session.execute(delete(AccessEntry).where(AccessEntry.person_id == person.id))
        db.session.execute(
            delete(RetentionReminder).where(RetentionReminder.person_id == person.id)
        )
        db.session.execute(
            update(ErasureRequest)
            .where(ErasureRequest.person_id == person.id)
            .values(hold_reason=None)
        )


def _delete_retention_reminders(merged_id: int, _kept_id: int) -> None:
    db.session.execute(delete(RetentionReminder).where(RetentionReminder.person_id == merged_id))
