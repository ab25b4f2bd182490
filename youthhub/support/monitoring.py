"""What the monitoring page counts about support given, counted in SQL: young people and times
given per London date range (and per kind), one statement whatever the data."""

from collections.abc import Sequence
from datetime import date

from youthhub.core.buckets import Counting, counted_together
from youthhub.support.models import SupportGiven


def given_counts(
    ranges: Sequence[tuple[Sequence[date], bool]],
) -> list[dict[tuple, tuple[int, int]]]:
    """For each (London dates, per kind?) of `ranges`: {(range index, kind id or None): (young
    people, times given)} for the ranges between those dates (each from one date until the
    next, the last exclusive)."""
    return counted_together(
        [
            Counting(
                SupportGiven.given_on,
                days,
                SupportGiven.person_id,
                SupportGiven.kind_id if per_kind else None,
            )
            for days, per_kind in ranges
        ]
    )
