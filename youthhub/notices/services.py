"""Telling people things: an in-app notice, and an email when mail is set up.

The text is rendered in the recipient's own language at the moment it is sent, so later
issues can call `notify` with any lazy message and its values.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from youthhub.core.errors import DomainError
from youthhub.core.links import public_base_url
from youthhub.core.mail import queue_email
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.notices.models import Notice


def notify(recipient, message: str, *, subject: str, link: str | None = None, **values) -> Notice:
    """Add a notice for `recipient` and queue an email, both in their language.

    `message` and `subject` are untranslated msgids (marked with `N_`), formatted with `values`.
    """
    locale = recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        text = _(message, **values)
        title = _(subject)
        body = text
        if link and public_base_url():
            body += "\n\n" + public_base_url() + link
        greeting = _("Hi %(name)s,", name=recipient.preferred_name)
    notice = add_notice(recipient, text, link=link)
    if recipient.email:  # people without an account get the notice only, for when they take over
        queue_email(db.session, to=recipient.email, subject=title, body=f"{greeting}\n\n{body}\n")
    return notice


def add_notice(recipient, text: str, *, link: str | None = None) -> Notice:
    """Only the in-app notice, for text already written in the recipient's language (for
    features that send their own, richer emails)."""
    notice = Notice(recipient_id=recipient.id, text=text[:500], link=link, created_at=utcnow())
    db.session.add(notice)
    return notice


def unread_for(person, limit: int = 20) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.recipient_id == person.id, Notice.read_at.is_(None))
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def is_theirs(notice: Notice, person) -> bool:
    """Only a notice's recipient may see it or mark it read."""
    return notice.recipient_id == person.id


def mark_read(notice: Notice, *, actor) -> None:
    """Mark one of the actor's own notices read; raises DomainError for anyone else's."""
    if not is_theirs(notice, actor):
        raise DomainError(_l("We couldn't find that message."))
    if notice.read_at is None:
        notice.read_at = utcnow()


def mark_all_read(*, actor) -> None:
    db.session.execute(
        update(Notice)
        .where(Notice.recipient_id == actor.id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
