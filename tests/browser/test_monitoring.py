"""The monitoring page in a real browser: axe-core (WCAG 2.2 A/AA) in English and Welsh at a
small phone's width, for an admin with a year of history and for an evaluator."""

from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance, make_group, make_member
from tests.browser.helpers import LANGUAGES, log_in
from tests.browser.pages import PageRecipe, recipe_book
from tests.factories import make_admin, make_evaluator, make_young_person
from tests.goals.factories import make_rating
from tests.reports.test_monitoring_money import paid
from youthhub.activities.models import ActivityKind
from youthhub.core.time import london_today, utcnow

pytestmark = [pytest.mark.browser, pytest.mark.committing]

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def a_year_of_sessions():
    """Sessions of every kind (some online, some a power group's), members, payments and
    ratings: every section of the page has numbers to show."""
    people = [make_young_person() for _ in range(14)]
    group = make_group()
    for months_ago in range(1, 12):
        activity = make_activity(
            starts_at=utcnow() - timedelta(days=30 * months_ago),
            unnamed_young_people=3,
            kind=list(ActivityKind)[months_ago % len(ActivityKind)],
            online_link="https://meet.example.org/x" if months_ago % 3 == 0 else None,
            group_id=group.id if months_ago % 2 else None,
        )
        for person in people[: 14 - months_ago]:
            make_attendance(activity, person)
    for number, person in enumerate(people):
        make_member(group, person, lead=number < 2)
        paid(person, london_today() - timedelta(days=20), 60, 1500)
        make_rating(person, 3, area_slug="job", days_ago=40)
        make_rating(person, 4 + number % 3, area_slug="job", days_ago=10)


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
def test_monitoring_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
