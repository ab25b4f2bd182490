"""Each payment knows the day of the young person's payment before it (that reached them, and
made the same way), kept as payments are saved, merged or deleted; monitoring's young people
paid, counted from them, match counting the people by hand."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_admin, make_finance, make_worker, make_young_person
from tests.reports.test_monitoring_money import paid
from tests.rights.test_money_records import erased, run
from tests.rights.test_money_records import paid as paid_by_finance
from youthhub.extensions import db
from youthhub.payments.models import Payment, PaymentMethod
from youthhub.reports.monitoring import money
from youthhub.rights import merging

BANK, CASH, DONATED = PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH, PaymentMethod.DONATED
FIRST = date(2025, 3, 3)


def day(number: int) -> date:
    return FIRST + timedelta(days=number)


def links(person) -> list[tuple]:
    """(method, day paid, day of the one before that reached them, of the one before the same
    way), in order."""
    found = db.session.execute(
        select(
            Payment.method, Payment.paid_on, Payment.previous_paid_on, Payment.previous_same_way_on
        )
        .where(Payment.person_id == person.id)
        .order_by(Payment.paid_on, Payment.id)
    )
    return [tuple(row) for row in found]


def test_each_payment_links_to_the_ones_before_it():
    young = make_young_person()
    paid(young, day(4), 60, 1000, CASH)
    paid(young, day(0), 60, 1000, BANK)  # recorded late, for a day before
    paid(young, day(2), 60, 1000, DONATED)
    paid(young, day(6), 60, 1000, BANK)
    assert links(young) == [
        (BANK, day(0), None, None),
        (DONATED, day(2), None, None),  # given to charity: it reached nobody
        (CASH, day(4), day(0), None),
        (BANK, day(6), day(4), day(0)),
    ]


def test_two_records_merged_make_one_history():
    door, own = make_young_person(), make_young_person()
    paid(door, day(0), 60, 1000)
    paid(own, day(1), 60, 1000)
    merging.merge_people(door, into=own, actor=make_admin())
    db.session.commit()
    assert links(own) == [(BANK, day(0), None, None), (BANK, day(1), day(0), day(0))]


def test_payments_left_after_retention_follow_the_ones_left():
    worker, finance, person = make_worker(), make_finance(), make_young_person()
    paid_by_finance(person, worker, finance, date(2019, 6, 1))
    paid_by_finance(person, worker, finance, date(2024, 6, 1))
    erased(person)
    assert run(date(2026, 4, 6)) == 1  # six years after the 2019 to 2020 tax year
    [(_method, _on, before, same_way_before)] = links(person)
    assert (before, same_way_before) == (None, None)


def by_hand(saved, low: date, after: date, *, by_method: bool) -> dict:
    """Young people paid from `low` until `after` (by way of paying, or all that reached them),
    each person counted once."""
    people: dict = {}
    for person, method, on in saved:
        if low <= on < after and (by_method or method != DONATED):
            people.setdefault(method if by_method else "reached", set()).add(person)
    return {key: len(found) for key, found in people.items()}


@pytest.mark.parametrize("seed", range(4))
def test_young_people_paid_match_counting_them_by_hand(app, seed):
    chance = random.Random(seed)
    people = [make_young_person() for _ in range(5)]
    saved = []
    for _ in range(30):
        person, method = chance.choice(people), chance.choice((BANK, CASH, DONATED))
        on = day(chance.randint(0, 40))
        paid(person, on, 60, 1000, method)
        saved.append((person.id, method, on))
    for _ in range(4):
        cuts = [day(number) for number in sorted(chance.sample(range(42), 3))]
        edges = [(cuts[0], cuts[1]), (cuts[1], cuts[2])]
        with app.test_request_context():
            reached = money._paid(edges)
            by_method = money._paid_by_method(*edges[0])
        for (low, after), (people_paid, _minutes, _kept) in zip(edges, reached, strict=True):
            assert people_paid == by_hand(saved, low, after, by_method=False).get("reached", 0)
        found = {method: row[0] for method, row in by_method.items()}
        assert found == by_hand(saved, *edges[0], by_method=True)
