"""A claim's life as an explicit table: the only moves a claim can make.

    submitted -> approved | rejected | cancelled
    approved  -> paying (Stripe) | paid (recorded by finance) | cancelled
    paying    -> paid | approved (definitely not paid: try again) | failed
    paid      -> reversed
    failed    -> approved (try again) | cancelled
    rejected, reversed, cancelled: final

Every move is a conditional UPDATE (`... WHERE id = ? AND status = <expected>`), so two people
(or a person and a Stripe webhook) acting at once cannot both move the same claim.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from youthhub.core.audit import entry_values, record, record_all
from youthhub.core.errors import DomainError
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, Contribution

S = ClaimStatus
TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.PAYING, S.PAID, S.CANCELLED}),
    S.PAYING: frozenset({S.PAID, S.APPROVED, S.FAILED}),
    S.PAID: frozenset({S.REVERSED}),
    S.FAILED: frozenset({S.APPROVED, S.CANCELLED}),
    S.REJECTED: frozenset(),
    S.REVERSED: frozenset(),
    S.CANCELLED: frozenset(),
}


class ClaimMoved(DomainError):
    """The claim was not where the move expected it (someone else got there first)."""


def can_move(from_status: ClaimStatus, to_status: ClaimStatus) -> bool:
    return to_status in TRANSITIONS[from_status]


def move(
    claim: Contribution,
    to_status: ClaimStatus,
    *,
    actor,
    expected: ClaimStatus | None = None,
    values: dict | None = None,
    **details,
) -> None:
    """Move the claim from `expected` (default: its status as loaded) to `to_status`, setting
    `values` too, and write the audit entry. Raises ClaimMoved if it had already moved on."""
    from_status = expected or claim.status
    claim_id = claim.id
    if not can_move(from_status, to_status):
        raise DomainError(_l("This claim can't be changed like that any more."))
    now = utcnow()
    db.session.flush()
    moved = db.session.execute(
        update(Contribution)
        .where(Contribution.id == claim_id, Contribution.status == from_status)
        .values(status=to_status, status_changed_at=now, **(values or {}))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(claim)
    if moved != 1:
        raise ClaimMoved(_l("Someone else has just changed this claim. Have a look at it now."))
    record(
        "claim.status",
        actor=actor,
        subject=claim,
        from_status=from_status.value,
        to_status=to_status.value,
        **details,
    )


def move_all(
    claims: list[Contribution],
    to_status: ClaimStatus,
    *,
    actor,
    expected: ClaimStatus,
    values: dict | None = None,
    **details,
) -> None:
    """`move` for many claims in one UPDATE (the register corrects a whole room at once): all of
    them move from `expected`, or ClaimMoved is raised and the caller's transaction rolls back."""
    if not claims:
        return
    if not can_move(expected, to_status):
        raise DomainError(_l("This claim can't be changed like that any more."))
    db.session.flush()
    ids = [claim.id for claim in claims]
    moved = db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(ids), Contribution.status == expected)
        .values(status=to_status, status_changed_at=utcnow(), **(values or {}))
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != len(ids):
        raise ClaimMoved(_l("Someone else has just changed this claim. Have a look at it now."))
    record_all(
        [
            entry_values(
                "claim.status",
                actor=actor,
                subject=claim,
                from_status=expected.value,
                to_status=to_status.value,
                **details,
            )
            for claim in claims
        ]
    )
    for claim in claims:
        db.session.expire(claim)  # read again when next used: the UPDATE went round the session
