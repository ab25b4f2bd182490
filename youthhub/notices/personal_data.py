"""Notices' personal data: the messages sent to a person."""

from sqlalchemy import delete, select

from youthhub.core.personal_data import iso
from youthhub.extensions import db
from youthhub.notices.models import Notice


class NoticesData:
    key = "notices"
    covers = {"notices.recipient_id": "exported; deleted"}

    def export(self, person) -> list[dict]:
        notices = db.session.scalars(
            select(Notice).where(Notice.recipient_id == person.id).order_by(Notice.created_at)
        )
        return [
            {
                "text": notice.text,
                "link": notice.link,
                "sent_at": iso(notice.created_at),
                "read_at": iso(notice.read_at),
            }
            for notice in notices
        ]

    def erase(self, person) -> None:
        db.session.execute(delete(Notice).where(Notice.recipient_id == person.id))
