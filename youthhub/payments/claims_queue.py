"""The claims queue's lines as staff read them, each text made once a page.

A page of 50 claims read as ORM objects and drawn by a macro cost ~250 Python calls a claim:
the objects themselves, then a kind name, a date, a length of time and an amount each asked of
the page's locale again. The queue's rows are plain columns (`queries.claims_listed`), and
each distinct value is formatted once here: 50 claims repeat a few kinds, lengths and amounts.
"""

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

from sqlalchemy import Row

from youthhub.core.formatting import REMEMBERED, format_date, format_money
from youthhub.core.i18n import page_locale
from youthhub.core.links import row_link
from youthhub.payments.labels import hours_label
from youthhub.payments.rates import kind_label


class QueueLine(NamedTuple):
    """One claim in the queue: where it opens, whose it is and what, when, how long, how much."""

    link: str
    name: str
    kind: str
    day: str
    hours: str
    amount: str


def queue_lines(rows: Iterable[Row]) -> list[QueueLine]:
    """The page's claims as the queue shows them, in the page's language."""
    link = row_link("payments_manage.claim", "claim_id")
    locale = page_locale()
    # Remembered for this page (a new cache each call: the page's language is fixed), and the
    # kind names and lengths in each language for good (translated, they cannot change).
    kind = cache(lambda code, name: _kind(locale, code, name))
    hours = cache(lambda minutes: _hours(locale, minutes))
    day, amount = cache(lambda value: format_date(value, "medium")), cache(format_money)
    return [
        QueueLine(
            link(row.id),
            row.name,
            kind(row.kind_code, row.kind_name),
            day(row.work_date),
            hours(row.minutes),
            amount(row.payable_pence),
        )
        for row in rows
    ]


@lru_cache(maxsize=REMEMBERED)
def _kind(locale, code: str, name: str) -> str:
    return kind_label(code, name)  # in `locale`, the page's


@lru_cache(maxsize=REMEMBERED)
def _hours(locale, minutes: int) -> str:
    return hours_label(minutes)  # in `locale`, the page's
