"""Support given in a real browser: a worker on a 360 px phone logs a journey bag in two taps
from the young person's page; the new pages pass axe-core at 360 px and fit 320 px, in English
and Welsh."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LANGUAGES, log_in
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import make_admin, make_worker, make_young_person
from youthhub.extensions import db
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.services import log_support, retire_kind

pytestmark = [pytest.mark.browser, pytest.mark.committing]

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def kinds():
    found = ensure_default_kinds()
    db.session.commit()
    return found


def test_a_worker_logs_a_journey_bag_in_two_taps(page):
    kinds()
    worker = make_worker(name="Sam")
    make_young_person(name="Jordan", key_worker=worker)
    log_in(page, worker)
    page.goto("/manage/my-young-people")
    page.get_by_role("link", name="Jordan").click()  # the young person's page
    support = page.locator("#support")
    expect(support.get_by_text("Nothing logged yet.")).to_be_visible()
    support.get_by_role("button", name="Journey bag given").click()  # one tap logs it
    expect(page.get_by_text("Journey bag given: logged for Jordan today.")).to_be_visible()
    given = page.locator("#support [data-testid=support-given]")
    expect(given).to_contain_text("Journey bag given")
    expect(given).to_contain_text("1 time")
    expect(support.get_by_role("button", name="Take back Journey bag given")).to_be_visible()


@recipe()
def young_persons_page_with_support(page):
    found = kinds()
    worker = make_worker(name="Sam")
    young = make_young_person(name="Jordan", key_worker=worker)
    log_support(young, found[0], actor=worker)
    log_support(young, found[1], actor=make_worker())
    db.session.commit()
    log_in(page, worker)
    return page.goto(f"/manage/reports/people/{young.id}/attendance")


@recipe()
def kinds_of_support(page):
    found = kinds()
    admin = make_admin()
    retire_kind(found[1], actor=admin)
    db.session.commit()
    log_in(page, admin)
    return page.goto("/manage/support-kinds")


@recipe()
def kind_of_support_with_errors(page):
    kinds()
    log_in(page, make_admin())
    page.goto("/manage/support-kinds/new")
    page.locator("input[name=name_cy]").fill("Taleb bwyd")
    return submit_main_form(page)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_support_pages_are_accessible_and_fit_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
