"""The rate card: pricing, rate history, minimums, and who may change it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_claim
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import rates
from youthhub.payments.models import ContributionKind, Rate


def kind(code):
    return db.session.scalars(select(ContributionKind).filter_by(code=code)).one()


@pytest.mark.parametrize(
    ("hourly", "minimum", "minutes", "pence"),
    [
        (1500, 0, 60, 1500),
        (1500, 0, 15, 375),
        (1333, 0, 45, 1000),  # 999.75 rounds to the nearest penny
        (1001, 0, 15, 250),  # 250.25
        (1002, 0, 15, 251),  # 250.5 rounds half up
        (1500, 2000, 60, 2000),  # the minimum payment
        (1500, 2000, 120, 3000),
    ],
)
def test_pricing_in_whole_pence(hourly, minimum, minutes, pence):
    assert rates.price(hourly, minimum, minutes) == pence


def test_the_standard_kinds_are_loaded_once(app):
    assert rates.ensure_default_rate_card() == 7
    assert rates.ensure_default_rate_card() == 0
    codes = set(db.session.scalars(select(ContributionKind.code)))
    assert codes == {
        "panel",
        "co_design",
        "training_delivery",
        "interview_panel",
        "podcast",
        "research",
        "other",
    }
    assert db.session.scalar(select(func.count(Rate.id))) == 7


def test_a_claim_is_priced_at_the_rate_on_the_day_of_the_work(cast):
    today = london_today()
    rates.set_rate(
        kind("research"),
        actor=cast.admin,
        hourly_pence=1800,
        minimum_pence=0,
        effective_from=today - timedelta(days=10),
    )
    rates.set_rate(
        kind("research"),
        actor=cast.admin,
        hourly_pence=2100,
        minimum_pence=0,
        effective_from=today + timedelta(days=5),
    )
    before = make_claim(cast.young, kind="research", work_date=today - timedelta(days=11))
    during = make_claim(cast.young, kind="research", work_date=today - timedelta(days=10))
    assert (before.amount_pence, during.amount_pence) == (1500, 1800)
    assert rates.rate_on(kind("research"), today + timedelta(days=5)).hourly_pence == 2100


def test_a_new_rate_never_changes_a_claim_already_made(cast):
    claim = make_claim(cast.young, kind="podcast")
    rates.set_rate(
        kind("podcast"),
        actor=cast.admin,
        hourly_pence=3000,
        minimum_pence=0,
        effective_from=date(2020, 4, 6),
    )
    db.session.commit()
    assert claim.amount_pence == 1500


def test_setting_a_rate_on_the_same_day_replaces_it_and_is_audited(cast):
    from youthhub.core.audit import AuditEntry

    day = london_today()
    for hourly in (1600, 1700):
        rates.set_rate(
            kind("other"),
            actor=cast.admin,
            hourly_pence=hourly,
            minimum_pence=0,
            effective_from=day,
        )
    assert rates.rate_on(kind("other"), day).hourly_pence == 1700
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "rate_card.rate_set")
    ).all()
    assert entries[-1].details["replaced"] == [1600, 0]


def test_only_admins_change_the_rate_card_and_amounts_are_sensible(cast):
    with pytest.raises(NotAllowed):
        rates.set_rate(
            kind("other"),
            actor=cast.finance,
            hourly_pence=1,
            minimum_pence=0,
            effective_from=london_today(),
        )
    for hourly, minimum in ((0, 0), (100_001, 0), (1500, -1)):
        with pytest.raises(DomainError):
            rates.set_rate(
                kind("other"),
                actor=cast.admin,
                hourly_pence=hourly,
                minimum_pence=minimum,
                effective_from=london_today(),
            )


def test_adding_a_kind(cast):
    added = rates.add_kind(
        "Mentoring",
        actor=cast.admin,
        hourly_pence=1800,
        minimum_pence=500,
        effective_from=date(2026, 1, 1),
    )
    assert rates.kind_name(added) == "Mentoring"
    with pytest.raises(DomainError, match="already"):
        rates.add_kind(
            "mentoring",
            actor=cast.admin,
            hourly_pence=1,
            minimum_pence=0,
            effective_from=date(2026, 1, 1),
        )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("panel", "panel"),
        ("Youth panel", "panel"),
        ("training_delivery", "training_delivery"),
        ("co-design", "co_design"),
        ("Youth panel member", "panel"),
        ("Member of the interview panel", "interview_panel"),
        ("Mystery shopping", "other"),
        (None, "other"),
    ],
)
def test_an_activitys_kind_text_finds_a_kind(cast, text, code):
    assert rates.kind_for_text(text).code == code
