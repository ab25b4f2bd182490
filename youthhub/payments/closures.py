"""Closing an erased young person's Stripe connected account.

Erasure deletes their payment profile and writes down the account to close (`StripeClosure`).
Stripe is asked only after the erasure has committed (`core.transaction.after_commit`), so an
erasure that rolls back never closes an account. If Stripe cannot be reached or refuses, the
erasure still stands: the closure stays open, the admin sees it on the data rights page and
tries again. Closing is safe to repeat: an account Stripe no longer knows counts as closed.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.core.transaction import after_commit
from youthhub.extensions import db
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.models import PaymentProfile, StripeClosure

PROBLEM_LENGTH = 300


def close_after_erasure(profile: PaymentProfile) -> None:
    """Write down the profile's Stripe account to close, and close it once this commits."""
    if not profile.stripe_account_id:
        return
    closure = StripeClosure(account_id=profile.stripe_account_id, person_id=profile.user_id)
    db.session.add(closure)
    db.session.flush()
    closure_id = closure.id
    after_commit(lambda: _close(db.session.get(StripeClosure, closure_id), actor=None))


def open_closures() -> list[StripeClosure]:
    return list(
        db.session.scalars(
            select(StripeClosure)
            .options(joinedload(StripeClosure.person))
            .where(StripeClosure.closed_at.is_(None))
            .order_by(StripeClosure.asked_at, StripeClosure.id)
        )
    )


def open_closures_count() -> int:
    return db.session.scalar(
        select(func.count(StripeClosure.id)).where(StripeClosure.closed_at.is_(None))
    )


def retry_closure(closure: StripeClosure, *, actor: User) -> bool:
    """An admin asks Stripe again. Nothing else changes in this request, so Stripe is asked
    now; if the commit of the outcome were lost, the next try finds the account gone."""
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))
    if closure.closed_at is not None:
        raise DomainError(_l("That Stripe account is already closed."))
    return _close(closure, actor=actor)


def _close(closure: StripeClosure | None, *, actor: User | None) -> bool:
    if closure is None or closure.closed_at is not None:
        return True
    closure.attempts += 1
    try:
        gateway.delete_account(closure.account_id)
    except gateway.GatewayError as error:
        closure.last_problem = (error.message or type(error).__name__)[:PROBLEM_LENGTH]
        record("stripe.account_close_failed", actor=actor, subject=closure, code=error.code)
        return False
    closure.closed_at, closure.last_problem = utcnow(), None
    record("stripe.account_closed", actor=actor, subject=closure)
    return True
