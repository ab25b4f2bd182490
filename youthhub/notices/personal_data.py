"""Notices' personal data: the messages sent to a person, and the messages to others that name
them (e.g. "Alex would like you to get in touch", sent to their worker)."""

import re

from sqlalchemy import delete, select

from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.notices.models import Notice


class NoticesData:
    key = "notices"
    covers = {"notices.recipient_id": "exported; deleted, with notices to others naming them"}
    merges = {"notices.recipient_id": MOVE}

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
        # A notice is a passing message: losing one that names them costs its reader little.
        name = person.preferred_name
        naming = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for notice in db.session.scalars(select(Notice).where(Notice.text.contains(name))):
            if naming.search(notice.text):
                db.session.delete(notice)
