"""Young people without an account in a real browser, on a phone: a worker searches the
register, adds someone new, marks them as here and shows the hand-over QR code; the young
person takes over their record on their own phone. Every new page is checked with axe-core in
English and Welsh at a small phone's width."""

import pytest
from playwright.sync_api import expect

from tests.activities.factories import make_attendance
from tests.activities.test_views import today_activity
from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import make_worker, make_young_person
from youthhub.accounts import people
from youthhub.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_add_on_the_register_mark_came_show_the_qr_code_and_take_over(browser, live_server):
    sam = make_worker(name="Sam")
    activity = today_activity(title="Cook and eat")
    worker_phone = new_context(browser, live_server, viewport={"width": 340, "height": 700})
    young_phone = new_context(browser, live_server)
    try:
        page = worker_phone.new_page()
        log_in(page, sam)
        page.goto(f"/activities/{activity.id}/register")
        page.get_by_label("Search young people by name").fill("Remi")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("Nobody found")).to_be_visible()
        expect(page.get_by_label("Their name")).to_have_value("Remi")
        page.get_by_label("Their pronouns (optional)").fill("he/him")
        page.get_by_role("button", name="Add them to the register").click()
        expect(page.get_by_text("Remi is on the register.")).to_be_visible()

        remi = page.get_by_role("group", name="Remi")
        expect(remi.get_by_label("Came")).to_be_checked()
        page.get_by_role("button", name="Save the register").click()
        expect(page.get_by_text("Register saved.")).to_be_visible()

        page.get_by_role("link", name="Hand over Remi's record").click()
        page.get_by_role("button", name="Show the QR code").click()
        expect(page.locator(".handover-qr svg")).to_be_visible()
        box = page.locator(".handover-qr").bounding_box()
        assert box["width"] >= 200 and box["x"] + box["width"] <= 340  # big, and on the screen
        link = page.locator(".handover-link code").inner_text()

        phone = young_phone.new_page()
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Hi Remi!")).to_be_visible()
        phone.get_by_label("Email").fill("remi@example.org")
        phone.get_by_label("Choose a password").fill("my own long password")
        phone.get_by_label("I've read what happens").check()
        phone.get_by_role("button", name="Make it my account").click()
        expect(phone.get_by_text("Your record is yours now.")).to_be_visible()
    finally:
        worker_phone.close()
        young_phone.close()


# Every new page, in English and Welsh ------------------------------------------------------

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def _worker_and_remi():
    worker = make_worker(name="Sam")
    remi = people.add_young_person(preferred_name="Remi", actor=worker)
    db.session.commit()
    return worker, remi


@recipe()
def register_add_someone_new(page):
    worker, remi = _worker_and_remi()
    activity = today_activity()
    make_attendance(activity, remi, walk_in=True)
    log_in(page, worker)
    return page.goto(f"/activities/{activity.id}/register?q=Tayo")


@recipe()
def register_maybe_already_here(page):
    worker, _remi = _worker_and_remi()
    make_young_person(name="Remi Okafor", pronouns="they/them")
    activity = today_activity()
    log_in(page, worker)
    page.goto(f"/activities/{activity.id}/register?q=Remi")
    page.locator("#birth_day").fill("31")
    page.locator("#birth_month").fill("2")
    page.locator("#birth_year").fill("2007")
    with page.expect_navigation() as navigation:
        page.locator("form[action*='/new-person'] button").click()
    return navigation.value


@recipe()
def hand_over(page):
    worker, remi = _worker_and_remi()
    log_in(page, worker)
    return page.goto(f"/manage/young-people/{remi.id}/hand-over")


@recipe()
def hand_over_qr_code(page):
    worker, remi = _worker_and_remi()
    log_in(page, worker)
    page.goto(f"/manage/young-people/{remi.id}/hand-over")
    return submit_main_form(page)


@recipe()
def take_over(page):
    worker, remi = _worker_and_remi()
    token = people.make_handover(remi, actor=worker)
    db.session.commit()
    return page.goto(f"/take-over/{token}")


@recipe()
def take_over_with_errors(page):
    worker, remi = _worker_and_remi()
    token = people.make_handover(remi, actor=worker)
    db.session.commit()
    page.goto(f"/take-over/{token}")
    page.locator("#email").fill("not an email")
    return submit_main_form(page)


@recipe()
def merge_choose(page):
    worker, remi = _worker_and_remi()
    make_young_person(name="Remi Okafor")
    log_in(page, worker)
    return page.goto(f"/manage/young-people/{remi.id}/merge")


@recipe()
def merge_confirm(page):
    worker, remi = _worker_and_remi()
    make_attendance(today_activity(), remi)
    real = make_young_person(name="Remi Okafor")
    log_in(page, worker)
    return page.goto(f"/manage/young-people/{remi.id}/merge/{real.id}")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_new_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
