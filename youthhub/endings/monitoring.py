"""What the monitoring page counts about endings, counted in SQL: how many young people reached
each milestone in each range of London dates, one statement whatever the data."""

from collections.abc import Sequence
from datetime import date, datetime

from youthhub.core.buckets import Counting, counted_together
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
    ranges: Sequence[tuple[Sequence[date], Sequence[datetime]]], *, today: date
) -> list[dict[str, dict[int, int]]]:
    """For each (London dates, the same edges as UTC instants) of `ranges`: {milestone: {range
    index: young people}} over the ranges between those edges. A planned ending counts once its
    day has come (`today`)."""
    countings = []
    for days, instants in ranges:
        for name, (column, person, is_instant) in MILESTONES.items():
            where = (Ending.planned_on <= today,) if name == "planned" else ()
            countings.append(
                Counting(column, instants if is_instant else days, person, None, where)
            )
    found = iter(counted_together(countings))
    return [
        {
            name: {index: people for (index, _by), (people, _rows) in next(found).items()}
            for name in MILESTONES
        }
        for _range in ranges
    ]
