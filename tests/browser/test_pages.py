"""Every page of the foundation, in English and in Welsh: axe-core finds no WCAG 2.2 A/AA
problem at a 360 px phone width, and at 320 px nothing scrolls sideways and every button, box,
select and link outside running text is at least 44 px tall (checkboxes at least 24 px)."""

import pytest

from tests.browser.helpers import LANGUAGES
from tests.browser.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.committing]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", PAGES, ids=lambda recipe: recipe.name)
def test_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
