"""Telling a young person when something happens to their money, in their own language: an
in-app notice (on their home page) and an email.

Both wait on the session, so they are seen and sent only if the change is committed.
"""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from youthhub.accounts.models import User
from youthhub.core.i18n import locale_for
from youthhub.core.links import public_url
from youthhub.core.mail import queue_email
from youthhub.core.templating import format_money
from youthhub.core.text import path_for
from youthhub.extensions import db
from youthhub.notices.services import add_notice
from youthhub.payments.notice_kinds import CLAIM_APPROVED, CLAIM_PAID, CLAIM_REJECTED


def _send(person: User, subject_and_message, *, kind=None, amount_pence=None) -> None:
    with force_locale(locale_for(person.locale)):
        subject, message = subject_and_message()
        add_notice(
            person,
            message,
            link=path_for("payments.money"),
            kind=kind,
            amount_pence=amount_pence,
        )
        if not person.email:  # no account yet: the notice waits for them, no email goes
            return
        queue_email(
            db.session,
            to=person.email,
            subject=subject,
            body=render_template(
                "payments/email/update.txt",
                person=person,
                message=message,
                link=public_url("payments.money"),
            ),
        )


def _claim_words(claim) -> dict:
    from youthhub.payments.rates import kind_name

    return {"kind": kind_name(claim.kind), "amount": format_money(claim.payable_pence)}


def claim_approved(claim) -> None:
    def words():
        message = _("Your claim for %(kind)s was approved: %(amount)s.", **_claim_words(claim))
        if claim.adjust_reason:
            message += " " + _(
                "Your worker changed the amount: %(reason)s", reason=claim.adjust_reason
            )
        return _("Your claim was approved"), message

    _send(claim.person, words, kind=CLAIM_APPROVED, amount_pence=claim.payable_pence)


def claim_rejected(claim) -> None:
    def words():
        return _("News about your claim"), _(
            "Your claim for %(kind)s wasn't approved. Your worker said: %(reason)s",
            kind=_claim_words(claim)["kind"],
            reason=claim.reject_reason,
        )

    _send(claim.person, words, kind=CLAIM_REJECTED)


def claim_paid(claim, payment) -> None:
    def words():
        return _("You've been paid"), _(
            "We've paid you %(amount)s for %(kind)s.",
            kind=_claim_words(claim)["kind"],
            amount=format_money(payment.amount_pence),
        )

    _send(claim.person, words, kind=CLAIM_PAID, amount_pence=payment.amount_pence)


def finish_stripe_setup(person: User) -> None:
    def words():
        return _("Finish setting up your payments"), _(
            "We're ready to pay you, but your Stripe setup isn't finished. Open your Money page "
            "and tap the button to finish it. It only takes a few minutes."
        )

    _send(person, words)


def payout_failed(person: User) -> None:
    def words():
        return _("Your bank details need fixing"), _(
            "Stripe couldn't send your money to your bank. Your bank details in Stripe need "
            "fixing. Open your Money page and tap the button to update them. Your money is safe."
        )

    _send(person, words)
