"""What's on's cards: what each card shows, worked out once per page in Python.

A fortnight can hold fifty sessions or more. Each card used to read an ORM object, call a `url_for`
and two date filters and look its kind's name up from the template, several hundred calls a card;
here each is a few plain values the template's one loop writes out. The words every card shares
("Plenty of space", "You're booked", ...) stay in the template, translated once for the list.
"""

from typing import NamedTuple

from youthhub.activities import services
from youthhub.activities.labels import KIND_NAMES
from youthhub.activities.queries import places_left
from youthhub.core.formatting import datetime_formatter, format_money, time_formatter
from youthhub.core.labels import in_page_language
from youthhub.core.links import row_link


class Card(NamedTuple):
    # _activity_cards.html unpacks each card in this order.
    url: str
    title: str
    when: str  # e.g. "Wed 2 Dec, 10:00" to "12:00", London time, an en dash between
    place: str | None
    kind: str  # its kind's name in the page's language
    is_paid_role: bool
    rate: str | None  # a paid role's hourly rate ("£12.00"), if the programme shows it
    places_left: int | None  # None: no limit
    my_status: str | None  # the person's booking: "booked", "waitlisted" or None


def cards(rows, rates: dict[int, int]) -> list[Card]:
    """A card for each of `queries.whats_on`'s rows; `rates` are the paid roles' hourly rates in
    pence by activity id (`paid.hourly_rates`)."""
    url = row_link("activities.activity", "activity_id")
    kind_names = in_page_language(KIND_NAMES)
    when = datetime_formatter(services.WHEN_FORMAT)
    clock = time_formatter(services.CLOCK_FORMAT)
    return [
        Card(
            url(row.id),
            row.title,
            f"{when(row.starts_at)}\N{EN DASH}{clock(row.ends_at)}",
            row.place,
            kind_names.get(row.kind, row.kind),
            row.is_paid_role,
            format_money(rates[row.id]) if rates.get(row.id) else None,
            places_left(row.capacity, row.booked),
            row.my_status,
        )
        for row in rows
    ]
