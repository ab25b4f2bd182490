"""The monitoring page in a real browser: axe-core (WCAG 2.2 A/AA) in English and Welsh at a
small phone's width, for an admin with a year of history and for an evaluator."""

from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.browser.helpers import LANGUAGES, log_in, page_problems
from tests.browser.pages import PageRecipe, recipe_book
from tests.factories import make_admin, make_evaluator, make_young_person
from youthhub.core.time import utcnow

pytestmark = [pytest.mark.browser, pytest.mark.committing]

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def a_year_of_sessions():
    people = [make_young_person() for _ in range(14)]
    for months_ago in range(1, 12):
        activity = make_activity(
            starts_at=utcnow() - timedelta(days=30 * months_ago), unnamed_young_people=3
        )
        for person in people[: 14 - months_ago]:
            make_attendance(activity, person)


@recipe()
def monitoring_for_an_admin(page):
    a_year_of_sessions()
    log_in(page, make_admin())
    return page.goto("/manage/monitoring")


@recipe()
def monitoring_for_an_evaluator(page):
    log_in(page, make_evaluator())
    return page.goto("/manage/monitoring")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_monitoring_is_accessible_and_fits_a_small_phone(
    browser, live_server, axe_source, recipe, lang
):
    problems = page_problems(browser, live_server, axe_source, recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
