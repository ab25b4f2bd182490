"""A young person's journey, as each part of the programme tells it.

Every domain that has something to say contributes one `JourneySource` (in its own package, as
`youthhub/<domain>/journey.py`): the highlights a young person may choose to print on their
certificate (numbers only: "Took part in 12 activities"), and the dated entries of their
keepsake's timeline. The sources are listed by hand in `sources()` at the bottom, as blueprints
are: a domain that has not landed yet is simply not listed.

Highlights are counted when the certificate is issued and kept with it, so what a certificate
says never changes; their words are written in whatever language the page or PDF is in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from youthhub.accounts.models import User
from youthhub.core.time import LONDON, london_today


@dataclass(frozen=True)
class HighlightKind:
    """One kind of highlight and how to say it, e.g. "months" -> "14 months with us"."""

    key: str
    describe: Callable[[int], str]


@dataclass(frozen=True)
class Highlight:
    key: str
    count: int


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    text: str


class JourneySource(Protocol):
    kinds: tuple[HighlightKind, ...]

    def highlights(self, person: User, ending) -> list[Highlight]: ...

    def timeline(self, person: User, ending) -> list[TimelineEntry]: ...


def joined_on(person: User) -> date:
    """The London date a person's account was made."""
    return person.created_at.astimezone(LONDON).date()


def whole_months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(0, months - (end.day < start.day))


class AccountJourney:
    """The account itself: when they joined, planned their ending, graduated and got their
    certificate."""

    kinds = (
        HighlightKind(
            "months",
            lambda n: ngettext("%(num)d month with us", "%(num)d months with us", n),
        ),
    )

    def highlights(self, person, ending) -> list[Highlight]:
        until = min(ending.graduated_on or london_today(), london_today())
        return [Highlight("months", whole_months_between(joined_on(person), until))]

    def timeline(self, person, ending) -> list[TimelineEntry]:
        from youthhub.endings import queries

        programme = current_app.config["PROGRAMME_NAME"]
        entries = [TimelineEntry(joined_on(person), _("Joined %(programme)s", programme=programme))]
        if ending.plan_updated_at:
            entries.append(
                TimelineEntry(
                    ending.plan_updated_at.astimezone(LONDON).date(),
                    _("Worked on my ending plan"),
                )
            )
        if ending.graduated_on and ending.graduation_activity:
            event = ending.graduation_activity.title
            entries.append(
                TimelineEntry(ending.graduated_on, _("Graduated at %(event)s!", event=event))
            )
        elif ending.graduated_on:
            entries.append(TimelineEntry(ending.graduated_on, _("Graduated!")))
        certificate = queries.current_certificate(person)
        if certificate:
            entries.append(
                TimelineEntry(
                    certificate.issued_at.astimezone(LONDON).date(),
                    _("Got my graduation certificate"),
                )
            )
        return entries


def sources() -> tuple[JourneySource, ...]:
    """Every domain's contribution, in the order they are shown."""
    # Imported here: each domain's source builds on the types above.
    from youthhub.activities.journey import ActivitiesJourney
    from youthhub.goals.journey import GoalsJourney
    from youthhub.groups.journey import GroupsJourney
    from youthhub.payments.journey import ContributionsJourney

    return (
        AccountJourney(),
        ActivitiesJourney(),
        GroupsJourney(),
        GoalsJourney(),
        ContributionsJourney(),
    )


def highlight_kinds() -> dict[str, HighlightKind]:
    return {kind.key: kind for source in sources() for kind in source.kinds}


def available_highlights(person: User, ending) -> list[Highlight]:
    """Every highlight with something to show, in the order the sources are listed."""
    found = [item for source in sources() for item in source.highlights(person, ending)]
    return [item for item in found if item.count > 0]


def describe(item: Highlight | dict) -> str | None:
    """A highlight in words, in the current language; None for a kind no longer known."""
    key, count = (item["key"], item["count"]) if isinstance(item, dict) else (item.key, item.count)
    kind = highlight_kinds().get(key)
    return kind.describe(count) if kind else None


def timeline(person: User, ending) -> list[TimelineEntry]:
    entries = [entry for source in sources() for entry in source.timeline(person, ending)]
    return sorted(entries, key=lambda entry: entry.on)
