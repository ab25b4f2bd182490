"""Monitoring: paid contributions counted by hand at the tax year's edge (5 and 6 April) and
the period's; totals hidden with the young people they cover; no name and nobody's money."""

from datetime import date

import pytest

from tests.factories import log_in, make_admin, make_evaluator, make_young_person
from youthhub.core.small_numbers import HIDDEN, SMALL, Cell
from youthhub.extensions import db
from youthhub.payments.models import (
    CancelReason,
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
)
from youthhub.payments.rates import ensure_default_rate_card
from youthhub.reports.monitoring import money
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))  # the one before ends 31 December 2024
DATES = "start=2025-01-01&end=2025-06-30"
TABLES = ("paid-by-tax-year", "paid-by-method", "payment-choices")


def claim(person, work_date, minutes=60, status=ClaimStatus.PAID, **fields) -> Contribution:
    ensure_default_rate_card()
    kind = db.session.query(ContributionKind).order_by(ContributionKind.id).first()
    row = Contribution(
        person_id=person.id,
        kind_id=kind.id,
        work_date=work_date,
        minutes=minutes,
        description="Planted work",
        hourly_pence=1000,
        amount_pence=minutes * 1000 // 60,
        status=status,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def paid(person, on, minutes, pence, method=PaymentMethod.BANK_TRANSFER, reversed_pence=0):
    row = claim(person, on, minutes)
    db.session.add(
        Payment(
            contribution_id=row.id,
            person_id=person.id,
            method=method,
            amount_pence=pence,
            minutes=minutes,
            paid_on=on,
            reversed_pence=reversed_pence,
        )
    )
    db.session.commit()


@pytest.fixture
def payments():
    people = {name: make_young_person(name=f"Planted {name}") for name in "ABCDEF"}
    a, b = people["A"], people["B"]
    paid(a, date(2025, 4, 5), 60, 1000)  # the last day of tax year 2024 to 2025
    paid(a, date(2025, 4, 6), 90, 1500, PaymentMethod.CASH)  # the first of 2025 to 2026
    paid(b, date(2025, 4, 6), 30, 500, reversed_pence=200)
    paid(people["C"], date(2025, 1, 1), 60, 800, PaymentMethod.DONATED)
    paid(b, date(2025, 7, 1), 60, 999)  # after
    paid(a, date(2024, 12, 31), 120, 2000)  # the period before
    declined = {"status": ClaimStatus.CANCELLED, "cancel_reason": CancelReason.DECLINED}
    claim(people["D"], date(2025, 3, 1), **declined)
    claim(people["D"], date(2024, 12, 1), **declined)
    claim(people["E"], date(2025, 2, 1), status=ClaimStatus.APPROVED, wanted_pence=100)
    donate = {"payment_choice": PaymentChoice.DONATE}
    claim(people["E"], date(2025, 6, 30), status=ClaimStatus.SUBMITTED, **donate)
    claim(people["F"], date(2025, 6, 1), status=ClaimStatus.REJECTED, **donate)
    db.session.commit()
    return people


def figures(section):
    return {figure.label: (figure.now, figure.before) for figure in section.figures}


def rows(section, key):
    return {row[0]: row[1:] for row in section.table(key).rows}


def test_paid_this_period_and_the_one_before(app, payments):
    with app.test_request_context():
        found = figures(money.section(PERIOD, limit=0))
    assert found == {
        "Young people paid": (Cell(2), Cell(1)),
        "Hours paid for": (3.0, 2.0),
        "Paid to young people": ("£28.00", "£20.00"),
    }


def test_by_tax_year_either_side_of_6_april(app, payments):
    with app.test_request_context():
        years = rows(money.section(PERIOD, limit=0), "paid-by-tax-year")
    assert years == {
        "2024 to 2025": ("1 Jan 2025 to 5 Apr 2025", Cell(1), 1.0, "£10.00"),
        "2025 to 2026": ("6 Apr 2025 to 30 Jun 2025", Cell(2), 2.0, "£18.00"),
    }


def test_by_method(app, payments):
    with app.test_request_context():
        methods = rows(money.section(PERIOD, limit=0), "paid-by-method")
    assert methods["Bank transfer"] == (Cell(2), 1.5, "£13.00")
    assert methods["Cash"] == (Cell(1), 1.5, "£15.00")
    assert methods["Given to charity"] == (Cell(1), 1.0, "£8.00")
    assert methods["Stripe"] == (Cell(0), 0.0, "£0.00")


def test_choices_about_pay(app, payments):
    with app.test_request_context():
        chose = rows(money.section(PERIOD, limit=0), "payment-choices")
    assert list(chose.values()) == [
        (Cell(1), Cell(1)),  # said no
        (Cell(1), Cell(0)),  # took less
        (Cell(1), Cell(0)),  # gave it to charity (a rejected claim does not count)
    ]


def test_money_and_hours_are_hidden_with_the_young_people_they_cover(app, payments):
    with app.test_request_context():
        section = money.section(PERIOD, limit=2)
    found = figures(section)
    assert found["Young people paid"] == (Cell(2), Cell(None, SMALL))
    assert found["Hours paid for"] == (3.0, Cell(None, HIDDEN))
    assert found["Paid to young people"] == ("£28.00", Cell(None, HIDDEN))
    cash = rows(section, "paid-by-method")["Cash"]
    assert cash == (Cell(None, SMALL), Cell(None, HIDDEN), Cell(None, HIDDEN))


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_and_nobodys_money_on_the_page_or_in_any_csv(client, payments, who):
    log_in(client, who())  # the threshold is 10: every total here covers fewer
    page = client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)
    assert "Paid to young people, by UK tax year (from 6 April)" in page
    texts = [page]
    for table in TABLES:
        response = client.get(f"/manage/monitoring/money/{table}.csv?{DATES}")
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    assert "Cash,fewer than 10,hidden,hidden" in texts[2].splitlines()
    assert not [text for text in texts if "Planted" in text or "£" in text]
