"""Money pages run the same number of SQL queries however many claims and payments exist."""

import pytest

from tests.factories import (
    in_a_request,
    log_in,
    make_approved_claim,
    make_claim,
    make_young_person,
)
from tests.support.queries import count_queries
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import services
from youthhub.payments.models import PaymentChoice, PaymentMethod


def queries_for(client, url) -> int:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def add_money(cast, how_many: int) -> None:
    """Claims at every stage, for the young person and for others."""
    others = [make_young_person(key_worker=cast.worker) for _ in range(2)]
    for number in range(how_many):
        for person in (cast.young, *others):
            make_claim(person)
            make_approved_claim(person, cast.worker, choice=PaymentChoice.STRIPE)
            paid = make_approved_claim(person, cast.worker, choice=PaymentChoice.CASH)
            with in_a_request():
                services.record_payment(
                    paid,
                    actor=cast.finance,
                    method=PaymentMethod.CASH,
                    paid_on=london_today(),
                    reference=str(number),
                )
    db.session.commit()


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("young", "/money"),
        ("worker", "/manage/claims"),
        ("worker", "/manage/claims?status=approved"),
        ("finance", "/manage/finance"),
        ("finance", "/manage/claims?status=paid"),
        ("admin", "/manage/rates"),
    ],
)
def test_money_pages_stay_constant_as_claims_grow(client, cast, who, url):
    log_in(client, getattr(cast, who))
    add_money(cast, 1)
    few = queries_for(client, url)
    add_money(cast, 4)
    many = queries_for(client, url)
    assert many == few
    assert few <= 8
