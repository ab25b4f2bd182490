"""Erasure requests that are stuck, so the admin sees them before the young person has to ask
again.

- Unanswered: UK GDPR gives one month to answer (article 12(3)). As the ICO counts it, the
  month runs from the day the request arrived to the same day next month (or that month's
  last day if it has no such day); from the day after that, an unanswered request is overdue.
- Held: a hold is an answer, but not a final one. A request held for more than
  `ERASURE_HOLD_DAYS` days (default 30) is overdue, so a hold is looked at again.
Days are counted in London.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from youthhub.core.time import LONDON, london_today
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.payments.closures import open_closures_count
from youthhub.rights.models import ErasureRequest, ErasureStatus

OPEN = (ErasureStatus.ASKED, ErasureStatus.HELD)


def answer_due(ask: ErasureRequest) -> date:
    """The last day to answer an unanswered request."""
    return add_months(ask.asked_at.astimezone(LONDON).date(), 1)


def look_again_by(ask: ErasureRequest) -> date:
    """The last day a held request may stay held before it is overdue."""
    held_on = ask.held_at.astimezone(LONDON).date()
    return held_on + timedelta(days=current_app.config["ERASURE_HOLD_DAYS"])


def due_by(ask: ErasureRequest) -> date | None:
    if ask.status == ErasureStatus.ASKED:
        return answer_due(ask)
    if ask.status == ErasureStatus.HELD and ask.held_at is not None:
        return look_again_by(ask)
    return None


def is_overdue(ask: ErasureRequest, today: date | None = None) -> bool:
    due = due_by(ask)
    return due is not None and (today or london_today()) > due


def open_requests(*, with_people: bool = False) -> list[ErasureRequest]:
    query = select(ErasureRequest)
    if with_people:
        query = query.options(joinedload(ErasureRequest.person))
    return list(
        db.session.scalars(
            query.where(ErasureRequest.status.in_(OPEN)).order_by(
                ErasureRequest.asked_at, ErasureRequest.id
            )
        )
    )


def overdue_requests(today: date | None = None) -> list[ErasureRequest]:
    return [ask for ask in open_requests() if is_overdue(ask, today)]


def admin_counts(today: date | None = None) -> dict[str, int]:
    """What the admin's home shows about data rights."""
    waiting = open_requests()
    return {
        "waiting": len(waiting),
        "overdue": sum(is_overdue(ask, today) for ask in waiting),
        "stripe_to_close": open_closures_count(),
    }
