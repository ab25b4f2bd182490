"""The young person's "About you (optional)" page in a real browser: axe-core (WCAG 2.2 A/AA)
in English and Welsh at a small phone's width, before answering, and answered with a refused
answer shown again (the error summary, the kept answers and the button to remove them)."""

import pytest

from tests.browser.helpers import LANGUAGES, log_in
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import make_young_person
from youthhub.accounts import equality
from youthhub.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.committing]

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


@recipe()
def about_you_to_answer(page):
    log_in(page, make_young_person())
    return page.goto("/profile/about-you")


@recipe()
def about_you_answered_with_a_refused_answer(page):
    person = make_young_person()
    equality.save_answers(person, {"age_band": "18-21", "care_status": "in-care"}, actor=person)
    db.session.commit()
    log_in(page, person)
    page.goto("/profile/about-you")
    page.locator("#gender-1").check()
    # A value no list offers, as a tampered or stale page would send.
    page.evaluate(
        "() => { const list = document.querySelector('#ethnicity');"
        " list.add(new Option('?', 'made-up')); list.value = 'made-up'; }"
    )
    response = submit_main_form(page)
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#age_band-1").is_checked() and page.locator("#gender-1").is_checked()
    return response


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_about_you_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
