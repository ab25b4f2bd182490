"""What finance's payment queue shows of each claim, put together in one pass over the page.

The queue lists 50 approved claims and the 20 latest payments. Given ORM objects and left to the
template, each row cost ~500 Python calls: a kind's name, a date and a sum of money formatted
through filters, a claim's link and its hidden label translated, a waiting reason put into words,
each looked up again for every row. Here the rules are asked once a claim (as before), every
label is translated once a page, and each date, kind and amount is formatted once a page, so the
template only writes out the text.
"""

from dataclasses import dataclass, field

from youthhub.accounts.models import User
from youthhub.payments.page_words import Line, Words
from youthhub.payments.queries import FinanceQueue
from youthhub.payments.rules import ClaimAction, paying_actions, why_waiting


@dataclass(slots=True)
class Group:
    """A young person's claims to be paid one way, as a fieldset of the queue."""

    legend: str  # "Jordan · Cash · £45.00"
    stripe_status: str | None  # shown for claims to be paid through Stripe only
    lines: list[Line] = field(default_factory=list)


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
