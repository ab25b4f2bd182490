"""The monitoring page's sections, by key, in the order the page, the CSVs and the board's
PDF show them. A new section is a module with `section(period, limit) -> Section` whose
`Section.key` is its key here."""

from youthhub.reports.monitoring import (
    activities,
    endings,
    equality,
    goals,
    groups,
    money,
    reach,
    support,
)

SECTIONS = {
    "reach": reach.section,
    "activities": activities.section,
    "groups": groups.section,
    "money": money.section,
    "goals": goals.section,
    "equality": equality.section,
    "support": support.section,
    "endings": endings.section,
}


def build(period, limit):
    return [make(period, limit) for make in SECTIONS.values()]


def find(key, period, limit):
    """One section (only that one is worked out), or None."""
    make = SECTIONS.get(key)
    return make(period, limit) if make else None
