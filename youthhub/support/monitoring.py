"""What the monitoring page counts about support given, counted in SQL: young people and times
given per London date range (and per kind), a fixed number of small queries whatever the data."""

from collections.abc import Sequence
from datetime import date

from youthhub.core.buckets import bucket_counts
from youthhub.support.models import SupportGiven


def given_counts(days: Sequence[date], *, per_kind: bool) -> dict[tuple, tuple[int, int]]:
    """{(range index, kind id or None): (young people, times given)} for the ranges between
    the London dates `days` (each range from one date until the next, the last exclusive)."""
    return bucket_counts(
        SupportGiven.given_on,
        days,
        person=SupportGiven.person_id,
        by=SupportGiven.kind_id if per_kind else None,
    )
