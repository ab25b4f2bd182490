"""What the monitoring page counts about endings, counted in SQL: how many young people reached
each milestone in each range of London dates, a fixed number of small queries whatever the
data."""

from collections.abc import Sequence
from datetime import date, datetime

from youthhub.core.buckets import bucket_counts
from youthhub.endings.models import Certificate, Ending

# Each milestone: its column, whose it is, and whether it is an instant (else a London date).
MILESTONES = {
    "planned": (Ending.planned_on, Ending.person_id, False),
    "plans": (Ending.plan_updated_at, Ending.person_id, True),  # a plan's last change
    "graduated": (Ending.graduated_on, Ending.person_id, False),
    "issued": (Certificate.issued_at, Certificate.person_id, True),
    "revoked": (Certificate.revoked_at, Certificate.person_id, True),
}


def milestone_counts(
    name: str, days: Sequence[date], instants: Sequence[datetime], *, today: date
) -> dict[int, int]:
    """{range index: young people} for one milestone, over the ranges between the London dates
    `days` (`instants` are the same edges as UTC instants). A planned ending counts once its day
    has come (`today`)."""
    column, person, is_instant = MILESTONES[name]
    where = (Ending.planned_on <= today,) if name == "planned" else ()
    found = bucket_counts(column, instants if is_instant else days, person=person, where=where)
    return {index: people for (index, _by), (people, _rows) in found.items()}
