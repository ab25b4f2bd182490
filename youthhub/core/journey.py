"""The shape of a young person's journey, which every domain tells its part of.

A domain that has something to say offers one `JourneySource` (in its own `journey.py`): the
highlights a young person may choose for their certificate (numbers only: "Took part in 12
activities") and the dated entries of their keepsake's timeline. The types live here, below
every domain, so a domain can describe its part without importing endings; endings only
collects the sources (`youthhub/endings/journey.py`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from youthhub.core.time import LONDON


@dataclass(frozen=True)
class HighlightKind:
    """One kind of highlight and how to say it, e.g. "months" -> "14 months with us"."""

    key: str
    describe: Callable[[int | float], str]


@dataclass(frozen=True)
class Highlight:
    key: str
    count: int | float  # a whole count, or hours to the quarter (38.5)


#: The natural order of a day's events on a keepsake's timeline, for events at the same moment
#: or one with no time of day (a graduation date, a claim's work date): someone joins before
#: they take part, takes part before they graduate, and graduates before the certificate.
TIMELINE_KINDS = (
    "joined",
    "group_joined",
    "activity",
    "goal_started",
    "win",
    "goal_achieved",
    "contribution",
    "plan",
    "graduated",
    "certificate",
)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event; `at` is its moment when known (ordering a day's events by time) and
    `kind` one of `TIMELINE_KINDS`."""

    on: date
    text: str
    kind: str
    at: datetime | None = None

    @classmethod
    def at_moment(cls, moment: datetime, text: str, kind: str) -> "TimelineEntry":
        return cls(moment.astimezone(LONDON).date(), text, kind, moment)

    @property
    def rank(self) -> int:
        return TIMELINE_KINDS.index(self.kind)


class JourneySource(Protocol):
    """What one domain adds to a young person's journey (`person` is an accounts `User`,
    `ending` their endings `Ending`)."""

    kinds: tuple[HighlightKind, ...]

    def highlights(self, person, ending) -> list[Highlight]: ...

    def timeline(self, person, ending) -> list[TimelineEntry]: ...


def joined_on(person) -> date:
    """The London date a person's account was made."""
    return person.created_at.astimezone(LONDON).date()


def whole_months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(0, months - (end.day < start.day))
