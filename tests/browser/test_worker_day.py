"""A youth worker's day on a 360 px phone: they log in, land on the staff home, and open today's
register in one tap; the staff menu stays one row, with every page one tap away. The new and
changed pages are checked with axe-core (WCAG 2.2 A/AA) in English and Welsh at 320 px."""

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.activities.factories import make_activity, make_booking
from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import PASSWORD, make_claim, make_worker, make_young_person
from youthhub.core.time import LONDON, london_today
from youthhub.extensions import db
from youthhub.goals.models import ContactRequest
from youthhub.payments.rates import ensure_default_rate_card

pytestmark = [pytest.mark.browser, pytest.mark.committing]

# One row of 44 px targets, with a little room: the old menu wrapped to three (~190 px).
ONE_ROW_PX = 64


def at(days_from_today: int, hour: int, minute: int = 0) -> datetime:
    day = london_today() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def a_workers_day():
    """Sam's own session today (another worker's first), one tomorrow, and things waiting."""
    sam, ali = make_worker(name="Sam"), make_worker(name="Ali")
    make_activity(title="Drop-in at the hub", starts_at=at(0, 0, 1), created_by_id=ali.id)
    eat_club = make_activity(
        title="Eat Club", starts_at=at(0, 0, 2), created_by_id=sam.id, place="The Hub, Kilburn"
    )
    make_activity(
        title="Youth panel: housing",
        starts_at=at(1, 10),
        created_by_id=sam.id,
        is_paid_role=True,
        contribution_kind="Youth panel",
    )
    zara = make_young_person(name="Zara", key_worker=sam)
    make_booking(eat_club, zara)
    make_claim(zara)
    db.session.add(ContactRequest(young_person_id=zara.id, worker_id=sam.id))
    db.session.commit()
    return sam, eat_club


def test_a_worker_lands_on_home_and_opens_todays_register_in_one_tap(browser, live_server):
    sam, eat_club = a_workers_day()
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        page.goto("/login")
        page.locator("#email").fill(sam.email)
        page.locator("#password").fill(PASSWORD)
        submit_main_form(page)
        expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
        assert page.url.endswith("/manage/")

        nav = page.get_by_role("navigation", name="Staff area")
        height = nav.bounding_box()["height"]
        assert height <= ONE_ROW_PX, f"the staff menu is {height} px tall on a 360 px phone"
        # Every other page is one tap away, without JavaScript doing anything.
        nav.get_by_text("Menu").click()
        expect(nav.get_by_role("link", name="Activity table")).to_be_visible()
        nav.get_by_text("Menu").click()
        expect(nav.get_by_role("link", name="Activity table")).to_be_hidden()

        today = page.get_by_role("region", name="Today")
        expect(today.get_by_role("link").first).to_have_text("Eat Club")  # Sam's own first
        today.get_by_role("link", name="Take the register for Eat Club").click()
        expect(page.get_by_role("heading", name="Register")).to_be_visible()
        expect(page.locator(".lead")).to_contain_text("Eat Club")
        assert page.url.endswith(f"/activities/{eat_club.id}/register")
        expect(page.get_by_role("group", name="Zara")).to_be_visible()
    finally:
        context.close()


# --- the new and changed pages, in English and Welsh ---

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


@recipe()
def worker_day_home(page):
    sam, _ = a_workers_day()
    log_in(page, sam)
    return page.goto("/manage/")


@recipe()
def staff_menu_open(page):
    sam, _ = a_workers_day()
    log_in(page, sam)
    response = page.goto("/manage/activities/")
    page.locator(".staff-nav summary").click()
    return response


@recipe()
def whats_on_paid_roles_only(page):
    ensure_default_rate_card()
    a_workers_day()
    make_activity(
        title="Delivering training: care leavers' rights",
        starts_in=timedelta(days=9),
        is_paid_role=True,
        contribution_kind="Delivering training",
    )
    log_in(page, make_young_person(name="Oluwaseyifunmilayo"))
    return page.goto("/whats-on?paid=1")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_changed_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
