"""Money: contribution kinds and their rates, claims (`Contribution`), `Payment`s, each young
person's `PaymentProfile` (how they like to be paid, their Stripe account), and the Stripe
events already handled. Money is always integer pence (GBP)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.accounts.models import User
from youthhub.core.columns import enum_column
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class ClaimStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PAYING = "paying"
    PAID = "paid"
    REJECTED = "rejected"
    FAILED = "failed"
    REVERSED = "reversed"
    CANCELLED = "cancelled"


class PaymentChoice(StrEnum):
    """How the young person wants to be paid for a claim (or by default)."""

    STRIPE = "stripe"
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"
    VOUCHER = "voucher"
    DONATE = "donate"
    DECLINE = "decline"


# A claim whose young person said no to payment, took less or gave their pay to charity: few
# claims, so monitoring's pay choices read them alone (a query names this very text beside its
# own conditions, so SQLite sees the partial index applies).
MADE_A_CHOICE = (
    "(cancel_reason = 'declined' OR wanted_pence IS NOT NULL OR payment_choice = 'donate')"
)


class PaymentMethod(StrEnum):
    """How a payment was actually made."""

    STRIPE = "stripe"
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"
    VOUCHER = "voucher"
    DONATED = "donated"


class CancelReason(StrEnum):
    WITHDRAWN = "withdrawn"  # the young person (or a worker) took the claim back
    DECLINED = "declined"  # the young person chose not to be paid
    NOT_ATTENDED = "not_attended"  # the register was corrected
    GIVEN_UP = "given_up"  # finance stopped a failed payment


class ContributionKind(db.Model):
    """A kind of paid contribution. The standard kinds have a `code` (and a translated name);
    kinds an admin adds have only a `name`."""

    __tablename__ = "contribution_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rates: Mapped[list["Rate"]] = relationship(
        back_populates="kind", order_by="Rate.effective_from.desc()"
    )

    def __repr__(self) -> str:
        return f"<ContributionKind {self.code}>"


class Rate(db.Model):
    """An hourly rate (and optional minimum payment) for a kind, from `effective_from` until
    the next rate for that kind starts."""

    __tablename__ = "rates"
    __table_args__ = (
        UniqueConstraint("kind_id", "effective_from"),
        CheckConstraint("hourly_pence >= 0 AND minimum_pence >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("contribution_kinds.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    hourly_pence: Mapped[int] = mapped_column()
    minimum_pence: Mapped[int] = mapped_column(default=0)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    kind: Mapped[ContributionKind] = relationship(back_populates="rates")


class PaySettings(db.Model):
    """How the programme speaks of pay where everyone looks (one row, set by an admin)."""

    __tablename__ = "pay_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "What's on" always says a paid role is paid; this says whether it also shows the rate.
    show_rates: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Contribution(db.Model):
    """A claim: one piece of paid work by one young person, from logging to being paid.

    Its `status` only moves along `states.TRANSITIONS`. The price is fixed when it is logged,
    from the rate on the day the work was done; a worker may approve a different amount, with a
    reason; the young person may take less (`wanted_pence`).
    """

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes % 15 = 0", name="quarter_hours"),
        CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
        Index("ix_contributions_status_person", "status", "person_id"),
        Index("ix_contributions_activity_person", "activity_id", "person_id"),
        # The claims queue: one status, oldest first, read in order and stopped at a page.
        Index("ix_contributions_status_changed", "status", "status_changed_at", "id"),
        # Monitoring's pay choices for work done in a period, from the index alone, which
        # holds only the claims that made one.
        Index(
            "ix_contributions_work_date_choices",
            "work_date",
            "status",
            "cancel_reason",
            "wanted_pence",
            "payment_choice",
            "person_id",
            sqlite_where=text(MADE_A_CHOICE),
            postgresql_where=text(MADE_A_CHOICE),
        ),
        # One person's claims in a status by date (read by name for the finance queue before).
        Index("ix_contributions_person_status_date", "person_id", "status", "work_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("contribution_kinds.id"))
    work_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(String(300), default="")
    # The paid-role activity whose register created this claim (activities are another table,
    # linked by id only so the two features can be deployed in either order).
    activity_id: Mapped[int | None] = mapped_column()
    hourly_pence: Mapped[int] = mapped_column()
    minimum_pence: Mapped[int] = mapped_column(default=0)
    amount_pence: Mapped[int] = mapped_column()
    status: Mapped[ClaimStatus] = mapped_column(enum_column(ClaimStatus))
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payment_choice: Mapped[PaymentChoice | None] = mapped_column(enum_column(PaymentChoice))
    wanted_pence: Mapped[int | None] = mapped_column()
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_pence: Mapped[int | None] = mapped_column()
    adjust_reason: Mapped[str | None] = mapped_column(String(300))
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reject_reason: Mapped[str | None] = mapped_column(String(300))
    cancel_reason: Mapped[CancelReason | None] = mapped_column(enum_column(CancelReason))
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paying_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Stripe transfers that definitely did not happen (e.g. the balance was too low); the next
    # attempt needs a fresh idempotency key, or Stripe would replay the old failure.
    failed_attempts: Mapped[int] = mapped_column(default=0)
    last_problem: Mapped[str | None] = mapped_column(String(300))

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    kind: Mapped[ContributionKind] = relationship()
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    paid_by: Mapped[User | None] = relationship(foreign_keys=[paid_by_id])
    payment: Mapped["Payment | None"] = relationship(back_populates="contribution")

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def from_register(self) -> bool:
        """Made by a paid role's register (its description is the activity's title)."""
        return self.activity_id is not None

    @property
    def payable_pence(self) -> int:
        """What will be paid: the approved amount (or the price, before approval), or less if
        the young person asked for less."""
        amount = self.approved_pence if self.approved_pence is not None else self.amount_pence
        return min(amount, self.wanted_pence) if self.wanted_pence is not None else amount

    @property
    def transfer_group(self) -> str:
        return f"claim-{self.id}"

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.status}>"


NOT_CHOSEN = ""  # `WaitingTotal.payment_choice` for claims nobody has said how to pay yet


class WaitingTotal(db.Model):
    """How many approved claims wait to be paid one way, and what they come to (their
    `payable_pence`), for the finance queue's totals: a row for each way of paying.

    The database keeps these as claims change (triggers on `contributions`, migration 0040),
    whatever changes them (a service, an UPDATE of many claims, a script's bulk insert), so the
    queue reads four rows a page rather than adding up every approved claim (25,000 at a
    region's scale: ~3 ms of the database's time a page, and growing with the queue).
    `tests/payments/test_waiting_totals.py` holds them equal to the claims themselves.
    """

    __tablename__ = "waiting_totals"

    # A `PaymentChoice`, or NOT_CHOSEN (a key cannot be NULL).
    payment_choice: Mapped[str] = mapped_column(String(20), primary_key=True)
    claims: Mapped[int] = mapped_column(default=0)
    pence: Mapped[int] = mapped_column(BigInteger, default=0)


class Payment(db.Model):
    """How and when a claim was paid. One per claim, ever."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_pence > 0", name="amount_positive"),
        # Finance's latest payments, newest first, without sorting them all.
        Index("ix_payments_created_at", "created_at", "id"),
        # Monitoring's money paid in a period, by way of paying, and the young people paid
        # (each one's first payment of the period is the one whose one before is older), from
        # the index alone.
        Index(
            "ix_payments_paid_on_amounts",
            "paid_on",
            "method",
            "previous_paid_on",
            "previous_same_way_on",
            "minutes",
            "amount_pence",
            "reversed_pence",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    amount_pence: Mapped[int] = mapped_column()
    # The claim's minutes, kept as the amount is (settled before a claim can be paid): the
    # monitoring adds up hours paid for from payments alone (migration 0041).
    minutes: Mapped[int] = mapped_column()
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    stripe_transfer_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reversed_pence: Mapped[int] = mapped_column(default=0)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The young person's payment before this one, kept by `payments.payment_links`: the day of
    # the one before that reached them (None: their first, or this one went to charity), and of
    # the one before made the same way (None: their first made so).
    previous_paid_on: Mapped[date | None] = mapped_column(Date)
    previous_same_way_on: Mapped[date | None] = mapped_column(Date)

    contribution: Mapped[Contribution] = relationship(back_populates="payment")

    @property
    def kept_pence(self) -> int:
        """What the young person still has after any reversal."""
        return self.amount_pence - self.reversed_pence

    @property
    def reaches_the_young_person(self) -> bool:
        return self.method != PaymentMethod.DONATED


class StripeStatus(StrEnum):
    NONE = "none"  # no Stripe account yet
    PENDING = "pending"  # onboarding started, not finished
    READY = "ready"  # transfers capability active
    RESTRICTED = "restricted"  # was ready; Stripe needs more before paying again


class PaymentProfile(db.Model):
    """A young person's payment preferences and their Stripe connected account."""

    __tablename__ = "payment_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    default_choice: Mapped[PaymentChoice | None] = mapped_column(enum_column(PaymentChoice))
    stripe_account_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    stripe_status: Mapped[StripeStatus] = mapped_column(
        enum_column(StripeStatus), default=StripeStatus.NONE
    )
    # When the app last asked Stripe how the account stands (unix time), so an answer that took
    # longer to arrive cannot undo a newer one.
    stripe_state_at: Mapped[int] = mapped_column(default=0)
    payout_problem: Mapped[bool] = mapped_column(default=False)
    payout_state_at: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def stripe_ready(self) -> bool:
        return self.stripe_status == StripeStatus.READY


class StripeEvent(db.Model):
    """A webhook event already handled: each is acted on once, however often it arrives."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    created: Mapped[int] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StripeClosure(db.Model):
    """A Stripe connected account to close because its young person's data was erased. Kept
    (with the account's id, which names nobody) until Stripe has closed it; then the record
    that it was closed."""

    __tablename__ = "stripe_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_problem: Mapped[str | None] = mapped_column(String(300))

    person: Mapped[User] = relationship()
