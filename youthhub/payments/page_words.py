"""The words a staff list of claims repeats, each put into words once for the page.

Given ORM objects and left to the template, a list row cost hundreds of Python calls: a kind's
name, a date and a sum of money formatted through filters, a claim's link and its hidden label
translated, each looked up again for every row. 50 claims repeat a few kinds, days, lengths and
amounts: here each distinct one is put into words once a page (the page's language is fixed).
Used by the finance queue (`finance_page`) and the claims queue (`claims_queue`).
"""

from dataclasses import dataclass

from flask_babel import gettext

from youthhub.core.formatting import format_date, format_money
from youthhub.core.links import row_link
from youthhub.payments.labels import CHOICE_NAMES, METHOD_NAMES, NO_CHOICE, hours_label
from youthhub.payments.rates import kind_label


@dataclass(slots=True)
class Line:
    """One claim or payment as a list shows it."""

    id: int
    text: str  # "Delivering training, 1 Dec 2024: £26.25"
    url: str  # the claim's page
    label: str  # "Claim 1729", for screen readers after "Open"
    payable: bool = False  # the signed-in person may tick it to pay through Stripe
    note: str | None = None  # what the claim waits for, or why this person may not pay it


class Words:
    """Each piece of text a list repeats, put into words once for the page."""

    def __init__(self):
        self.claim_url = row_link("payments_manage.claim", "claim_id")
        self.claim_label = gettext("Claim %(number)s")
        self._seen: dict = {}

    def once(self, kind: str, value, make) -> str:
        key = (kind, value)
        try:
            return self._seen[key]
        except KeyError:
            self._seen[key] = text = make(value)
            return text

    def money(self, pence: int) -> str:
        return self.once("money", pence, format_money)

    def date(self, day) -> str:
        return self.once("date", day, _medium_date)

    def kind(self, code: str | None, name: str) -> str:
        return self.once("kind", (code, name), lambda pair: kind_label(*pair))

    def choice(self, method) -> str:
        return self.once("choice", method, lambda m: str(CHOICE_NAMES[m] if m else NO_CHOICE))

    def hours(self, minutes: int) -> str:
        return self.once("hours", minutes, hours_label)

    def method(self, method) -> str:
        return self.once("method", method, lambda m: str(METHOD_NAMES[m]))

    def reason(self, reason) -> str:
        """A waiting reason or refusal, one of a few kept in `rules`: by its identity."""
        return self.once("reason", id(reason), lambda _: str(reason))

    def line(self, claim_id: int, kind: str, day, pence: int) -> Line:
        return Line(
            claim_id,
            f"{kind}, {self.date(day)}: {self.money(pence)}",
            self.claim_url(claim_id),
            self.claim_label % {"number": claim_id},
        )


def _medium_date(day) -> str:
    return format_date(day, "medium")
