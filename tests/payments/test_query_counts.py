"""Money pages run the same number of SQL queries however many claims and payments exist."""

import pytest
from sqlalchemy import select

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
from youthhub.payments import queries, services
from youthhub.payments.models import PaymentChoice, PaymentMethod, PaymentProfile, StripeStatus


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


def test_the_payments_export_runs_the_same_queries_however_many_it_writes(client, cast):
    """The CSV is written as it is read (`payments.export`): one count for the audit entry and
    one read, streamed, whatever the number of payments."""
    log_in(client, cast.finance)
    today = london_today().isoformat()

    def exported() -> tuple[int, int]:
        with count_queries(db.engine) as statements:
            response = client.post("/manage/finance/export", data={"start": today, "end": today})
            lines = response.get_data(as_text=True).splitlines()
        assert response.status_code == 200
        return len(statements), len(lines)

    add_money(cast, 1)
    few, few_lines = exported()
    add_money(cast, 4)
    many, many_lines = exported()
    assert (few_lines, many_lines) == (1 + 3, 1 + 15)  # a header, then a line per payment
    assert many == few


@pytest.mark.parametrize("claims", [0, 1, 4])
@pytest.mark.parametrize("has_profile", [False, True])
def test_the_money_page_is_one_statement_with_how_they_are_paid(client, cast, claims, has_profile):
    # Two: the person signed in, then their claims beside how they are paid (or no claim).
    if has_profile:
        db.session.add(
            PaymentProfile(
                user_id=cast.young.id,
                default_choice=PaymentChoice.CASH,
                stripe_status=StripeStatus.READY,
                payout_problem=True,
            )
        )
    for _ in range(claims):
        make_claim(cast.young)
    make_claim(cast.teen)  # someone else's
    db.session.commit()
    log_in(client, cast.young)
    assert queries_for(client, "/money") == 2

    page = queries.money_page(cast.young)
    assert len(page.claims) == claims
    assert all(claim.person_id == cast.young.id for claim in page.claims)
    saved = db.session.scalar(select(PaymentProfile).filter_by(user_id=cast.young.id))
    if saved is None:  # a claim may have made one
        assert page.profile is None
    else:
        shown = (saved.default_choice, saved.stripe_status, saved.payout_problem)
        assert page.profile == shown
    if has_profile:
        assert page.profile == (PaymentChoice.CASH, StripeStatus.READY, True)
