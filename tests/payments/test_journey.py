"""Paid contributions in a young person's journey: highlights they may put on their certificate
(how often, how many hours) and entries on their keepsake, never the money."""

from datetime import timedelta

import pytest
from flask_babel import force_locale

from tests.endings.pdfs import pdf_text
from tests.factories import (
    in_a_request,
    make_approved_claim,
    make_certificate,
    make_claim,
    make_worker,
    make_young_person,
)
from youthhub.core.time import london_today
from youthhub.endings import certificates, journey, services
from youthhub.extensions import db
from youthhub.payments import services as payment_services
from youthhub.payments.models import PaymentChoice

TODAY = london_today()


def a_year_of_contributions():
    """Two approved contributions (2 h and 1.5 h), one the young person did for free, one
    refused by the worker and one still waiting: three count, for 4.5 hours."""
    person, worker = make_young_person(name="Ola"), make_worker()
    make_approved_claim(
        person, worker, kind="panel", minutes=120, work_date=TODAY - timedelta(days=60)
    )
    make_approved_claim(
        person, worker, kind="podcast", minutes=90, work_date=TODAY - timedelta(days=10)
    )
    make_claim(
        person,
        kind="research",
        minutes=60,
        work_date=TODAY - timedelta(days=30),
        choice=PaymentChoice.DECLINE,
    )
    refused = make_claim(person, kind="co_design", minutes=180)
    with in_a_request():
        payment_services.reject_contribution(refused, actor=worker, reason="Not one of ours")
    make_claim(person, kind="training_delivery", minutes=240)  # not approved yet
    db.session.commit()
    return person


def highlights_of(person) -> dict[str, int]:
    ending = services.ending_for(person)
    return {item.key: item.count for item in journey.available_highlights(person, ending)}


def test_approved_and_freely_given_contributions_count(app):
    found = highlights_of(a_year_of_contributions())
    assert found["contributions"] == 3
    assert found["contribution_hours"] == 4.5  # as claimed, never cut to whole hours


def test_half_an_hour_shows_as_half_an_hour(app):
    person = make_young_person()
    make_approved_claim(person, make_worker(), minutes=30)
    assert highlights_of(person)["contribution_hours"] == 0.5


def test_no_contributions_offers_no_contribution_highlights(app):
    person = make_young_person()
    make_claim(person)  # waiting for approval
    assert "contributions" not in highlights_of(person)
    assert "contribution_hours" not in highlights_of(person)


@pytest.mark.parametrize(
    ("key", "count", "english"),
    [
        ("contributions", 1, "Shared my expertise 1 time"),
        ("contributions", 3, "Shared my expertise 3 times"),
        ("contribution_hours", 12, "12 hours of paid expertise"),
        ("contribution_hours", 1, "1 hour of paid expertise"),
        ("contribution_hours", 0.5, "0.5 hours of paid expertise"),
        ("contribution_hours", 38.5, "38.5 hours of paid expertise"),
        ("contribution_hours", 38.25, "38.25 hours of paid expertise"),
    ],
)
def test_contribution_highlights_are_said_in_both_languages(app, key, count, english):
    item = {"key": key, "count": count}
    assert journey.describe(item) == english
    with force_locale("cy"):
        welsh = journey.describe(item)
    assert welsh and welsh != english and str(count) in welsh


def test_the_timeline_has_each_counted_contribution_in_order_without_money(app):
    person = a_year_of_contributions()
    with app.test_request_context():
        texts = [entry.text for entry in journey.timeline(person, services.ending_for(person))]
    shared = [text for text in texts if text.startswith("Shared my expertise")]
    assert shared == [
        "Shared my expertise: Youth panel, 2 hours",
        "Shared my expertise: Research, 1 hour",
        "Shared my expertise: Podcast, 1.5 hours",
    ]
    assert not any("£" in text for text in texts)


def test_the_certificate_prints_the_chosen_contribution_highlights(app):
    person = a_year_of_contributions()
    certificate = make_certificate(person, highlight_keys=["contributions", "contribution_hours"])
    with app.test_request_context():
        text = pdf_text(certificates.certificate_pdf(certificate))
    assert "Shared my expertise 3 times" in text
    assert "4.5 hours of paid expertise" in text


def test_the_certificate_prints_38_and_a_half_hours_in_welsh_too(app):
    person, worker = make_young_person(name="Ola", locale="cy"), make_worker()
    for minutes in (12 * 60, 12 * 60, 12 * 60, 150):  # 38.5 hours
        make_approved_claim(person, worker, minutes=minutes)
    certificate = make_certificate(person, highlight_keys=["contribution_hours"])
    assert certificate.highlights == [{"key": "contribution_hours", "count": 38.5}]
    with app.test_request_context():
        text = pdf_text(certificates.certificate_pdf(certificate))
    assert "38.5 awr o arbenigedd â thâl" in text
    with force_locale("en"):
        assert journey.describe(certificate.highlights[0]) == "38.5 hours of paid expertise"


def test_a_certificate_issued_with_whole_hours_still_says_them(app):
    assert journey.describe({"key": "contribution_hours", "count": 38}) == (
        "38 hours of paid expertise"
    )


def test_the_keepsake_lists_the_contributions(app):
    person = a_year_of_contributions()
    with app.test_request_context():
        text = pdf_text(
            certificates.keepsake_pdf(person, services.ending_for(person), language="en")
        )
    assert "Shared my expertise: Youth panel, 2 hours" in text
    assert "Co-design" not in text  # refused by the worker
