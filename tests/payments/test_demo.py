"""The demo's money follows the rules the app enforces: every claim's story is in order (the
work, then logging it, approving it and paying it), none of it in the future, and the claim
pages' history says the same as the claim."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from youthhub.core.audit import AuditEntry
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.payments import queries, services
from youthhub.payments.models import Contribution


def london_day(moment):
    return moment.astimezone(LONDON).date()


def same_moment(a, b) -> bool:
    """Written by the same step (a service reads the clock once per row it writes)."""
    return abs(a - b) < timedelta(seconds=5)


def test_every_demo_claims_dates_are_in_order(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    today, now = london_today(), utcnow()
    claims = db.session.scalars(
        select(Contribution).options(joinedload(Contribution.payment))
    ).all()
    assert len(claims) == 4 and sum(claim.payment is not None for claim in claims) == 2
    for claim in claims:
        logged_on = london_day(claim.submitted_at)
        assert claim.work_date <= logged_on <= today, claim
        assert (logged_on - claim.work_date).days <= services.OLDEST_WORK_DAYS, claim
        history = queries.claim_history(claim)
        times = [entry.at for entry in history]
        assert times == sorted(times) and times[-1] <= now, claim
        assert history[0].action == "claim.logged", claim
        assert same_moment(history[0].at, claim.submitted_at), claim
        assert same_moment(history[-1].at, claim.status_changed_at), claim
        if claim.approved_at is not None:
            assert claim.submitted_at < claim.approved_at <= claim.status_changed_at, claim
            approval = next(e for e in history if e.details.get("to_status") == "approved")
            assert same_moment(approval.at, claim.approved_at), claim
        if claim.payment is not None:
            payment = claim.payment
            assert claim.approved_at is not None, claim
            assert london_day(claim.approved_at) <= payment.paid_on <= today, claim
            assert claim.approved_at < payment.created_at <= now, claim
    # Nothing anywhere is dated in the future (the audit log, the young person's notices).
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.at > now)) is None
    assert db.session.scalar(select(Notice).where(Notice.created_at > now)) is None
