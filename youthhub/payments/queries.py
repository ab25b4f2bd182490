"""Read-only questions about money, each answered in a fixed number of queries."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Row, and_, bindparam, case, func, literal, select, union_all
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from youthhub.accounts.models import User
from youthhub.core import paging, reads
from youthhub.core.audit import AuditEntry
from youthhub.core.paging import Page, counted, page_within
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments.models import (
    NOT_CHOSEN,
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentProfile,
    StripeStatus,
    WaitingTotal,
)
from youthhub.payments.rules import CHOICE_OPEN, approvable_by

OWED = (ClaimStatus.APPROVED, ClaimStatus.PAYING)


@dataclass(frozen=True)
class TaxYear:
    """A UK tax year: 6 April to the next 5 April."""

    start: date
    end: date

    @classmethod
    def of(cls, day: date) -> "TaxYear":
        year = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
        return cls(date(year, 4, 6), date(year + 1, 4, 5))

    def previous(self) -> "TaxYear":
        return TaxYear(self.start.replace(year=self.start.year - 1), self.start.replace(day=5))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


class Profile(NamedTuple):
    """What the money page shows of how a young person is paid."""

    default_choice: PaymentChoice | None
    stripe_status: StripeStatus
    payout_problem: bool


@dataclass
class MoneyPage:
    claims: list[Contribution]
    payments: list[Payment]
    profile: Profile | None  # the person's default choice, Stripe status and payout problem
    this_year: TaxYear
    last_year: TaxYear
    this_year_pence: int
    last_year_pence: int
    owed_pence: int
    threshold_pence: int
    warning_percent: int

    @property
    def near_threshold(self) -> bool:
        expected = self.this_year_pence + self.owed_pence
        return expected * 100 >= self.threshold_pence * self.warning_percent

    @property
    def over_threshold(self) -> bool:
        return self.this_year_pence >= self.threshold_pence

    @property
    def waiting_for_a_choice(self) -> int:
        """How many claims a saved default choice would be used for now."""
        return sum(1 for c in self.claims if c.status in CHOICE_OPEN and c.payment_choice is None)


def year_total(payments: list[Payment], year: TaxYear) -> int:
    """Money that reached the young person in a tax year, less anything taken back."""
    return sum(p.kept_pence for p in payments if p.reaches_the_young_person and p.paid_on in year)


@cache
def _money_page_query():
    """The money page in one statement, built once with the person as a parameter (building a
    select with its eager loads on every request cost about as much as running it): one row
    a claim, newest first, each with what the page shows of how they are paid (not a
    `PaymentProfile` object; None if they have no profile yet), or one row with no claim
    (None) when they have none. One statement, not two: a round trip to PostgreSQL costs
    both sides ~0.1 ms."""
    person = bindparam("person_id")
    one_row = select(literal(1).label("one")).subquery("one_row")
    return (
        select(
            PaymentProfile.default_choice,
            PaymentProfile.stripe_status,
            PaymentProfile.payout_problem,
            Contribution,
        )
        .select_from(one_row)
        .outerjoin(PaymentProfile, PaymentProfile.user_id == person)
        .outerjoin(Contribution, Contribution.person_id == person)
        .options(joinedload(Contribution.kind), joinedload(Contribution.payment))
        .order_by(Contribution.work_date.desc(), Contribution.id.desc())
    )


def money_page(person: User, today: date | None = None) -> MoneyPage:
    rows = db.session.execute(_money_page_query(), {"person_id": person.id}).unique().all()
    claims = [row.Contribution for row in rows if row.Contribution is not None]
    payments = sorted(
        (claim.payment for claim in claims if claim.payment is not None),
        key=lambda p: (p.paid_on, p.id),
        reverse=True,
    )
    first = rows[0]
    # A profile's status is never empty: an empty one means there is no profile.
    profile = (
        Profile(first.default_choice, first.stripe_status, first.payout_problem)
        if first.stripe_status is not None
        else None
    )
    this_year = TaxYear.of(today or london_today())
    last_year = this_year.previous()
    config = current_app.config
    return MoneyPage(
        claims=claims,
        payments=payments,
        profile=profile,
        this_year=this_year,
        last_year=last_year,
        this_year_pence=year_total(payments, this_year),
        last_year_pence=year_total(payments, last_year),
        owed_pence=sum(c.payable_pence for c in claims if c.status in OWED),
        threshold_pence=config["PAYMENTS_THRESHOLD_PENCE"],
        warning_percent=config["PAYMENTS_WARNING_PERCENT"],
    )


def own_claim(person: User, claim_id: int) -> Contribution | None:
    """A claim, only if it belongs to this person."""
    return db.session.scalar(
        select(Contribution)
        .where(Contribution.id == claim_id, Contribution.person_id == person.id)
        .options(joinedload(Contribution.kind), joinedload(Contribution.payment))
    )


def own_payment(person: User, payment_id: int) -> Payment | None:
    return db.session.scalar(
        select(Payment)
        .where(Payment.id == payment_id, Payment.person_id == person.id)
        .options(joinedload(Payment.contribution).joinedload(Contribution.kind))
    )


def claim_history(claim: Contribution) -> list[AuditEntry]:
    """The claim's status changes, oldest first (what the young person sees as its story)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.subject_type == "Contribution",
                AuditEntry.subject_id == claim.id,
                AuditEntry.action.in_(("claim.logged", "claim.status")),
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def stripe_status_of(person_id: int) -> StripeStatus:
    """How the person's Stripe account stands (`none` without a payment profile)."""
    status = db.session.scalar(
        select(PaymentProfile.stripe_status).where(PaymentProfile.user_id == person_id)
    )
    return status or StripeStatus.NONE


def _with_people(query):
    return query.join(Contribution.person).options(
        contains_eager(Contribution.person).raiseload(User.role_grants)
    )


# What a list of claims shows of each young person (their name), and what the payment rules
# read (their date of birth, for Stripe's age): a page of 50 read every column for nothing.
LISTED_PERSON = (User.preferred_name, User.date_of_birth)


def _with_names(query):
    """`_with_people` for lists: only the columns a list of claims needs of each person."""
    return query.join(Contribution.person).options(
        contains_eager(Contribution.person).load_only(*LISTED_PERSON).raiseload(User.role_grants)
    )


def staff_claim(claim_id: int) -> Contribution | None:
    return db.session.scalar(
        _with_people(select(Contribution))
        .where(Contribution.id == claim_id)
        .options(joinedload(Contribution.kind), joinedload(Contribution.payment))
    )


def waiting_for_approval_by(worker: User):
    """How many claims this worker could approve now, as a scalar query to gather with others
    (the staff home counts several things in one statement)."""
    return select(func.count(Contribution.id)).where(*approvable_by(worker)).scalar_subquery()


def claims_with_status(
    status: ClaimStatus, limit: int = 200, offset: int = 0
) -> list[Contribution]:
    """Claims in one status, oldest first (the order they should be dealt with)."""
    return list(
        db.session.scalars(
            _with_names(select(Contribution))
            .where(Contribution.status == status)
            .options(joinedload(Contribution.kind))
            .order_by(Contribution.status_changed_at, Contribution.id)
            .limit(limit)
            .offset(offset)
        )
    )


def claims_listed(status: ClaimStatus, asked: int = 1) -> Page[Row]:
    """One page of the claims in a status, oldest first (the order they should be dealt with),
    and how many there are in all: plain columns, not objects (a page of 50 claims built 150
    objects, with every column of each, to show six things). Each row has the claim's `id`,
    `work_date`, `minutes` and `payable_pence`, the young person's `name`, and the kind's
    `kind_code` and `kind_name`."""
    size = paging.PAGE_SIZE
    count, listed = _claims_listed_statements()
    # The approved claims, the queue that grows, are counted by the database as they change
    # (`WaitingTotal`): four rows, not 25,000 claims, read a page (~0.9 ms on SQLite, ~1.5 ms
    # of PostgreSQL's client and server). The others are few, or seldom asked for.
    if status == ClaimStatus.APPROVED:
        total, _ = waiting_totals()
    else:
        total = reads.scalar(count, {"status": status})
    number = page_within(asked, total, size)
    asked_rows = {"status": status, "size": size, "skipped": (number - 1) * size}
    return Page(reads.rows(listed, asked_rows).all(), number, total, size)


@cache  # built once: putting the statements together cost as much as running them on SQLite
def _claims_listed_statements() -> tuple:
    """The count of a status's claims, and a page of them (`status`, `size`, `skipped`).

    Which claims are on the page is found in the status index alone
    (`ix_contributions_status_changed`), skipping and taking there, and only the page's own
    claims are joined to their people and kinds: joined first, the last of 500 pages looked up
    25,000 people to skip them (~30 ms on either database)."""
    status = bindparam("status")
    count = select(func.count()).select_from(Contribution).where(Contribution.status == status)
    page = (
        select(Contribution.id, Contribution.status_changed_at)
        .where(Contribution.status == status)
        .order_by(Contribution.status_changed_at, Contribution.id)
        .limit(counted("size"))
        .offset(counted("skipped"))
        .subquery("page")
    )
    listed = (
        select(
            Contribution.id,
            User.preferred_name.label("name"),
            ContributionKind.code.label("kind_code"),
            ContributionKind.name.label("kind_name"),
            Contribution.work_date,
            Contribution.minutes,
            _payable_pence().label("payable_pence"),
        )
        .select_from(page)
        .join(Contribution, Contribution.id == page.c.id)
        .join(User, User.id == Contribution.person_id)
        .join(ContributionKind, ContributionKind.id == Contribution.kind_id)
        .order_by(page.c.status_changed_at, page.c.id)
    )
    return count, listed


@dataclass(slots=True)
class QueuedPerson:
    """A young person as the queue shows them (their name) and the paying rules read them (their
    date of birth, for Stripe's age)."""

    preferred_name: str
    date_of_birth: date | None


@dataclass(slots=True)
class QueuedClaim:
    """An approved claim as finance's queue lists it, read as plain columns rather than built as
    an ORM object with its person and kind (three objects, each set up and tracked, for each of
    50 rows a page): what the page shows, and all that the paying rules read of a claim
    (`rules.paying_actions`, `rules.why_waiting`)."""

    id: int
    person_id: int
    status: ClaimStatus
    payment_choice: PaymentChoice | None
    approved_by_id: int | None
    kind_code: str | None
    kind_name: str
    work_date: date
    payable_pence: int
    person: QueuedPerson


@dataclass
class QueueGroup:
    person: QueuedPerson
    method: str | None
    claims: list[QueuedClaim] = field(default_factory=list)
    stripe_status: str | None = None

    @property
    def total_pence(self) -> int:
        return sum(claim.payable_pence for claim in self.claims)


@dataclass
class FinanceQueue:
    """One page of the approved claims (`page`), grouped, with the totals of all of them."""

    groups: list[QueueGroup]
    paying: list[Contribution]
    failed: list[Contribution]
    recent: list[Row]
    page: Page[QueuedClaim]
    totals_by_method: dict[str | None, int]

    @property
    def total_pence(self) -> int:
        return sum(self.totals_by_method.values())

    @property
    def claim_count(self) -> int:
        return self.page.total


# In flight or failed: few at any time, and all shown on every page of the queue.
IN_FLIGHT_SHOWN = 200


# The finance queue's statements are the same on every page but for their bound numbers: each
# is built once (building one is a few hundred Python calls; SQLAlchemy then finds it compiled).


@cache
def _approved_page():
    return (
        select(
            Contribution.id,
            Contribution.person_id,
            Contribution.status,
            Contribution.payment_choice,
            Contribution.approved_by_id,
            ContributionKind.code,
            ContributionKind.name,
            Contribution.work_date,
            _payable_pence(),
            User.preferred_name,
            User.date_of_birth,
            PaymentProfile.stripe_status,
        )
        .join(User, User.id == Contribution.person_id)
        .join(ContributionKind, ContributionKind.id == Contribution.kind_id)
        .outerjoin(PaymentProfile, PaymentProfile.user_id == Contribution.person_id)
        .where(Contribution.status == ClaimStatus.APPROVED)
        .order_by(Contribution.status_changed_at, Contribution.id)
        .limit(counted("limit"))
        .offset(counted("offset"))
    )


_STATUS = Contribution.__table__.c.status.type


@cache
def _in_flight_and_failed():
    # Each wrapped as a subquery: SQLite takes no LIMIT on a part of a UNION itself. The two
    # statuses are written into the SQL: as parameters PostgreSQL could not know how few claims
    # are paying or failed, and so planned the statement again on every run (`paging.counted`).
    first = [
        select(
            select(Contribution.id)
            .where(Contribution.status == literal(status, _STATUS, literal_execute=True))
            .order_by(Contribution.status_changed_at, Contribution.id)
            .limit(counted("limit"))
            .subquery()
        )
        for status in (ClaimStatus.PAYING, ClaimStatus.FAILED)
    ]
    return (
        _with_names(select(Contribution))
        .where(Contribution.id.in_(union_all(*first)))
        .options(joinedload(Contribution.kind))
    )


def approved_oldest_first(limit: int, offset: int = 0) -> list[tuple[QueuedClaim, str | None]]:
    """A page of approved claims, the longest waiting first (approved longest ago), each with how
    their young person's Stripe account stands. Read in the order of the status index
    (`ix_contributions_status_changed`) and stopped at the page: nothing sorted, however long
    the queue."""
    rows = reads.rows(_approved_page(), {"limit": limit, "offset": offset}).all()
    people: dict[int, QueuedPerson] = {}
    found = []
    for *claim, name, born, stripe_status in rows:
        person = people.get(claim[1]) or people.setdefault(claim[1], QueuedPerson(name, born))
        found.append((QueuedClaim(*claim, person), stripe_status))
    return found


def in_flight_and_failed(limit: int = IN_FLIGHT_SHOWN) -> tuple[list, list]:
    """The claims being paid and the claims whose payment failed, each oldest first and at most
    `limit` of each, in one statement rather than one a status: each status's claims are read
    in the status index's order and stopped at `limit`, then put in order here (at most twice
    `limit` rows, and nothing sorted by the database)."""
    claims = db.session.scalars(_in_flight_and_failed(), {"limit": limit}).all()
    ordered = sorted(claims, key=lambda claim: (claim.status_changed_at, claim.id))
    return (
        [claim for claim in ordered if claim.status == ClaimStatus.PAYING],
        [claim for claim in ordered if claim.status == ClaimStatus.FAILED],
    )


def _payable_pence():
    """`Contribution.payable_pence` in SQL, to read it with a list's other columns."""
    amount = func.coalesce(Contribution.approved_pence, Contribution.amount_pence)
    return case(
        (
            and_(Contribution.wanted_pence.is_not(None), Contribution.wanted_pence < amount),
            Contribution.wanted_pence,
        ),
        else_=amount,
    )


@cache
def _waiting_totals():
    return select(WaitingTotal.payment_choice, WaitingTotal.claims, WaitingTotal.pence).where(
        WaitingTotal.claims > 0
    )


def waiting_totals() -> tuple[int, dict[str | None, int]]:
    """How many claims are approved and waiting, and their total by how people chose to be paid
    (None: not chosen yet), in the order people are offered the choices, "not chosen yet" last:
    the few rows the database keeps as claims change (`WaitingTotal`), not every claim added up."""
    rows = reads.rows(_waiting_totals()).all()
    totals = [
        (None if choice == NOT_CHOSEN else PaymentChoice(choice), claims, pence)
        for choice, claims, pence in rows
    ]
    order = {choice: place for place, choice in enumerate(PaymentChoice)}
    totals.sort(key=lambda row: order.get(row[0], len(order)))
    return sum(claims for _, claims, _ in totals), {choice: pence for choice, _, pence in totals}


def approved_claims(ids: list[int]) -> list[Contribution]:
    """Those of the claims `ids` that are approved and waiting (what finance ticked on a page
    of the queue), with their people."""
    return list(
        db.session.scalars(
            _with_people(select(Contribution))
            .where(Contribution.id.in_(ids), Contribution.status == ClaimStatus.APPROVED)
            .options(joinedload(Contribution.kind))
            .order_by(Contribution.id)
        )
    )


def finance_queue(asked: int = 1) -> FinanceQueue:
    """A page of approved claims, the longest waiting first, grouped by young person and how
    they want to be paid (each group where its oldest claim falls; a person's later claims may
    be on a later page), with the totals of all approved claims, plus claims in flight and
    claims whose payment failed (oldest first), and the latest payments."""
    size = paging.PAGE_SIZE
    count, totals = waiting_totals()
    number = page_within(asked, count, size)
    groups: dict[tuple, QueueGroup] = {}
    claims = []
    for claim, stripe_status in approved_oldest_first(size, (number - 1) * size):
        claims.append(claim)
        key = (claim.person_id, claim.payment_choice)
        group = groups.get(key) or groups.setdefault(
            key, QueueGroup(claim.person, claim.payment_choice, stripe_status=stripe_status)
        )
        group.claims.append(claim)
    return FinanceQueue(
        list(groups.values()),
        *in_flight_and_failed(),
        recent_payments(),
        Page(claims, number, count, size),
        totals,
    )


def recent_payments(limit: int = 20) -> list[Row]:
    """The latest payments, newest first, as plain columns for finance's list: each row has the
    payment's `id`, `paid_on`, `amount_pence`, `reversed_pence` and `method`, its claim's
    `contribution_id`, the young person's `preferred_name`, and the claim's kind as `kind_code`
    and `kind_name`. Read backwards along `ix_payments_created_at` and stopped at `limit`."""
    return reads.rows(_latest_payments(), {"limit": limit}).all()


@cache
def _latest_payments():
    return (
        select(
            Payment.id,
            Payment.contribution_id,
            Payment.paid_on,
            Payment.amount_pence,
            Payment.reversed_pence,
            Payment.method,
            User.preferred_name,
            ContributionKind.code.label("kind_code"),
            ContributionKind.name.label("kind_name"),
        )
        .join(Contribution, Contribution.id == Payment.contribution_id)
        .join(User, User.id == Contribution.person_id)
        .join(ContributionKind, ContributionKind.id == Contribution.kind_id)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(counted("limit"))
    )


def kinds() -> list[ContributionKind]:
    return list(db.session.scalars(select(ContributionKind).order_by(ContributionKind.position)))


def rate_card() -> list[ContributionKind]:
    """Every kind with its rates, newest first."""
    return list(
        db.session.scalars(
            select(ContributionKind)
            .options(selectinload(ContributionKind.rates))
            .order_by(ContributionKind.position)
        )
    )


EXPORT_ROWS_AT_A_TIME = 500  # read from the database this many at a time, and never held


def _export_where(start: date, end: date) -> tuple:
    return (Payment.paid_on >= start, Payment.paid_on <= end)


def payments_between(start: date, end: date) -> Iterator[Row]:
    """Payments made from `start` to `end` (inclusive), for finance's export, in the order they
    were paid: plain columns (no objects to build and track), read a few hundred at a time, so
    an export of years is written as it is read. Each row has the payment's `id`, `amount_pence`,
    `reversed_pence`, `method`, `paid_on` and `reference`; its claim's `claim_id`, `person_id`,
    `minutes`, `work_date` and `approved_at`; the kind's `kind_code` and `kind_name`; and the
    `approver`'s and `payer`'s preferred names (None if nobody)."""
    approver, payer = aliased(User), aliased(User)
    yield from db.session.execute(
        select(
            Payment.id,
            Payment.amount_pence,
            Payment.reversed_pence,
            Payment.method,
            Payment.paid_on,
            Payment.reference,
            Contribution.id.label("claim_id"),
            Contribution.person_id,
            Contribution.minutes,
            Contribution.work_date,
            Contribution.approved_at,
            ContributionKind.code.label("kind_code"),
            ContributionKind.name.label("kind_name"),
            approver.preferred_name.label("approver"),
            payer.preferred_name.label("payer"),
        )
        .join(Contribution, Contribution.id == Payment.contribution_id)
        .join(ContributionKind, ContributionKind.id == Contribution.kind_id)
        .outerjoin(approver, approver.id == Contribution.approved_by_id)
        .outerjoin(payer, payer.id == Payment.recorded_by_id)
        .where(*_export_where(start, end))
        .order_by(Payment.paid_on, Payment.id)
        .execution_options(yield_per=EXPORT_ROWS_AT_A_TIME)
    )


def count_payments_between(start: date, end: date) -> int:
    """How many rows `payments_between` gives (for the audit entry, before it is written)."""
    return db.session.scalar(select(func.count(Payment.id)).where(*_export_where(start, end)))
