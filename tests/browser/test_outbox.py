"""A young person's changes made with no signal wait on the phone and arrive once, with the time
they were made; logging out with changes waiting says so first and empties the phone."""

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.checks import axe_violations, layout_problems
from tests.browser.helpers import new_context
from tests.browser.test_pwa import wait_until_controlled
from tests.factories import make_young_person
from tests.goals.factories import area, default_areas, make_goal
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.models import GoalStatus, Rating

pytestmark = [pytest.mark.browser, pytest.mark.committing, pytest.mark.service_worker]

OUTBOX_ITEMS = """
() => new Promise((resolve) => {
  const open = indexedDB.open("youthhub-outbox");
  // Only looks: a database that isn't there is not made.
  open.onupgradeneeded = () => open.transaction.abort();
  open.onerror = () => resolve(0);
  open.onsuccess = () => {
    const db = open.result;
    const request = db.transaction("items").objectStore("items").count();
    request.onsuccess = () => { db.close(); resolve(request.result); };
  };
})
"""
DATABASES = "async () => (await indexedDB.databases()).map((db) => db.name)"


def sign_in(page, person) -> None:
    from tests.browser.helpers import log_in

    log_in(page, person)


def ratings(person) -> list[Rating]:
    db.session.expire_all()
    return list(db.session.scalars(select(Rating).where(Rating.owner_id == person.id)))


def test_a_contribution_logged_offline_arrives_once(context, page):
    from youthhub.payments.models import Contribution
    from youthhub.payments.rates import ensure_default_rate_card

    ensure_default_rate_card()
    db.session.commit()
    young = make_young_person(name="Jordan")
    page.goto("/")
    wait_until_controlled(page)
    sign_in(page, young)
    page.goto("/money/claims/new")  # the form alone is kept; the Money page never is

    context.set_offline(True)
    page.reload()  # the kept copy of the form, with no signal
    page.get_by_label("What did you do?").select_option(index=1)
    page.get_by_label("How many hours?").fill("1.5")
    page.get_by_label("Tell us a bit about it").fill("Youth panel")
    page.get_by_role("button", name="Send my claim").click()
    status = page.locator("[data-outbox-status]")
    expect(status).to_contain_text("Changes waiting to send: 1.")
    db.session.expire_all()
    assert db.session.scalars(select(Contribution)).all() == []

    context.set_offline(False)
    expect(status).to_have_text("Your changes have been sent.")
    db.session.expire_all()
    [claim] = db.session.scalars(select(Contribution)).all()
    assert (claim.person_id, claim.minutes, claim.description) == (young.id, 90, "Youth panel")


def test_a_rating_saved_offline_waits_and_arrives_once_with_its_time(context, page):
    default_areas()
    db.session.commit()
    young = make_young_person(name="Jordan")
    page.goto("/")
    wait_until_controlled(page)
    sign_in(page, young)
    page.goto(f"/goals/areas/{area('job').id}")  # kept by the service worker for offline use

    context.set_offline(True)
    before = utcnow()
    page.get_by_text("7", exact=True).click()
    page.get_by_role("button", name="Save my rating").click()
    status = page.locator("[data-outbox-status]")
    expect(status).to_contain_text("Saved on this phone. It will send when you have signal.")
    expect(status).to_contain_text("Changes waiting to send: 1.")
    made = utcnow()

    page.reload()  # offline: the kept copy of the page, and the change still on the phone
    expect(status).to_have_text("Changes waiting to send: 1.")
    assert ratings(young) == []

    context.set_offline(False)
    expect(status).to_have_text("Your changes have been sent.")
    [rating] = ratings(young)
    assert (rating.score, before <= rating.rated_at <= made) == (7, True)
    page.reload()  # opening a page sends again whatever waits: nothing does
    expect(status).to_have_text("")
    assert len(ratings(young)) == 1
    assert page.evaluate(OUTBOX_ITEMS) == 0

    # With signal, the same form simply saves and says so, as it does without JavaScript.
    page.get_by_text("8", exact=True).click()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.locator(".notice--win")).to_contain_text("Up from 7 to 8")
    assert len(ratings(young)) == 2


def test_the_kept_claim_form_opened_on_a_later_day_says_that_day(page):
    from youthhub.core.time import london_today
    from youthhub.payments.rates import ensure_default_rate_card

    ensure_default_rate_card()
    db.session.commit()
    sign_in(page, make_young_person(name="Jordan"))
    today = london_today()
    page.clock.install(time=datetime.combine(today + timedelta(days=1), time(12), UTC))
    page.goto("/money/claims/new")  # as if the copy kept yesterday were opened today
    day = page.get_by_label("When did you do it?")
    expect(day).to_have_value((today + timedelta(days=1)).isoformat())

    # A day the young person typed is theirs, even when the form comes back with a problem.
    day.fill("2026-01-05")
    page.get_by_role("button", name="Send my claim").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(day).to_have_value("2026-01-05")


def test_a_double_tap_with_signal_saves_one_rating(page):
    default_areas()
    db.session.commit()
    young = make_young_person(name="Jordan")
    sign_in(page, young)
    page.goto(f"/goals/areas/{area('job').id}")
    page.get_by_text("6", exact=True).click()
    page.get_by_role("button", name="Save my rating").dblclick()
    expect(page.locator(".notice--success")).to_contain_text("Thanks. Your rating is saved.")
    chart = page.get_by_role("img", name="Your ratings for Being in a job")
    expect(chart.locator("circle")).to_have_count(1)
    assert [rating.score for rating in ratings(young)] == [6]


WORDS = {
    "en": ("Changes not sent yet: 1.", "Log out and delete them", "This goal is finished."),
    "cy": ("Newidiadau heb eu hanfon eto: 1.", "Allgofnodi a'u dileu", "Mae'r nod hwn"),
}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_logging_out_with_a_change_waiting_warns_then_empties_the_phone(
    browser, live_server, axe_source, lang
):
    young = make_young_person(name="Jordan")
    goal = make_goal(young, steps=["Book the test"])
    warning, log_out_anyway, refused = WORDS[lang]
    context = new_context(browser, live_server, extra_http_headers={"Accept-Language": lang})
    try:
        page = context.new_page()
        sign_in(page, young)
        page.goto(f"/goals/{goal.id}")
        context.set_offline(True)
        page.locator(".step__toggle").click()
        expect(page.locator("[data-outbox-status]")).to_contain_text(": 1.")
        # Meanwhile, on another phone, the goal is marked achieved: the tick is refused on
        # arrival, and waits on this phone with the reason.
        goal.status = GoalStatus.ACHIEVED
        db.session.commit()
        context.set_offline(False)
        expect(page.locator(".outbox__refused")).to_contain_text(refused)

        page.locator("[data-outbox-logout] button").click()
        expect(page.locator("[data-outbox-leave-text]")).to_contain_text(warning)
        assert axe_violations(page, axe_source) == []
        assert layout_problems(page, 320) == []
        page.get_by_role("button", name=log_out_anyway).click()
        expect(page.locator("[data-outbox-logout]")).to_have_count(0)  # signed out
        assert "youthhub-outbox" not in page.evaluate(DATABASES)
        assert page.evaluate(OUTBOX_ITEMS) == 0
    finally:
        context.close()


def test_a_different_person_signing_in_never_sends_what_the_last_one_left(context, page):
    default_areas()
    db.session.commit()
    first, second = make_young_person(name="Jordan"), make_young_person(name="Riley")
    sign_in(page, first)
    page.goto(f"/goals/areas/{area('job').id}")
    context.set_offline(True)
    page.get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.locator("[data-outbox-status]")).to_contain_text(": 1.")
    # The phone changes hands without logging out (the session simply ends).
    context.clear_cookies()
    context.set_offline(False)
    sign_in(page, second)
    page.goto("/goals/")
    expect(page.locator("[data-outbox]")).to_have_attribute("data-user", str(second.id))
    page.wait_for_function(f"({OUTBOX_ITEMS.strip()})().then((count) => count === 0)")
    assert ratings(first) == ratings(second) == []
