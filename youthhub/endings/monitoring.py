"""What the monitoring page counts about endings: when each young person's milestones fell, in
London dates, read in two narrow queries whatever the period."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from youthhub.core.time import LONDON
from youthhub.endings.models import Certificate, Ending
from youthhub.extensions import db


@dataclass(frozen=True)
class Milestones:
    """(young person id, London date) pairs for each kind of milestone in a window."""

    planned: list[tuple[int, date]]  # planned ending dates
    plans: list[tuple[int, date]]  # ending plans written (last changed)
    graduated: list[tuple[int, date]]
    issued: list[tuple[int, date]]  # certificates issued
    revoked: list[tuple[int, date]]  # certificates revoked


def _day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _within(pairs, first: date, last: date) -> list[tuple[int, date]]:
    return [(person, day) for person, day in pairs if day is not None and first <= day <= last]


def milestones(first: date, last: date, low: datetime, high: datetime) -> Milestones:
    """Milestones from London date `first` to `last` (inclusive); `low`/`high` are the same
    window as UTC instants, for the columns that are times."""
    endings = db.session.execute(
        select(
            Ending.person_id, Ending.planned_on, Ending.plan_updated_at, Ending.graduated_on
        ).where(
            or_(
                Ending.planned_on.between(first, last),
                Ending.graduated_on.between(first, last),
                (Ending.plan_updated_at >= low) & (Ending.plan_updated_at < high),
            )
        )
    ).all()
    certificates = db.session.execute(
        select(Certificate.person_id, Certificate.issued_at, Certificate.revoked_at).where(
            or_(
                (Certificate.issued_at >= low) & (Certificate.issued_at < high),
                (Certificate.revoked_at >= low) & (Certificate.revoked_at < high),
            )
        )
    ).all()
    return Milestones(
        planned=_within(((row.person_id, row.planned_on) for row in endings), first, last),
        plans=_within(
            (
                (row.person_id, _day(row.plan_updated_at))
                for row in endings
                if row.plan_updated_at is not None
            ),
            first,
            last,
        ),
        graduated=_within(((row.person_id, row.graduated_on) for row in endings), first, last),
        issued=_within(((row.person_id, _day(row.issued_at)) for row in certificates), first, last),
        revoked=_within(
            (
                (row.person_id, _day(row.revoked_at))
                for row in certificates
                if row.revoked_at is not None
            ),
            first,
            last,
        ),
    )
