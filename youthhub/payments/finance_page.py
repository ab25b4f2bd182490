"""What finance's payment queue shows of each claim, put together in one pass over the page.

The queue lists 50 approved claims and the 20 latest payments. Given ORM objects and left to the
template, each row cost ~500 Python calls: a kind's name, a date and a sum of money formatted
through filters, a claim's link and its hidden label translated, a waiting reason put into words,
each looked up again for every row. Here the rules are asked once a claim (as before), every
label is translated once a page, and each date, kind and amount is formatted once a page, so the
template only writes out the text.
"""

from dataclasses import dataclass, field

from flask_babel import gettext

from youthhub.accounts.models import User
from youthhub.core.formatting import format_date, format_money
from youthhub.core.links import row_link
from youthhub.payments.labels import CHOICE_NAMES, METHOD_NAMES, NO_CHOICE
from youthhub.payments.queries import FinanceQueue
from youthhub.payments.rates import kind_label
from youthhub.payments.rules import ClaimAction, paying_actions, why_waiting


@dataclass(slots=True)
class Line:
    """One claim or payment as a list shows it."""

    id: int
    text: str  # "Delivering training, 1 Dec 2024: £26.25"
    url: str  # the claim's page
    label: str  # "Claim 1729", for screen readers after "Open"
    payable: bool = False  # the signed-in person may tick it to pay through Stripe
    note: str | None = None  # what the claim waits for, or why this person may not pay it


@dataclass(slots=True)
class Group:
    """A young person's claims to be paid one way, as a fieldset of the queue."""

    legend: str  # "Jordan · Cash · £45.00"
    stripe_status: str | None  # shown for claims to be paid through Stripe only
    lines: list[Line] = field(default_factory=list)


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


def queue_groups(queue: FinanceQueue, me: User, words: Words) -> list[Group]:
    """The page's groups of approved claims, each claim with what `me` may do to it."""
    groups = []
    for group in queue.groups:
        shown = Group(
            f"{group.person.preferred_name} · {words.choice(group.method)} · "
            f"{words.money(group.total_pence)}",
            (group.stripe_status or "none") if group.method == "stripe" else None,
        )
        for claim in group.claims:
            line = words.line(
                claim.id,
                words.kind(claim.kind_code, claim.kind_name),
                claim.work_date,
                claim.payable_pence,
            )
            actions = paying_actions(claim, me)
            line.payable = ClaimAction.PAY in actions
            # What stops the claim being paid, or else stops this finance person paying it
            # (asked `is None`: the truth of a lazy string is its translation, once a row).
            reason = why_waiting(claim, group.stripe_status)
            if reason is None:
                reason = actions.four_eyes_refusal
            if reason is not None:
                line.note = words.reason(reason)
            shown.lines.append(line)
        groups.append(shown)
    return groups


@dataclass(slots=True)
class PaymentLine:
    """A payment made, as finance's list of the latest shows it."""

    url: str
    title: str  # "Jordan: Delivering training"
    paid_on: str
    amount: str
    method: str
    taken_back: str | None  # the amount taken back, if any


def latest_payments(queue: FinanceQueue, words: Words) -> list[PaymentLine]:
    return [
        PaymentLine(
            words.claim_url(row.contribution_id),
            f"{row.preferred_name}: {words.kind(row.kind_code, row.kind_name)}",
            words.date(row.paid_on),
            words.money(row.amount_pence),
            words.method(row.method),
            words.money(row.reversed_pence) if row.reversed_pence else None,
        )
        for row in queue.recent
    ]
