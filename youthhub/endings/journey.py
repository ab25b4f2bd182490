"""A young person's journey, as each part of the programme tells it.

Every domain that has something to say contributes one `JourneySource`, in its own package
as `youthhub/<domain>/journey.py`: the highlights a young person may choose to print on their
certificate (numbers only: "Took part in 12 activities"), and the dated entries of their
keepsake's timeline. The types are in `youthhub/core/journey.py`, below every domain, so a
domain describes its part without importing endings; endings only collects the sources, listed
by hand in `sources()` at the bottom, as blueprints are.

Highlights are counted when the certificate is issued and kept with it, so what a certificate
says never changes; their words are written in whatever language the page or PDF is in.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from youthhub.accounts.models import User
from youthhub.activities.journey import ActivitiesJourney
from youthhub.core.journey import (
    Highlight,
    HighlightKind,
    JourneySource,
    TimelineEntry,
    joined_on,
    whole_months_between,
)
from youthhub.core.time import LONDON, london_today
from youthhub.endings import queries
from youthhub.goals.journey import GoalsJourney
from youthhub.groups.journey import GroupsJourney
from youthhub.payments.journey import ContributionsJourney


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
        programme = current_app.config["PROGRAMME_NAME"]
        entries = [
            TimelineEntry.at_moment(
                person.created_at, _("Joined %(programme)s", programme=programme), "joined"
            )
        ]
        if ending.plan_updated_at:
            entries.append(
                TimelineEntry.at_moment(
                    ending.plan_updated_at, _("Worked on my ending plan"), "plan"
                )
            )
        if ending.graduated_on and ending.graduation_activity:
            event = ending.graduation_activity
            starts = event.starts_at
            entries.append(
                TimelineEntry(
                    ending.graduated_on,
                    _("Graduated at %(event)s!", event=event.title),
                    "graduated",
                    # The event's time, when it was on the graduation day.
                    starts if starts.astimezone(LONDON).date() == ending.graduated_on else None,
                )
            )
        elif ending.graduated_on:
            entries.append(TimelineEntry(ending.graduated_on, _("Graduated!"), "graduated"))
        certificate = queries.current_certificate(person)
        if certificate:
            entries.append(
                TimelineEntry.at_moment(
                    certificate.issued_at, _("Got my graduation certificate"), "certificate"
                )
            )
        return entries


def sources() -> tuple[JourneySource, ...]:
    """Every domain's contribution, in the order they are shown."""
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
    """Every source's entries by day; within a day by time, then in the natural order of kinds
    (`core.journey.TIMELINE_KINDS`)."""
    entries = [entry for source in sources() for entry in source.timeline(person, ending)]
    days: dict = {}
    for entry in entries:
        days.setdefault(entry.on, []).append(entry)
    return [entry for day in sorted(days) for entry in _in_order(days[day])]


def _in_order(day: list[TimelineEntry]) -> list[TimelineEntry]:
    """One day's entries: those with a time by time (then kind); each without a time (a
    graduation date, a claim's work date) goes before the first timed entry of a later kind."""
    ordered = sorted((e for e in day if e.at), key=lambda e: (e.at, e.rank))
    place = 0
    for entry in sorted((e for e in day if not e.at), key=lambda e: e.rank):
        while place < len(ordered) and ordered[place].rank <= entry.rank:
            place += 1
        ordered.insert(place, entry)
        place += 1
    return ordered
