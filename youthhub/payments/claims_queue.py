"""The claims queue's lines as staff read them, each text made once a page (`page_words`).

A page of 50 claims read as ORM objects and drawn by a macro cost ~250 Python calls a claim. The
queue's rows are plain columns (`queries.claims_listed`), and each distinct kind, day, length and
amount is put into words once for the page.
"""

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Row

from youthhub.payments.page_words import Words


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
    words = Words()
    return [
        QueueLine(
            words.claim_url(row.id),
            row.name,
            words.kind(row.kind_code, row.kind_name),
            words.date(row.work_date),
            words.hours(row.minutes),
            words.money(row.payable_pence),
        )
        for row in rows
    ]
