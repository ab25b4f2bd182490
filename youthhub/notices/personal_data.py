"""Notices' personal data: the messages sent to a person, and the messages to others that name
them (e.g. "Alex would like you to get in touch", sent to their worker)."""

import re

from sqlalchemy import delete, select

from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.notices.push import forget_phones
from youthhub.notices.push_models import PushSubscription


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


class NotificationPhonesData:
    """The browsers a person turned notifications on in. The download says which and when, not
    their push addresses or keys (those only let a push service reach that browser)."""

    key = "notification_phones"
    covers = {"push_subscriptions.person_id": "exported (which browser, when); deleted"}
    # A record merged in is the same young person: their phones go on buzzing for them.
    merges = {"push_subscriptions.person_id": MOVE}

    def export(self, person) -> list[dict]:
        phones = db.session.scalars(
            select(PushSubscription)
            .where(PushSubscription.person_id == person.id)
            .order_by(PushSubscription.created_at, PushSubscription.id)
        )
        return [
            {
                "browser": phone.user_agent,
                "turned_on_at": iso(phone.created_at),
                "last_reached_at": iso(phone.last_success_at),
            }
            for phone in phones
        ]

    def erase(self, person) -> None:
        forget_phones(person)
