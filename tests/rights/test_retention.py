"""Retention by the clock: a reminder a month before, erasure on the day (both sides of each
edge), staff switched off by the same rule, and running twice does nothing new."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_admin, make_worker, make_young_person
from tests.rights.conftest import make_waiting_claim
from youthhub.accounts.personal_data import is_erased
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today
from youthhub.endings import services as endings
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.rights import services as rights
from youthhub.rights.retention import run_retention

TODAY = london_today()


def ended(months_and_days_ago: tuple[int, int]) -> object:
    """A young person whose planned ending was that long ago."""
    months, days = months_and_days_ago
    person = make_young_person()
    ending = endings.ending_for(person)
    ending.planned_on = add_months(TODAY, -months) - timedelta(days=days)
    db.session.commit()
    return person


def run(today=None):
    from flask import current_app

    with current_app.test_request_context():
        result = run_retention(today or TODAY)
        db.session.commit()
    return result


def notices_for(person) -> int:
    return db.session.scalar(select(func.count(Notice.id)).where(Notice.recipient_id == person.id))


def test_erased_on_the_day_not_the_day_before(app):
    due_today = ended((24, 0))
    due_tomorrow = ended((24, -1))
    result = run()
    assert result.erased == [due_today.id]
    assert is_erased(due_today) and not is_erased(due_tomorrow)


def test_reminded_a_month_before_not_earlier(app):
    in_30_days = ended((24, -30))
    in_31_days = ended((24, -31))
    result = run()
    assert result.reminded == [in_30_days.id]
    assert notices_for(in_30_days) == 1 and notices_for(in_31_days) == 0
    text = db.session.scalar(select(Notice.text).where(Notice.recipient_id == in_30_days.id))
    assert "Download your keepsake" in text


def test_running_twice_does_nothing_new(app):
    reminded, erased = ended((24, -10)), ended((25, 0))
    first = run()
    second = run()
    assert (first.reminded, first.erased) == ([reminded.id], [erased.id])
    assert (second.reminded, second.erased) == ([], [])
    assert notices_for(reminded) == 1


def test_the_admin_sets_how_long(app):
    person = ended((12, 0))
    assert run().erased == []
    rights.set_keep_months(12, actor=make_admin())
    db.session.commit()
    assert run().erased == [person.id]


def test_only_an_admin_sets_it_and_within_reason(app):
    with pytest.raises(DomainError):
        rights.set_keep_months(12, actor=make_worker())
    with pytest.raises(DomainError):
        rights.set_keep_months(0, actor=make_admin())


def test_a_claim_still_being_paid_waits(app):
    person = ended((30, 0))
    make_waiting_claim(person)
    result = run()
    assert result.waiting == [person.id] and not is_erased(person)


def test_switched_off_staff_go_by_the_same_rule(app):
    long_ago = make_worker(
        disabled_at=datetime.combine(add_months(TODAY, -24) - timedelta(days=1), time(12), UTC)
    )
    recently = make_worker(disabled_at=datetime.now(UTC) - timedelta(days=3))
    assert run().erased == [long_ago.id]
    assert is_erased(long_ago) and not is_erased(recently)


def test_the_command_has_a_dry_run(app, runner):
    person = ended((25, 0))
    result = runner.invoke(args=["data", "retention", "--dry-run"])
    assert "Would have: Reminded: 0. Erased: 1." in result.output
    db.session.expire_all()
    assert not is_erased(person)
    result = runner.invoke(args=["data", "retention"])
    assert "Erased: 1." in result.output
    db.session.expire_all()
    assert is_erased(db.session.get(type(person), person.id))
