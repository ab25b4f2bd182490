"""The Money page's sums: UK tax years (6 April to 5 April), the threshold warning, and the
finance queue's groups and totals."""

from datetime import date

import pytest

from tests.factories import make_approved_claim, make_claim
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import queries, services, states
from youthhub.payments.models import ClaimStatus, PaymentChoice, PaymentMethod
from youthhub.payments.queries import TaxYear


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 4, 5), date(2025, 4, 6), date(2026, 4, 5)),
        (date(2026, 4, 6), date(2026, 4, 6), date(2027, 4, 5)),
        (date(2026, 1, 1), date(2025, 4, 6), date(2026, 4, 5)),
        (date(2026, 12, 31), date(2026, 4, 6), date(2027, 4, 5)),
        (date(2024, 2, 29), date(2023, 4, 6), date(2024, 4, 5)),
    ],
)
def test_tax_years_run_from_6_april_to_5_april(day, start, end):
    year = TaxYear.of(day)
    assert (year.start, year.end) == (start, end)
    assert day in year
    assert year.previous() == TaxYear(
        start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    )


def pay(claim, finance, paid_on, method=PaymentMethod.CASH):
    payment = services.record_payment(
        claim, actor=finance, method=method, paid_on=london_today(), reference=""
    )
    payment.paid_on = paid_on  # as if recorded on that day
    db.session.commit()
    return payment


def test_totals_split_on_the_5_and_6_april_edge(cast):
    edge_claims = [make_approved_claim(cast.young, cast.worker) for _ in range(3)]
    pay(edge_claims[0], cast.finance, date(2026, 4, 5))
    pay(edge_claims[1], cast.finance, date(2026, 4, 6))
    pay(edge_claims[2], cast.finance, date(2025, 4, 5))  # two tax years back: in neither

    page = queries.money_page(cast.young, today=date(2026, 4, 6))
    assert (page.this_year_pence, page.last_year_pence) == (1500, 1500)
    page = queries.money_page(cast.young, today=date(2026, 4, 5))
    assert (page.this_year_pence, page.last_year_pence) == (1500, 1500)
    assert page.this_year == TaxYear(date(2025, 4, 6), date(2026, 4, 5))


def test_donations_and_reversals_do_not_count_as_money_received(cast):
    donated = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.DONATE)
    pay(donated, cast.finance, date(2026, 5, 1), method=PaymentMethod.DONATED)
    partly_back = pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 5, 2))
    partly_back.reversed_pence = 500
    db.session.commit()
    page = queries.money_page(cast.young, today=date(2026, 6, 1))
    assert page.this_year_pence == 1000
    assert len(page.payments) == 2


def test_the_threshold_warning_counts_what_is_on_its_way(cast, app):
    app.config.update(PAYMENTS_THRESHOLD_PENCE=4000, PAYMENTS_WARNING_PERCENT=75)
    pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 5, 1))
    page = queries.money_page(cast.young, today=date(2026, 6, 1))
    assert not page.near_threshold  # £15 of £40
    make_approved_claim(cast.young, cast.worker)
    page = queries.money_page(cast.young, today=date(2026, 6, 1))
    assert page.owed_pence == 1500
    assert page.near_threshold and not page.over_threshold  # £30 expected: 75%
    make_claim(cast.young)  # waiting for approval: not counted yet
    pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 5, 3))
    pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 5, 4))
    assert queries.money_page(cast.young, today=date(2026, 6, 1)).over_threshold


def test_the_finance_queue_groups_by_person_and_method_with_totals(cast):
    make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE, minutes=120)
    make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    make_approved_claim(cast.teen, cast.worker)
    make_claim(cast.young)  # not approved: not in the queue
    queue = queries.finance_queue()
    summary = [(g.person.preferred_name, g.method, g.total_pence) for g in queue.groups]
    assert summary == [
        ("Jordan", PaymentChoice.STRIPE, 4500),
        ("Jordan", PaymentChoice.CASH, 1500),
        ("Kai", None, 1500),
    ]
    assert (queue.total_pence, queue.claim_count) == (7500, 4)
    assert queue.totals_by_method == {"stripe": 4500, "cash": 1500, None: 1500}


def test_the_finance_queue_lists_claims_being_paid_and_failed_each_oldest_first(cast):
    """Both lists come from one statement, each capped at its own limit."""
    claims = [make_approved_claim(cast.young, cast.worker) for _ in range(5)]
    for claim in (claims[3], claims[0], claims[4]):  # sent to Stripe in this order
        states.move(claim, ClaimStatus.PAYING, actor=None)
    for claim in (claims[2], claims[1]):
        states.move(claim, ClaimStatus.PAYING, actor=None)
        states.move(claim, ClaimStatus.FAILED, actor=None)

    paying, failed = queries.in_flight_and_failed(limit=2)

    assert [c.id for c in paying] == [claims[3].id, claims[0].id]
    assert [c.id for c in failed] == [claims[2].id, claims[1].id]
    queue = queries.finance_queue()
    assert [c.id for c in queue.paying] == [claims[3].id, claims[0].id, claims[4].id]
    assert [c.id for c in queue.failed] == [claims[2].id, claims[1].id]


def test_the_export_lists_payments_in_the_period(cast):
    first = pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 5, 1))
    pay(make_approved_claim(cast.young, cast.worker), cast.finance, date(2026, 7, 1))
    rows = list(queries.payments_between(date(2026, 4, 6), date(2026, 6, 30)))
    assert [row.id for row in rows] == [first.id]
    assert (rows[0].claim_id, rows[0].amount_pence) == (first.contribution_id, first.amount_pence)
    assert rows[0].approver == cast.worker.preferred_name
    assert rows[0].payer == cast.finance.preferred_name
    assert queries.count_payments_between(date(2026, 4, 6), date(2026, 6, 30)) == 1
