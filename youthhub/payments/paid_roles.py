"""Paid roles: attending a paid-role activity (a panel, delivering training) makes a claim.

The register sends `paid_role_attendance` (see `youthhub/activities/register.py`) whenever a
young person's attendance at a paid-role activity is recorded or taken back; this turns it into
a claim priced from the activity's kind of contribution and its expected hours (else the
session's length), or cancels that claim while it is still waiting for approval.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.payments import rates
from youthhub.payments.models import CancelReason, ClaimStatus, Contribution
from youthhub.payments.services import MAX_MINUTES, create_claim
from youthhub.payments.states import move


def _live_claim_for_activity(activity_id: int, person_id: int) -> Contribution | None:
    closed = (ClaimStatus.CANCELLED, ClaimStatus.REJECTED)
    return db.session.scalar(
        select(Contribution).where(
            Contribution.activity_id == activity_id,
            Contribution.person_id == person_id,
            Contribution.status.not_in(closed),
        )
    )


def claim_for_paid_role(
    *,
    activity_id: int,
    person: User,
    kind_text: str | None,
    minutes: int | None,
    work_date: date,
    title: str,
    attended: bool,
    actor,
) -> Contribution | None:
    """The seam for the register: `person` came to (or, corrected, did not come to) a paid-role
    activity. Coming creates one claim, priced from the activity's kind and hours; saying they
    did not come cancels it while it is still waiting for approval. Safe to call repeatedly."""
    claim = _live_claim_for_activity(activity_id, person.id)
    if attended:
        if claim is not None or not person.has_role(Role.YOUNG_PERSON):
            return claim
        kind = rates.kind_for_text(kind_text)
        if kind is None:
            return None
        quarters = max(1, min(MAX_MINUTES // 15, round((minutes or 60) / 15)))
        return create_claim(
            person,
            actor=actor,
            kind=kind,
            work_date=work_date,
            minutes=quarters * 15,
            description=title[:300],
            activity_id=activity_id,
        )
    if claim is not None and claim.status == ClaimStatus.SUBMITTED:
        move(
            claim,
            ClaimStatus.CANCELLED,
            actor=actor,
            values={"cancel_reason": CancelReason.NOT_ATTENDED},
            reason="not_attended",
        )
    elif claim is not None:
        record("claim.attendance_removed", actor=actor, subject=claim, status=claim.status)
    return claim


def _person_with_roles(person_id: int) -> User | None:
    """The person with their roles loaded here and now. The register's page loads people with
    their roles switched off (`raiseload`, to keep its query count constant), and that choice
    stays on the same objects for the rest of the request: so load what this path reads
    explicitly instead of leaving it to whichever query saw the person first."""
    return db.session.scalar(
        select(User)
        .where(User.id == person_id)
        .options(selectinload(User.role_grants))
        .execution_options(populate_existing=True)
    )


def on_paid_role_attendance(activity, *, person_id: int, attended: bool, actor) -> None:
    person = _person_with_roles(person_id)
    if person is None:
        return
    minutes = activity.expected_minutes or int(
        (activity.ends_at - activity.starts_at).total_seconds() // 60
    )
    claim_for_paid_role(
        activity_id=activity.id,
        person=person,
        kind_text=activity.contribution_kind,
        minutes=minutes,
        work_date=activity.starts_at.astimezone(LONDON).date(),
        title=activity.title,
        attended=attended,
        actor=actor,
    )


def connect_paid_roles() -> None:
    """Listen to the register (safe to call for every app: a receiver is connected once)."""
    from youthhub.activities.register import paid_role_attendance

    paid_role_attendance.connect(on_paid_role_attendance)
