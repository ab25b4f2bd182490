"""A young person's money news: many approvals and payments read as one line per kind."""

from flask_babel import force_locale

from tests.factories import make_claim
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.notices.services import news_for
from youthhub.payments import services
from youthhub.payments.models import PaymentMethod


def approve_and_pay(cast, claims: int, minutes: int = 150) -> None:
    for _ in range(claims):
        claim = make_claim(cast.young, minutes=minutes)
        services.approve_contribution(claim, actor=cast.worker)
        services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
    db.session.commit()


def test_three_paid_claims_are_one_line_with_their_total(cast):
    approve_and_pay(cast, 3)  # 2.5 hours of panel at £15 an hour: £37.50 each
    news = news_for(cast.young)
    assert [item.text for item in news.items] == [
        "3 claims paid — £112.50",
        "3 claims approved — £112.50",
    ]
    assert {item.link for item in news.items} == {"/money"}
    assert news.total_items == 2


def test_a_single_payment_still_reads_as_its_own_notice(cast):
    approve_and_pay(cast, 1)
    assert [item.text for item in news_for(cast.young).items] == [
        "We've paid you £37.50 for Youth panel.",
        "Your claim for Youth panel was approved: £37.50.",
    ]


def test_welsh_groups_use_the_plural_form_each_number_takes(cast):
    approve_and_pay(cast, 2)
    with force_locale("cy"):
        assert news_for(cast.young).items[0].text == "2 hawliad wedi'u talu — £75.00"
    approve_and_pay(cast, 4)
    with force_locale("cy"):
        assert news_for(cast.young).items[0].text == "6 hawliad wedi'u talu — £225.00"
    approve_and_pay(cast, 6)
    with force_locale("cy"):
        assert news_for(cast.young).items[0].text == "12 o hawliadau wedi'u talu — £450.00"
