"""Paid roles in "What's on": the card says a role is paid, with its hourly rate on the day
(unless the programme chose to show no rates), and a filter shows only paid roles, for young
people and staff alike."""

import html
import re
from datetime import timedelta

import pytest

from tests.activities.factories import make_activity
from tests.core.test_query_counts import queries_for
from tests.factories import in_a_request, log_in, make_admin, make_worker, make_young_person
from youthhub.core.audit import AuditEntry
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import rates
from youthhub.payments.models import ContributionKind


@pytest.fixture(autouse=True)
def rate_card(app):
    rates.ensure_default_rate_card()  # a youth panel pays £15.00 an hour
    db.session.commit()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def card(text: str, title: str) -> str:
    match = re.search(
        rf'<li class="activity-card">(?:(?!</li>).)*{re.escape(title)}.*?</li>', text, re.S
    )
    assert match, title
    return match.group(0)


def paid_role(title: str, kind: str = "Youth panel", **fields):
    return make_activity(title=title, is_paid_role=True, contribution_kind=kind, **fields)


@pytest.mark.parametrize("make_person", [make_young_person, make_worker])
def test_a_paid_role_shows_its_hourly_rate_and_the_filter_shows_only_paid_roles(
    client, make_person
):
    paid_role("Youth panel: housing")
    make_activity(title="Pizza night")
    log_in(client, make_person())

    everything = page(client, "/whats-on")
    assert "Paid: £15.00 an hour" in card(everything, "Youth panel: housing")
    assert "Paid" not in card(everything, "Pizza night")

    paid_only = page(client, "/whats-on?paid=1")
    assert "Youth panel: housing" in paid_only and "Pizza night" not in paid_only
    assert re.search(r'<input type="checkbox" id="paid" name="paid" value="1" checked>', paid_only)


def test_the_rate_is_the_one_in_force_on_the_day_of_the_activity(client):
    admin = make_admin()
    panel = db.session.query(ContributionKind).filter_by(code="panel").one()
    with in_a_request():
        rates.set_rate(
            panel,
            actor=admin,
            hourly_pence=1800,
            minimum_pence=0,
            effective_from=london_today() + timedelta(days=10),
        )
    db.session.commit()
    soon = paid_role("Panel soon", starts_in=timedelta(days=3))
    paid_role("Panel later", starts_in=timedelta(days=12))
    log_in(client, make_young_person())

    text = page(client, "/whats-on")
    assert "Paid: £15.00 an hour" in card(text, "Panel soon")
    assert "Paid: £18.00 an hour" in card(text, "Panel later")
    assert "£15.00 an hour." in page(client, f"/activities/{soon.id}")


def test_a_programme_that_shows_no_rates_still_says_paid(client):
    activity = paid_role("Youth panel: housing")
    admin = make_admin()
    log_in(client, admin)
    rate_card = page(client, "/manage/rates")
    assert re.search(r'<input [^>]*checked id="pay-show_rates"', rate_card)
    token = re.search(r'name="csrf_token" value="([^"]+)"', rate_card).group(1)

    response = client.post("/manage/rates/settings", data={"csrf_token": token})

    assert response.status_code == 302
    entry = db.session.query(AuditEntry).filter_by(action="pay_settings.updated").one()
    assert entry.actor_id == admin.id and entry.details == {"show_rates": False}
    log_in(client, make_young_person())
    text = page(client, "/whats-on")
    assert "an hour" not in text and ">Paid role</span>" in card(text, "Youth panel: housing")
    detail = page(client, f"/activities/{activity.id}")
    assert "You get paid for taking part in this." in detail and "an hour" not in detail


def test_whats_on_runs_the_same_queries_however_many_paid_roles(client):
    log_in(client, make_young_person())

    def add(how_many: int) -> None:
        for number in range(how_many):
            soon = timedelta(days=1 + number % 12)  # a few a day, as a programme plans them
            kind = ("Youth panel", "Podcast", "Research")[number % 3]
            paid_role(f"Panel {number}", kind=kind, starts_in=soon)
            make_activity(title=f"Trip {number}", starts_in=soon)

    add(2)
    few = queries_for(client, "/whats-on")
    add(20)
    assert queries_for(client, "/whats-on") == few
