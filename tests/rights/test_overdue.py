"""Stuck erasure requests are flagged: one unanswered past the legal month (from the day it came
to the same day next month), or held longer than ERASURE_HOLD_DAYS; both sides of each edge,
on the admin's list, in the admin home's counts and in the retention command's report."""

import html
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.factories import log_in, make_admin, make_young_person
from youthhub.core.time import LONDON, london_today
from youthhub.extensions import db
from youthhub.rights import services as rights
from youthhub.rights.overdue import admin_counts, is_overdue, overdue_requests


def at(day: date):
    return datetime.combine(day, time(10), LONDON).astimezone(UTC)


def asked_on(day: date):
    ask = rights.ask_to_be_erased(actor=make_young_person())
    ask.asked_at = at(day)
    db.session.commit()
    return ask


def held_on(day: date, admin):
    ask = asked_on(day)
    rights.hold_request(ask, reason="A claim is on its way", actor=admin)
    ask.held_at = at(day)
    db.session.commit()
    return ask


@pytest.mark.parametrize(
    ("asked", "last_day"),
    [(date(2026, 3, 3), date(2026, 4, 3)), (date(2026, 1, 31), date(2026, 2, 28))],
)
def test_unanswered_is_overdue_the_day_after_the_legal_month(app, asked, last_day):
    ask = asked_on(asked)
    assert not is_overdue(ask, last_day)
    assert is_overdue(ask, last_day + timedelta(days=1))


def test_held_is_overdue_after_the_set_number_of_days(app):
    app.config["ERASURE_HOLD_DAYS"] = 10
    ask = held_on(date(2026, 6, 1), make_admin())
    assert not is_overdue(ask, date(2026, 6, 11))
    assert is_overdue(ask, date(2026, 6, 12))


def test_finished_requests_are_never_overdue(app):
    ask = asked_on(date(2020, 1, 1))
    rights.withdraw_request(ask, actor=ask.person)
    db.session.commit()
    assert overdue_requests() == []


def test_the_admin_sees_them_and_the_command_reports_them(app, client, runner):
    admin = make_admin()
    late = asked_on(date(2020, 1, 1))
    asked_on(london_today())
    log_in(client, admin)
    listing = html.unescape(client.get("/manage/data/").get_data(as_text=True))
    assert listing.count("Overdue") == 1
    assert admin_counts() == {"waiting": 2, "overdue": 1, "stripe_to_close": 0}
    home = html.unescape(client.get("/manage/").get_data(as_text=True))
    assert "Overdue</dt><dd>1</dd>" in home
    result = runner.invoke(args=["data", "retention", "--dry-run"])
    assert f"Overdue requests to be erased (see Data rights): 1 ({late.id})." in result.output
