"""A paid role's register on a phone: a worker at the door marks who came (booked, walked in,
absent) and counts professionals and guests, saves once, finds a claim waiting for exactly the
young people who came, each "from the register" and theirs, and approves one themself."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking
from tests.browser.helpers import PHONE, log_in
from tests.factories import make_worker, make_young_person
from youthhub.activities.models import Activity
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, Contribution
from youthhub.payments.rates import ensure_default_rate_card

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_a_paid_roles_register_makes_a_claim_for_each_who_came_and_its_taker_approves_one(page):
    assert page.viewport_size == PHONE["viewport"]  # 360 px wide, as at the door
    ensure_default_rate_card()
    db.session.commit()
    worker = make_worker(name="Sam")
    jordan, remi = make_young_person(name="Jordan"), make_young_person(name="Remi")
    kai, wil = make_young_person(name="Kai"), make_young_person(name="Wil")
    started = utcnow() - timedelta(minutes=5)  # the panel has just begun
    activity = make_activity(
        title="Corporate parenting panel",
        starts_at=started,
        is_paid_role=True,
        contribution_kind="Youth panel member",
        expected_minutes=120,
    )
    for person in (jordan, remi, kai):
        make_booking(activity, person)

    log_in(page, worker)
    page.goto(f"/manage/activities/{activity.id}")
    page.get_by_role("link", name="Take the register").click()
    # Wil turned up without booking.
    page.get_by_label("Search young people by name").fill("Wil")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add Wil").click()
    expect(page.get_by_role("status")).to_contain_text("Wil is on the register.")
    expect(page.get_by_role("group", name="Wil Walk-in").get_by_label("Came")).to_be_checked()
    for name in ("Jordan", "Remi"):
        page.get_by_role("group", name=name).get_by_text("Came", exact=True).click()
    page.get_by_role("group", name="Kai").get_by_text("Didn't come").click()
    page.get_by_label("Professionals who came").fill("2")
    page.get_by_label("Guests who came").fill("3")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("status")).to_contain_text("Register saved.")

    # The claims queue: one claim for each young person who came, and none for Kai.
    page.goto("/manage/claims")
    queue = page.locator("main .list__item")
    expect(queue).to_have_count(3)
    for name in ("Jordan", "Remi", "Wil"):
        expect(page.get_by_role("link", name=f"{name}: Youth panel")).to_be_visible()
    expect(page.get_by_role("link", name="Kai: Youth panel")).to_have_count(0)

    # The register is the evidence: the worker who took it approves Jordan's claim.
    page.get_by_role("link", name="Jordan: Youth panel").click()
    expect(page.get_by_text("From the register of Corporate parenting panel")).to_be_visible()
    page.get_by_role("button", name="Approve claim").click()
    expect(page.get_by_role("status")).to_contain_text("Claim approved")

    db.session.expire_all()
    claims = db.session.scalars(select(Contribution)).all()
    assert {claim.person_id: claim.submitted_by_id for claim in claims} == {
        jordan.id: jordan.id,
        remi.id: remi.id,
        wil.id: wil.id,
    }
    approved = [claim for claim in claims if claim.status == ClaimStatus.APPROVED]
    assert [(claim.person_id, claim.approved_by_id) for claim in approved] == [
        (jordan.id, worker.id)
    ]
    saved = db.session.get(Activity, activity.id)
    assert (saved.professionals_count, saved.guests_count) == (2, 3)
