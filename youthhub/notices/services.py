"""Telling people things: an in-app notice, and an email when mail is set up.

The text is rendered in the recipient's own language at the moment it is sent, so later
issues can call `notify` with any lazy message and its values.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, or_, select, update

from youthhub.core import reads
from youthhub.core.errors import DomainError
from youthhub.core.links import public_base_url
from youthhub.core.mail import queue_email
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.notices.kinds import GROUPED
from youthhub.notices.models import Notice
from youthhub.notices.push import queue_push

#: How many items a home page shows before "See all".
ON_HOME = 3


def notify(
    recipient, message: str, *, subject: str, link: str | None = None, kind=None, **values
) -> Notice:
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
    notice = add_notice(recipient, text, link=link, kind=kind)
    if recipient.email:  # people without an account get the notice only, for when they take over
        queue_email(db.session, to=recipient.email, subject=title, body=f"{greeting}\n\n{body}\n")
    return notice


def add_notice(
    recipient,
    text: str,
    *,
    link: str | None = None,
    kind: str | None = None,
    amount_pence: int | None = None,
) -> Notice:
    """Only the in-app notice, for text already written in the recipient's language (for
    features that send their own, richer emails). Notices of a `kind` in `notices.kinds` show
    as one item while several wait; of a kind in `notices.push.PUSHED_KINDS` they also go to
    the person's phones, if they turned notifications on."""
    notice = Notice(
        recipient_id=recipient.id,
        text=text[:500],
        link=link,
        kind=kind,
        amount_pence=amount_pence,
        created_at=utcnow(),
    )
    db.session.add(notice)
    queue_push(notice)  # of a kind that also buzzes the phone: after the commit
    return notice


@dataclass(frozen=True)
class NoticeItem:
    """One line of someone's news: a notice on its own, or a group of one kind."""

    text: str
    link: str | None
    latest_at: datetime
    up_to: int  # the newest notice in it: "Got it" leaves any that came after the page
    notice_id: int | None = None  # on its own
    kind: str | None = None  # a group
    count: int = 1


@dataclass(frozen=True)
class News:
    items: list[NoticeItem]
    total_items: int
    up_to: int | None  # the newest unread notice: "Clear all" clears up to it

    @property
    def more(self) -> int:
        return self.total_items - len(self.items)


def _unread(person):
    return (Notice.recipient_id == person.id, Notice.read_at.is_(None))


# Each kind of unread notice: how many, their sum, the newest. Built once (every home page).
_UNREAD_KINDS = (
    select(
        Notice.kind,
        func.count(),
        func.sum(Notice.amount_pence),
        func.max(Notice.id),
        func.max(Notice.created_at),
        func.max(Notice.link),  # a kind's notices share their link
    )
    .where(Notice.recipient_id == bindparam("recipient_id"), Notice.read_at.is_(None))
    .group_by(Notice.kind)
)


def news_for(person, limit: int | None = ON_HOME) -> News:
    """A person's unread notices as items, newest first: several of a grouped kind as one.
    One query (two when some show on their own) however many notices wait."""
    kinds = reads.rows(_UNREAD_KINDS, {"recipient_id": person.id}).all()
    groups = [
        NoticeItem(
            GROUPED[kind].describe(count, amount),
            link,
            latest,
            newest,
            kind=kind,
            count=count,
        )
        for kind, count, amount, newest, latest, link in kinds
        if kind in GROUPED and count > 1
    ]
    alone_count = sum(row[1] for row in kinds) - sum(item.count for item in groups)
    singles = _alone(person, [item.kind for item in groups], limit) if alone_count else []
    items = sorted(groups + singles, key=lambda i: (i.latest_at, i.up_to), reverse=True)
    return News(
        items=items[:limit] if limit is not None else items,
        total_items=len(groups) + alone_count,
        up_to=max((row[3] for row in kinds), default=None),
    )


def _alone(person, grouped_kinds: list[str], limit: int | None) -> list[NoticeItem]:
    """The newest unread notices that show on their own."""
    alone = select(Notice).where(*_unread(person))
    if grouped_kinds:
        alone = alone.where(or_(Notice.kind.is_(None), Notice.kind.not_in(grouped_kinds)))
    alone = alone.order_by(Notice.created_at.desc(), Notice.id.desc())
    if limit is not None:
        alone = alone.limit(limit)
    return [
        NoticeItem(n.text, n.link, n.created_at, n.id, notice_id=n.id)
        for n in db.session.scalars(alone)
    ]


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


def mark_all_read(*, actor, up_to: int | None = None, kind: str | None = None) -> None:
    """Clear the actor's unread notices (only theirs), all or one `kind`'s, up to the newest
    one they were shown (`up_to`), so news that came since stays."""
    clearing = update(Notice).where(*_unread(actor))
    if up_to is not None:
        clearing = clearing.where(Notice.id <= up_to)
    if kind is not None:
        clearing = clearing.where(Notice.kind == kind)
    db.session.execute(clearing.values(read_at=utcnow()))
