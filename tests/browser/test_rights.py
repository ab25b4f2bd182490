"""Data rights in a real browser: the journey from the issue (download, open the HTML offline,
ask to be erased, an admin erases, try to log in), and every new page, and the downloaded
my-data.html, checked with axe-core in English and Welsh at a small phone's width."""

import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.checks import axe_violations, layout_problems
from tests.browser.helpers import (
    LANGUAGES,
    SMALLEST_PHONE_WIDTH,
    log_in,
    new_context,
)
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import PASSWORD, make_admin, make_worker, make_young_person
from tests.goals.factories import make_goal
from youthhub.extensions import db
from youthhub.rights import services

pytestmark = [pytest.mark.browser, pytest.mark.committing, pytest.mark.service_worker]


def test_download_open_offline_ask_to_be_erased_admin_erases_try_to_log_in(
    browser, live_server, tmp_path
):
    kai = make_young_person(name="Kai", email="kai@youthhub.example")
    make_goal(kai, title="Get my CSCS card")
    admin_user = make_admin(name="Ada")
    contexts = [new_context(browser, live_server) for _ in range(3)]
    young, admin, reader = (context.new_page() for context in contexts)
    try:
        log_in(young, kai)
        young.goto("/profile")
        young.get_by_role("link", name="My data").last.click()
        # The archive holds their certificate and keepsake PDFs: on a busy machine making them
        # takes longer than the five seconds a click usually waits.
        with young.expect_download(timeout=30_000) as download_info:
            young.get_by_role("button", name="Download my data").click(timeout=30_000)
        archive = tmp_path / "my-data.zip"
        download_info.value.save_as(archive)
        with zipfile.ZipFile(archive) as files:
            files.extractall(tmp_path)
        assert (tmp_path / "my-data.json").exists()

        contexts[2].set_offline(True)
        reader.goto((tmp_path / "my-data.html").as_uri())
        expect(reader.get_by_role("heading", level=1)).to_contain_text("My data from")
        expect(reader.get_by_text("Get my CSCS card")).to_be_visible()

        young.goto("/my-data/")
        young.get_by_role("link", name="Ask to delete my account").click()
        expect(young.get_by_text("six years")).to_be_visible()
        young.get_by_role("button", name="Yes, ask to delete my account").click()
        # The message of the page after the request (any message at all could be one already
        # showing before it, and the admin below would look before the request was saved).
        expect(young.get_by_role("status")).to_contain_text("We've got your request.")

        log_in(admin, admin_user)
        admin.goto("/manage/data/")
        expect(admin.get_by_role("heading", name="Kai")).to_be_visible()
        admin.get_by_role("button", name="Delete their data now").click()
        expect(admin.get_by_text("No requests waiting.")).to_be_visible()

        young.context.clear_cookies()
        young.goto("/login")
        young.locator("#email").fill("kai@youthhub.example")
        young.locator("#password").fill(PASSWORD)
        submit_main_form(young)
        expect(young.get_by_text("That email and password don't match")).to_be_visible()
    finally:
        for context in contexts:
            context.close()


# Every new page, in English and Welsh ------------------------------------------------------

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def _young_with_a_look():
    worker = make_worker(name="Sam")
    young = make_young_person(name="Kai", key_worker=worker)
    goal = make_goal(young, title="Get my CSCS card", shared_with=worker)
    return young, worker, goal


@recipe()
def my_data(page):
    young, worker, goal = _young_with_a_look()
    log_in(page, worker)
    page.goto(f"/manage/goals/shared/{goal.id}")
    page.context.clear_cookies()
    log_in(page, young)
    return page.goto("/my-data/")


@recipe()
def my_data_held(page):
    young = make_young_person(name="Kai")
    ask = services.ask_to_be_erased(actor=young)
    services.hold_request(ask, reason="Your last claim is on its way.", actor=make_admin())
    db.session.commit()
    log_in(page, young)
    return page.goto("/my-data/")


@recipe()
def ask_erasure(page):
    log_in(page, make_young_person(name="Kai"))
    return page.goto("/my-data/erase")


@recipe()
def who_looked(page):
    young, worker, goal = _young_with_a_look()
    log_in(page, worker)
    page.goto(f"/manage/goals/shared/{goal.id}")
    page.context.clear_cookies()
    log_in(page, young)
    return page.goto("/my-data/who-looked")


@recipe()
def erasure_requests(page):
    """One overdue request, one held, and an erased person's Stripe account still to close."""
    from datetime import UTC, datetime

    from youthhub.payments.models import StripeClosure

    admin = make_admin(name="Ada")
    late = services.ask_to_be_erased(actor=make_young_person(name="Kai"))
    late.asked_at = datetime(2020, 1, 6, 10, tzinfo=UTC)
    held = services.ask_to_be_erased(actor=make_young_person(name="Jo"))
    services.hold_request(held, reason="Your last claim is on its way.", actor=admin)
    db.session.add(
        StripeClosure(
            account_id="acct_1StillOpen",
            person_id=make_young_person(name="YP-000042").id,
            attempts=2,
            last_problem="An unknown error occurred.",
        )
    )
    db.session.commit()
    log_in(page, admin)
    return page.goto("/manage/data/")


@recipe(400)
def erasure_requests_with_errors(page):
    services.ask_to_be_erased(actor=make_young_person(name="Kai"))
    db.session.commit()
    log_in(page, make_admin(name="Ada"))
    page.goto("/manage/data/")
    page.locator("#keep_months").fill("0")
    with page.expect_navigation() as navigation:
        page.locator("form[action$='/manage/data/retention'] button").click()
    return navigation.value


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_new_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_downloaded_page_is_accessible_and_fits_a_small_phone(
    app, browser, live_server, axe_source, lang
):
    from tests.rights.conftest import Staff, plant_everything
    from youthhub.rights.export import collect, my_data_html

    staff = Staff(make_worker(name="Sam"), make_admin(), make_admin())
    from tests.factories import make_finance

    staff.finance = make_finance(name="Fin")
    planted = plant_everything(staff, "kai")
    planted.person.locale = lang
    db.session.commit()
    with app.test_request_context():
        html = my_data_html(collect(planted.person), planted.person)
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        page.set_content(html)
        problems = axe_violations(page, axe_source) + layout_problems(page, SMALLEST_PHONE_WIDTH)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
