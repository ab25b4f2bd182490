"""An erased young person's claims and payments are kept for HMRC's six years after the end of
the UK tax year they were paid in (5 April), and deleted by the retention command the day
after: both sides of the edge, a later reversal counts, a claim never paid goes by the day it
was settled, nobody else's records are touched, and running twice deletes nothing new."""

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from tests.factories import (
    in_a_request,
    make_approved_claim,
    make_claim,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.core.audit import AuditEntry
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import services as payment_services
from youthhub.payments.models import ClaimStatus, Contribution, Payment, PaymentMethod
from youthhub.payments.personal_data import keep_until, last_deletable_date, tax_year_end
from youthhub.payments.queries import payments_between
from youthhub.rights import services as rights
from youthhub.rights.retention import run_retention


@pytest.mark.parametrize(
    ("day", "end", "kept_until"),
    [
        (date(2020, 4, 5), date(2020, 4, 5), date(2026, 4, 5)),
        (date(2020, 4, 6), date(2021, 4, 5), date(2027, 4, 5)),
        (date(2021, 1, 1), date(2021, 4, 5), date(2027, 4, 5)),
    ],
)
def test_the_tax_year_and_the_six_years(day, end, kept_until):
    assert (tax_year_end(day), keep_until(day)) == (end, kept_until)
    assert last_deletable_date(kept_until) < day <= last_deletable_date(kept_until.replace(day=6))


def paid(person, worker, finance, paid_on: date):
    """A claim paid on `paid_on` (logged and paid today, then moved back in time: claims more
    than a year old cannot be logged)."""
    claim = make_approved_claim(person, worker)
    with in_a_request():
        payment = payment_services.record_payment(
            claim,
            actor=finance,
            method=PaymentMethod.BANK_TRANSFER,
            paid_on=london_today(),
            reference="BACS",
        )
    claim.work_date = payment.paid_on = paid_on
    db.session.commit()
    return claim.id


def erased(person):
    with in_a_request():
        rights.erase_person(person, actor=None)
    db.session.commit()


def still_there() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Contribution.id)))


def run(today: date) -> int:
    with in_a_request():
        deleted = run_retention(today).money_records_deleted
    db.session.commit()
    return deleted


def test_kept_until_six_years_after_the_tax_year_then_deleted(app):
    worker, finance = make_worker(), make_finance()
    person, not_erased = make_young_person(), make_young_person()
    last_day_of_year = paid(person, worker, finance, date(2020, 4, 5))
    first_day_of_next = paid(person, worker, finance, date(2020, 4, 6))
    reversed_later = paid(person, worker, finance, date(2020, 3, 1))
    db.session.scalar(
        select(Payment).where(Payment.contribution_id == reversed_later)
    ).reversed_at = datetime(2020, 4, 10, 9, tzinfo=UTC)
    never_paid = make_claim(person)
    never_paid.work_date = date(2020, 3, 2)
    never_paid.status = ClaimStatus.REJECTED
    never_paid.status_changed_at = datetime.combine(date(2020, 3, 3), time(12), UTC)
    never_paid = never_paid.id
    recent = paid(person, worker, finance, date(2026, 5, 1))
    not_theirs = paid(not_erased, worker, finance, date(2019, 6, 1))
    erased(person)
    everything = still_there()

    assert run(date(2026, 4, 5)) == 0  # the last day of the six years: all kept
    assert still_there() == everything
    assert run(date(2026, 4, 6)) == 2  # the day after
    assert still_there() == everything - {last_day_of_year, never_paid}
    assert run(date(2026, 4, 6)) == 0  # running twice deletes nothing new
    said = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "money.records_deleted")
    )
    assert [entry.details for entry in said] == [{"claims": 2, "up_to": "2020-04-05"}]
    assert run(date(2027, 4, 6)) == 2
    assert still_there() == {recent, not_theirs}
    payments = set(db.session.scalars(select(Payment.contribution_id)))
    assert payments == {recent, not_theirs}
    assert first_day_of_next not in still_there()


def test_money_totals_for_recent_years_are_unchanged(app):
    worker, finance = make_worker(), make_finance()
    person = make_young_person()
    paid(person, worker, finance, date(2019, 5, 1))
    for day in (date(2023, 4, 6), date(2025, 4, 5), date(2026, 5, 1)):
        paid(person, worker, finance, day)
    erased(person)

    def recent_totals():
        rows = payments_between(date(2020, 4, 6), date(2026, 12, 31))
        return len(list(rows)), db.session.scalar(
            select(func.sum(Payment.amount_pence)).where(Payment.paid_on >= date(2020, 4, 6))
        )

    before = recent_totals()
    assert run(date(2026, 12, 1)) == 1
    assert recent_totals() == before
