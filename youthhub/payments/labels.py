"""What claim states, payment choices and methods are called on the page (translated)."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from youthhub.core.formatting import format_decimal
from youthhub.core.labels import TranslatedOnce, per_request
from youthhub.payments.models import (
    CancelReason,
    ClaimStatus,
    PaymentChoice,
    PaymentMethod,
    StripeStatus,
)

STATUS_NAMES = {
    ClaimStatus.SUBMITTED: _l("Waiting for approval"),
    ClaimStatus.APPROVED: _l("Approved, waiting to be paid"),
    ClaimStatus.PAYING: _l("Being paid"),
    ClaimStatus.PAID: _l("Paid"),
    ClaimStatus.REJECTED: _l("Not approved"),
    ClaimStatus.FAILED: _l("Payment didn't work"),
    ClaimStatus.REVERSED: _l("Payment taken back"),
    ClaimStatus.CANCELLED: _l("Closed"),
}
STATUS_TAGS = {
    ClaimStatus.SUBMITTED: "tag--waiting",
    ClaimStatus.APPROVED: "tag--waiting",
    ClaimStatus.PAYING: "tag--waiting",
    ClaimStatus.PAID: "tag--good",
    ClaimStatus.REJECTED: "tag--bad",
    ClaimStatus.FAILED: "tag--bad",
    ClaimStatus.REVERSED: "tag--bad",
    ClaimStatus.CANCELLED: "",
}
CANCEL_REASONS = {
    CancelReason.WITHDRAWN: _l("Taken back"),
    CancelReason.DECLINED: _l("You said no to payment"),
    CancelReason.NOT_ATTENDED: _l("The register says you weren't there"),
    CancelReason.GIVEN_UP: _l("Payment stopped"),
}
CHOICE_NAMES = {
    PaymentChoice.STRIPE: _l("To my bank, through Stripe"),
    PaymentChoice.BANK_TRANSFER: _l("Bank transfer from the programme"),
    PaymentChoice.CASH: _l("Cash"),
    PaymentChoice.VOUCHER: _l("A voucher"),
    PaymentChoice.DONATE: _l("Give it to charity"),
    PaymentChoice.DECLINE: _l("No thanks, I don't want paying"),
}
CHOICE_HINTS = {
    PaymentChoice.STRIPE: _l(
        "For people aged 18 or over. You set it up once with Stripe, and the money goes "
        "straight to your own bank account."
    ),
    PaymentChoice.BANK_TRANSFER: _l("Our finance team sends it to your bank."),
    PaymentChoice.CASH: _l("You collect it from the team."),
    PaymentChoice.VOUCHER: _l("A shop voucher for the same amount."),
    PaymentChoice.DONATE: _l("We give the money to a charity instead of paying you."),
    PaymentChoice.DECLINE: _l("That's fine. Your work still counts and stays on your record."),
}
METHOD_NAMES = {
    PaymentMethod.STRIPE: _l("Stripe"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.CASH: _l("Cash"),
    PaymentMethod.VOUCHER: _l("Voucher"),
    PaymentMethod.DONATED: _l("Given to charity"),
}
STRIPE_STATUS_NAMES = {
    StripeStatus.NONE: _l("Not set up"),
    StripeStatus.PENDING: _l("Setup not finished"),
    StripeStatus.READY: _l("Ready"),
    StripeStatus.RESTRICTED: _l("Stripe needs more details"),
}
NO_CHOICE = _l("Not chosen yet")
# What finance is told when Stripe did not pay a claim (`paying.PayResult` values).
PAY_PROBLEMS = {
    "not_ready": _l(
        "%(name)s hasn't finished setting up Stripe. We've asked them to finish; the claim "
        "is still in the queue."
    ),
    "balance_low": _l(
        "There isn't enough money in the Stripe balance to pay %(name)s. Top it up, then try "
        "again: the claim is back in the queue."
    ),
    "try_later": _l(
        "Stripe is busy. The claim for %(name)s is back in the queue: try again in a minute."
    ),
    "failed": _l("Stripe refused the payment to %(name)s. See the claim for what Stripe said."),
    "unknown": _l(
        "We didn't hear back from Stripe about %(name)s. Nothing will be paid twice: check "
        "payments in progress in a few minutes."
    ),
}


@per_request  # a list of claims repeats a few lengths of time
def hours_label(minutes: int) -> str:
    """ "1 hour", "1.5 hours" (Welsh says "awr" after any number)."""
    from decimal import Decimal

    from flask_babel import ngettext

    hours = format_decimal(Decimal(minutes) / 60)
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if minutes == 60 else 5, hours=hours)


def about_claim(claim) -> str:
    """What the claim was for: the young person's words, or which register made it."""
    if claim.from_register and claim.description:
        # A plain str (not lazy), so the page escapes the activity's title.
        return gettext("From the register of %(activity)s", activity=claim.description)
    return claim.description


def labels() -> dict:
    """The names pages use, each translated once per render (a context processor's call)."""
    return {
        "about_claim": about_claim,
        "claim_status_names": TranslatedOnce(STATUS_NAMES),
        "claim_status_tags": STATUS_TAGS,
        "cancel_reasons": TranslatedOnce(CANCEL_REASONS),
        "choice_names": TranslatedOnce(CHOICE_NAMES),
        "choice_hints": TranslatedOnce(CHOICE_HINTS),
        "hours_label": hours_label,
        "method_names": TranslatedOnce(METHOD_NAMES),
        "stripe_status_names": TranslatedOnce(STRIPE_STATUS_NAMES),
        "no_choice": NO_CHOICE,
    }
