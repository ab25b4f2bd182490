"""Money's personal data: claims, payments and how the person likes to be paid.

HMRC expects payment records for six years, so erasure keeps every claim and payment (amounts,
dates, kinds, who logged, approved and paid them) under the pseudonym `YP-<id>` the finance
CSV already uses, and removes only the words: what the claim was for and the reasons written
on it. How they liked to be paid (and their Stripe account's id) is deleted."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from youthhub.core.personal_data import MOVE, iso
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, Contribution, Payment, PaymentProfile
from youthhub.payments.rates import kind_name

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
        "what_i_did": claim.description,
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
        "payment_profiles.user_id": "exported; deleted",
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
            "payments.person_id": MOVE,
            "payments.recorded_by_id": MOVE,
            "payment_profiles.user_id": _merge_payment_profiles,
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
