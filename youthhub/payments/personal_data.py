"""Money's personal data: claims, payments and how the person likes to be paid.

HMRC expects payment records for six years, so erasure keeps every claim and payment (amounts,
dates, kinds, who logged, approved and paid them) under the pseudonym `YP-<id>` the finance
CSV already uses, and removes only the words: what the claim was for and the reasons written
on it. Six years after the end of the tax year a kept record belongs to, the retention command
deletes it (`delete_expired_records`). How they liked to be paid is deleted; their Stripe
account is closed on Stripe after the erasure commits (`closures.py`), and only its id is kept
until it is."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from youthhub.accounts.personal_data import erased_people_query
from youthhub.core.audit import record
from youthhub.core.personal_data import MOVE, iso, move_rows
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.payments.closures import close_after_erasure
from youthhub.payments.labels import about_claim
from youthhub.payments.models import ClaimStatus, Contribution, Payment, PaymentProfile
from youthhub.payments.payment_links import relink
from youthhub.payments.rates import kind_name

KEEP_YEARS = 6  # HMRC: payment records for six years after the tax year they belong to
IN_PROGRESS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAYING)


def _name(user) -> str | None:
    return user.preferred_name if user else None


def _payment(payment: Payment | None) -> dict | None:
    if payment is None:
        return None
    return {
        "method": payment.method.value,
        "amount_pence": payment.amount_pence,
        "paid_on": iso(payment.paid_on),
        "reference": payment.reference,
        "reversed_pence": payment.reversed_pence,
        "reversed_at": iso(payment.reversed_at),
    }


def _claim(claim: Contribution) -> dict:
    return {
        "id": claim.id,
        "kind": kind_name(claim.kind),
        "work_date": iso(claim.work_date),
        "minutes": claim.minutes,
        "what_i_did": about_claim(claim),
        "amount_pence": claim.amount_pence,
        "approved_pence": claim.approved_pence,
        "wanted_pence": claim.wanted_pence,
        "status": claim.status.value,
        "payment_choice": claim.payment_choice.value if claim.payment_choice else None,
        "submitted_at": iso(claim.submitted_at),
        "approved_at": iso(claim.approved_at),
        "approved_by": _name(claim.approved_by),
        "change_reason": claim.adjust_reason,
        "reject_reason": claim.reject_reason,
        "paid_by": _name(claim.paid_by),
        "payment": _payment(claim.payment),
    }


class PaymentsData:
    key = "money"
    covers = {
        "rates.set_by_id": "kept: who set a rate",
        "contributions.person_id": "exported; kept six years under a pseudonym, without words",
        "contributions.submitted_by_id": "kept: who logged the claim",
        "contributions.approved_by_id": "kept: who approved it",
        "contributions.rejected_by_id": "kept: who rejected it",
        "contributions.paid_by_id": "kept: who paid it",
        "payments.person_id": "exported; kept six years under a pseudonym",
        "payments.recorded_by_id": "kept: who recorded the payment",
        "payment_profiles.user_id": "exported; deleted (their Stripe account is closed)",
        "stripe_closures.person_id": "kept: the Stripe account's id, until Stripe has closed it",
    }

    @property
    def merges(self) -> dict:
        return {
            "rates.set_by_id": MOVE,
            "contributions.person_id": _merge_claims,
            "contributions.submitted_by_id": MOVE,
            "contributions.approved_by_id": MOVE,
            "contributions.rejected_by_id": MOVE,
            "contributions.paid_by_id": MOVE,
            "payments.person_id": _merge_payments,
            "payments.recorded_by_id": MOVE,
            "payment_profiles.user_id": _merge_payment_profiles,
            "stripe_closures.person_id": MOVE,
        }

    def export(self, person) -> dict:
        claims = db.session.scalars(
            select(Contribution)
            .where(Contribution.person_id == person.id)
            .order_by(Contribution.work_date, Contribution.id)
        )
        profile = db.session.scalar(
            select(PaymentProfile).where(PaymentProfile.user_id == person.id)
        )
        return {
            "claims": [_claim(claim) for claim in claims],
            "payment_choices": None
            if profile is None
            else {
                "default_choice": profile.default_choice.value if profile.default_choice else None,
                "stripe_account": profile.stripe_account_id,
                "stripe_status": profile.stripe_status.value,
            },
        }

    def still_in_progress(self, person) -> list[str]:
        """Why erasing now would lose something the person is owed."""
        waiting = db.session.scalar(
            select(db.func.count(Contribution.id)).where(
                Contribution.person_id == person.id, Contribution.status.in_(IN_PROGRESS)
            )
        )
        return [_l("A claim is still being approved or paid.")] if waiting else []

    def erase(self, person) -> None:
        db.session.execute(
            update(Contribution)
            .where(Contribution.person_id == person.id)
            .values(description="", adjust_reason=None, reject_reason=None, last_problem=None)
        )
        profile = db.session.scalar(
            select(PaymentProfile).where(PaymentProfile.user_id == person.id)
        )
        if profile is not None:
            close_after_erasure(profile)
        db.session.execute(delete(PaymentProfile).where(PaymentProfile.user_id == person.id))


# Merging: claims and payments all move (money is never lost); how they like to be paid stays
# the kept record's.


def _merge_claims(merged_id: int, kept_id: int) -> None:
    """Every claim moves. If both records came to the same paid role, the register gave each a
    claim: the other record's is cancelled while it still waits for approval (a worker sees any
    further one, already approved or paid, in the claims list)."""
    from youthhub.payments.models import CancelReason
    from youthhub.payments.states import move

    live = Contribution.status.not_in((ClaimStatus.CANCELLED, ClaimStatus.REJECTED))
    kept_activities = set(
        db.session.scalars(
            select(Contribution.activity_id).where(
                Contribution.person_id == kept_id, Contribution.activity_id.is_not(None), live
            )
        )
    )
    doubles = db.session.scalars(
        select(Contribution).where(
            Contribution.person_id == merged_id,
            Contribution.activity_id.in_(kept_activities),
            Contribution.status == ClaimStatus.SUBMITTED,
        )
    )
    for claim in doubles:
        move(
            claim,
            ClaimStatus.CANCELLED,
            actor=None,
            values={"cancel_reason": CancelReason.WITHDRAWN},
            reason="merged_double",
        )
    db.session.flush()
    db.session.execute(
        update(Contribution).where(Contribution.person_id == merged_id).values(person_id=kept_id)
    )


def _merge_payment_profiles(merged_id: int, kept_id: int) -> None:
    if db.session.scalar(select(PaymentProfile.id).where(PaymentProfile.user_id == kept_id)):
        db.session.execute(delete(PaymentProfile).where(PaymentProfile.user_id == merged_id))
    else:
        db.session.execute(
            update(PaymentProfile)
            .where(PaymentProfile.user_id == merged_id)
            .values(user_id=kept_id)
        )


# Deleting money records after six years ----------------------------------------------------


def tax_year_end(day: date) -> date:
    """The last day (5 April) of the UK tax year `day` falls in."""
    end = date(day.year, 4, 5)
    return end if day <= end else date(day.year + 1, 4, 5)


def keep_until(day: date) -> date:
    """The last day a money record dated `day` is kept: six years after its tax year ends."""
    end = tax_year_end(day)
    return end.replace(year=end.year + KEEP_YEARS)


def last_deletable_date(today: date) -> date:
    """Records dated on or before this day have had their six years by `today` (so
    `keep_until(day) < today`): the most recent 5 April before today, six years back."""
    last_end = tax_year_end(today - timedelta(days=1))
    if last_end >= today:
        last_end = last_end.replace(year=last_end.year - 1)
    return last_end.replace(year=last_end.year - KEEP_YEARS)


def _start_of_day_after(day: date) -> datetime:
    """Midnight in London after `day`, as UTC: a time before it falls on `day` or earlier."""
    return datetime.combine(day + timedelta(days=1), time(), LONDON).astimezone(UTC)


def expired_claims(today: date) -> list[int]:
    """Claims of erased people whose last money date is more than six years past its tax
    year's end. That date is when it was paid (or a later reversal of the payment); for a
    claim never paid (turned down, withdrawn), the day its state last changed."""
    last_day = last_deletable_date(today)
    before = _start_of_day_after(last_day)
    paid_long_ago = (Payment.paid_on <= last_day) & (
        Payment.reversed_at.is_(None) | (Payment.reversed_at < before)
    )
    never_paid_long_ago = Payment.id.is_(None) & (Contribution.status_changed_at < before)
    return list(
        db.session.scalars(
            select(Contribution.id)
            .outerjoin(Payment, Payment.contribution_id == Contribution.id)
            .where(
                Contribution.person_id.in_(erased_people_query()),
                Contribution.status.not_in(IN_PROGRESS),
                paid_long_ago | never_paid_long_ago,
            )
            .order_by(Contribution.id)
        )
    )


def delete_expired_records(today: date) -> int:
    """Delete the claims (and their payments) `expired_claims` finds; how many claims went."""
    claim_ids = expired_claims(today)
    if claim_ids:
        paid = db.session.scalars(
            select(Payment.person_id).where(Payment.contribution_id.in_(claim_ids)).distinct()
        ).all()
        db.session.execute(delete(Payment).where(Payment.contribution_id.in_(claim_ids)))
        relink(paid)  # their payments left follow the ones before them that are left
        db.session.execute(delete(Contribution).where(Contribution.id.in_(claim_ids)))
        # The audit log says that it was done and up to which tax year, not whose they were.
        last_day = iso(last_deletable_date(today))
        record("money.records_deleted", actor=None, claims=len(claim_ids), up_to=last_day)
    return len(claim_ids)


def _merge_payments(merged_id: int, kept_id: int) -> None:
    """Both records' payments become one history: moved, then each linked to the payment
    before it in that history (a bulk move is not seen by the links' own bookkeeping)."""
    move_rows("payments.person_id", merged_id, kept_id)
    relink([kept_id])
