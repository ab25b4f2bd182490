"""Claims: logging a contribution, approving or rejecting it, and recording a payment made
without Stripe. (The young person's choices are in `choices.py`, paying through Stripe in
`paying.py`, claims from the register's paid roles in `paid_roles.py`.)

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Who may do what (four eyes among it) is `rules.py`: each service calls its check from there, and
the pages ask the same checks what to offer.
"""

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import Role, User
from youthhub.core.audit import entry_values, record, record_all
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.forms import NO_HOURS, QUARTER_HOURS
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.payments import (
    emails,
    payment_links,  # noqa: F401 (keeps each payment's links as it is saved)
    rates,
)
from youthhub.payments.models import (
    CancelReason,
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
    PaymentProfile,
    Rate,
)
from youthhub.payments.rules import (
    check_may_approve,
    check_may_pay,
    check_may_reject,
    check_may_settle_failed,
    check_may_withdraw,
    old_enough_for_stripe,
)
from youthhub.payments.states import move

MAX_MINUTES = 12 * 60
TOO_MANY_HOURS = _l(
    "A claim can be for up to %(most)s hours. For longer work, log each day as its own claim.",
    most=MAX_MINUTES // 60,
)
OLDEST_WORK_DAYS = 366
MAX_CLAIM_PENCE = 1_000_00
RECORDED_METHODS = (
    PaymentMethod.BANK_TRANSFER,
    PaymentMethod.CASH,
    PaymentMethod.VOUCHER,
    PaymentMethod.DONATED,
)


# Payment profiles --------------------------------------------------------------------------


def profile_for(person: User) -> PaymentProfile:
    """The person's payment profile, made on first use (once, even from two tabs at once)."""
    query = select(PaymentProfile).where(PaymentProfile.user_id == person.id)
    profile = db.session.scalar(query)
    if profile is None:
        try:
            with db.session.begin_nested():
                profile = PaymentProfile(user_id=person.id)
                db.session.add(profile)
        except IntegrityError:
            profile = db.session.scalar(query)
    return profile


# Logging claims ----------------------------------------------------------------------------


def create_claim(person, *, actor, kind, work_date, minutes, description, activity_id=None):
    """A submitted claim priced at the rate on `work_date`, without permission checks: for
    `log_contribution` and demo data. Raises DomainError if no rate."""
    rate = _rate_or_refuse(kind, work_date)
    claim = Contribution(
        **_claim_values(
            person,
            rate,
            work_date=work_date,
            minutes=minutes,
            description=description,
            activity_id=activity_id,
            choice=_first_choice(person, profile_for(person).default_choice, work_date),
            logged_by=actor,
        )
    )
    db.session.add(claim)
    db.session.flush()
    record("claim.logged", actor=actor, subject=claim, **_logged_details(claim, kind))
    return claim


def create_register_claims(
    people: list[User], *, kind: ContributionKind, minutes: int, activity, taken_by: User
) -> list[Contribution]:
    """One submitted claim per young person who came to a paid role, described by the activity
    (shown as "From the register of ..."). Each is the young person's own and logged in their
    name: the register is the evidence, so the worker who took it may approve it (`rules`).
    Runs the same few queries however many came. Raises NoRate if there is no rate."""
    if not people:
        return []
    work_date = activity.starts_at.astimezone(LONDON).date()
    rate = _rate_or_refuse(kind, work_date)
    choices = _default_choices(person.id for person in people)
    values = [
        _claim_values(
            person,
            rate,
            work_date=work_date,
            minutes=minutes,
            description=activity.title[:300],
            activity_id=activity.id,
            choice=_first_choice(person, choices.get(person.id), work_date),
            logged_by=person,
        )
        for person in people
    ]
    # One INSERT for them all (added one by one, SQLite would need one INSERT each).
    claims = list(db.session.scalars(insert(Contribution).returning(Contribution), values))
    by_id = {person.id: person for person in people}
    record_all(
        [
            entry_values(
                "claim.logged",
                actor=by_id[claim.person_id],
                subject=claim,
                register_taken_by_id=taken_by.id,
                **_logged_details(claim, kind),
            )
            for claim in claims
        ]
    )
    return claims


class NoRate(DomainError):
    """No rate for the kind of work on the day it was done, so no claim can be priced."""

    def __init__(self, work_date: date):
        super().__init__(_l("There's no rate for that kind of work on that date yet."))
        self.work_date = work_date


def _rate_or_refuse(kind: ContributionKind, work_date: date) -> Rate:
    rate = rates.rate_on(kind, work_date)
    if rate is None:
        raise NoRate(work_date)
    return rate


def _default_choices(person_ids) -> dict[int, PaymentChoice | None]:
    """Each person's default way to be paid, in one query (nobody's profile is made here)."""
    rows = db.session.execute(
        select(PaymentProfile.user_id, PaymentProfile.default_choice).where(
            PaymentProfile.user_id.in_(list(person_ids))
        )
    )
    return dict(rows.all())


def _first_choice(person: User, choice: PaymentChoice | None, work_date: date):
    """A new claim starts with the person's default choice, unless Stripe can't pay them yet."""
    if choice == PaymentChoice.STRIPE and not old_enough_for_stripe(person, work_date):
        return None
    return choice


def _claim_values(
    person: User, rate: Rate, *, work_date, minutes, description, activity_id, choice, logged_by
) -> dict:
    now = utcnow()
    return {
        "person_id": person.id,
        "kind_id": rate.kind_id,
        "work_date": work_date,
        "minutes": minutes,
        "description": description.strip(),
        "activity_id": activity_id,
        "hourly_pence": rate.hourly_pence,
        "minimum_pence": rate.minimum_pence,
        "amount_pence": rates.price(rate.hourly_pence, rate.minimum_pence, minutes),
        "status": ClaimStatus.SUBMITTED,
        "status_changed_at": now,
        "payment_choice": choice,
        "submitted_by_id": logged_by.id if logged_by else None,
        "submitted_at": now,
    }


def _logged_details(claim: Contribution, kind: ContributionKind) -> dict:
    return {
        "person_id": claim.person_id,
        "kind": kind.code,
        "work_date": claim.work_date.isoformat(),
        "minutes": claim.minutes,
        "amount_pence": claim.amount_pence,
        "activity_id": claim.activity_id,
    }


def log_contribution(
    person: User,
    *,
    actor: User,
    kind: ContributionKind,
    work_date: date,
    minutes: int,
    description: str,
    taken_at: datetime | None = None,
) -> Contribution:
    """A young person (or a youth worker for them) logs paid work: priced at that day's rate.
    `taken_at` is when it was logged (now, if not given: a claim saved on a phone offline is
    judged by the day it was made, and keeps that time as when it was submitted)."""
    if actor.id != person.id and not actor.has_role(Role.YOUTH_WORKER):
        raise NotAllowed(_l("Only you or a youth worker can log your contributions."))
    if not person.has_role(Role.YOUNG_PERSON) or not person.is_active:
        raise DomainError(_l("Contributions can only be logged for young people taking part."))
    today = taken_at.astimezone(LONDON).date() if taken_at else london_today()
    if work_date > today:
        raise DomainError(_l("The date can't be in the future."))
    if work_date < today - timedelta(days=OLDEST_WORK_DAYS):
        raise DomainError(_l("That's more than a year ago. Please talk to your worker."))
    _check_hours(minutes)
    if not description.strip():
        raise DomainError(_l("Say in a few words what you did."))
    claim = create_claim(
        person,
        actor=actor,
        kind=kind,
        work_date=work_date,
        minutes=minutes,
        description=description[:300],
    )
    if taken_at is not None:
        claim.submitted_at = taken_at
    return claim


def _check_hours(minutes: int) -> None:
    """Each rule says its own words (the claim form's box says the same ones)."""
    if minutes <= 0:
        raise DomainError(NO_HOURS)
    if minutes > MAX_MINUTES:
        raise DomainError(TOO_MANY_HOURS)
    if minutes % 15:
        raise DomainError(QUARTER_HOURS)


def withdraw_contribution(claim: Contribution, *, actor: User) -> None:
    """The young person takes back their claim nobody has approved yet."""
    check_may_withdraw(claim, actor)
    move(
        claim,
        ClaimStatus.CANCELLED,
        actor=actor,
        values={"cancel_reason": CancelReason.WITHDRAWN},
        reason="withdrawn",
    )


# Approving and rejecting (youth workers) ---------------------------------------------------


def approve_contribution(
    claim: Contribution, *, actor: User, amount_pence: int | None = None, reason: str = ""
) -> None:
    """Approve at the priced amount, or at another amount with a reason."""
    check_may_approve(claim, actor)
    amount = claim.amount_pence if amount_pence is None else amount_pence
    reason = reason.strip()[:300]
    if not 0 < amount <= MAX_CLAIM_PENCE:
        raise DomainError(_l("Enter an amount between £0.01 and £1,000."))
    if amount != claim.amount_pence and not reason:
        raise DomainError(_l("Say why you're changing the amount. The young person will see it."))
    move(
        claim,
        ClaimStatus.APPROVED,
        actor=actor,
        expected=ClaimStatus.SUBMITTED,
        values={
            "approved_by_id": actor.id,
            "approved_at": utcnow(),
            "approved_pence": amount,
            "adjust_reason": reason if amount != claim.amount_pence else None,
        },
        amount_pence=amount,
        priced_pence=claim.amount_pence,
        reason=reason or None,
    )
    emails.claim_approved(claim)


def reject_contribution(claim: Contribution, *, actor: User, reason: str) -> None:
    """Turn a claim down, saying why (the young person sees the reason)."""
    check_may_reject(claim, actor)
    reason = reason.strip()[:300]
    if not reason:
        raise DomainError(_l("Say why the claim is turned down. The young person will see it."))
    move(
        claim,
        ClaimStatus.REJECTED,
        actor=actor,
        values={"rejected_by_id": actor.id, "reject_reason": reason},
        reason=reason,
    )
    emails.claim_rejected(claim)


# Paying another way (finance) --------------------------------------------------------------


def record_payment(
    claim: Contribution, *, actor: User, method: PaymentMethod, paid_on: date, reference: str
) -> Payment:
    """Finance records a payment made without Stripe (bank transfer, cash, voucher, donation)."""
    check_may_pay(claim, actor)
    if method not in RECORDED_METHODS:
        raise DomainError(_l("Choose how it was paid."))
    if paid_on > london_today():
        raise DomainError(_l("The date paid can't be in the future."))
    payment = Payment(
        contribution_id=claim.id,
        person_id=claim.person_id,
        method=method,
        amount_pence=claim.payable_pence,
        minutes=claim.minutes,
        paid_on=paid_on,
        reference=reference.strip()[:100],
        recorded_by_id=actor.id,
    )
    move(
        claim,
        ClaimStatus.PAID,
        actor=actor,
        expected=ClaimStatus.APPROVED,
        values={"paid_by_id": actor.id},
        method=method.value,
        amount_pence=payment.amount_pence,
    )
    db.session.add(payment)
    db.session.flush()
    record(
        "payment.recorded",
        actor=actor,
        subject=payment,
        contribution_id=claim.id,
        method=method.value,
        amount_pence=payment.amount_pence,
        paid_on=paid_on.isoformat(),
        reference=payment.reference,
    )
    emails.claim_paid(claim, payment)
    return payment


def retry_failed(claim: Contribution, *, actor: User) -> None:
    """Put a claim whose payment failed back in the queue to be paid again."""
    check_may_settle_failed(claim, actor)
    move(claim, ClaimStatus.APPROVED, actor=actor, expected=ClaimStatus.FAILED, reason="retry")


def give_up_failed(claim: Contribution, *, actor: User) -> None:
    """Stop trying to pay a claim whose payment failed."""
    check_may_settle_failed(claim, actor)
    move(
        claim,
        ClaimStatus.CANCELLED,
        actor=actor,
        expected=ClaimStatus.FAILED,
        values={"cancel_reason": CancelReason.GIVEN_UP},
        reason="given_up",
    )
