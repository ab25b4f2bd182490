"""Paid roles: attending a paid-role activity (a panel, delivering training) makes a claim.

The register sends `paid_role_attendance` (see `youthhub/activities/register.py`) once per save
with every young person whose attendance at a paid-role activity it recorded or took back; this
turns those who came into claims priced from the activity's kind of contribution and its
expected hours (else the session's length), and cancels the claims of those who, corrected, did
not come while they still wait for approval.

A claim from the register is the young person's own, logged in their name: the register is the
evidence, so the worker who took it may approve it (four eyes: `rules.check_may_approve`).

The whole register is handled in a constant number of queries, everything it reads loaded here
up front: the register's page loads people with their roles switched off (`raiseload`), so
nothing on this path may rely on what an earlier query happened to load.
"""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.core.audit import entry_values, record_all
from youthhub.core.errors import DomainError
from youthhub.extensions import db
from youthhub.payments import rates
from youthhub.payments.models import CancelReason, ClaimStatus, Contribution
from youthhub.payments.services import MAX_MINUTES, NoRate, create_register_claims
from youthhub.payments.states import move_all

NO_RATE_CARD = _l(
    "Nothing was saved: the rate card is empty, so the claims for this paid role can't be "
    "made. Ask an admin to set up the rate card, then save the register again."
)


def on_paid_role_attendance(activity, *, changes: dict[int, bool], actor) -> None:
    """`changes`: person id -> came? for each young person whose mark just changed."""
    live = _live_claims(activity.id, list(changes))
    came = [person for person, attended in changes.items() if attended and person not in live]
    absent = [
        live[person] for person, attended in changes.items() if not attended and person in live
    ]
    _claim(activity, _young_people(came), taken_by=actor)
    _take_back(absent, actor=actor)


def _live_claims(activity_id: int, person_ids: list[int]) -> dict[int, Contribution]:
    closed = (ClaimStatus.CANCELLED, ClaimStatus.REJECTED)
    claims = db.session.scalars(
        select(Contribution).where(
            Contribution.activity_id == activity_id,
            Contribution.person_id.in_(person_ids),
            Contribution.status.not_in(closed),
        )
    )
    return {claim.person_id: claim for claim in claims}


def _young_people(person_ids: list[int]) -> list[User]:
    """Those of `person_ids` who are young people (only they are paid), asked of the database
    rather than of whatever roles were loaded with them."""
    if not person_ids:
        return []
    young = select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON)
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(person_ids), User.id.in_(young)).order_by(User.id)
        )
    )


def _minutes(activity) -> int:
    """The activity's expected hours, else its length, in quarter hours (at most a long day)."""
    minutes = activity.expected_minutes or int(
        (activity.ends_at - activity.starts_at).total_seconds() // 60
    )
    return max(1, min(MAX_MINUTES // 15, round(minutes / 15))) * 15


def _claim(activity, people: list[User], *, taken_by) -> None:
    if not people:
        return
    kind = rates.kind_for_text(activity.contribution_kind)
    if kind is None:
        raise DomainError(NO_RATE_CARD)
    try:
        create_register_claims(
            people, kind=kind, minutes=_minutes(activity), activity=activity, taken_by=taken_by
        )
    except NoRate as refusal:
        raise DomainError(
            _l(
                "Nothing was saved: there's no rate for %(kind)s on %(date)s, so the claims for "
                "this paid role can't be made. Ask an admin to add one to the rate card, then "
                "save the register again.",
                kind=rates.kind_name(kind),
                date=format_date(refusal.work_date, "long"),
            )
        ) from refusal


def _take_back(claims: list[Contribution], *, actor) -> None:
    """Cancel the claims still waiting; leave a note on any already approved or further on,
    for a worker to sort out."""
    waiting = [claim for claim in claims if claim.status == ClaimStatus.SUBMITTED]
    record_all(
        [
            entry_values(
                "claim.attendance_removed", actor=actor, subject=claim, status=claim.status
            )
            for claim in claims
            if claim.status != ClaimStatus.SUBMITTED
        ]
    )
    move_all(
        waiting,
        ClaimStatus.CANCELLED,
        actor=actor,
        expected=ClaimStatus.SUBMITTED,
        values={"cancel_reason": CancelReason.NOT_ATTENDED},
        reason="not_attended",
    )


def on_paid_role_rates(_sender, *, activities) -> dict[int, int]:
    """What "What's on" may say each paid role pays an hour (see `rates.hourly_rates_of`)."""
    return rates.hourly_rates_of(activities)


def connect_paid_roles() -> None:
    """Listen to the register, and answer "What's on" about rates (safe to call for every app:
    a receiver is connected once)."""
    from youthhub.activities.paid import paid_role_rates
    from youthhub.activities.register import paid_role_attendance

    paid_role_attendance.connect(on_paid_role_attendance)
    paid_role_rates.connect(on_paid_role_rates)
