"""Every page of the foundation, in English and in Welsh: axe-core finds no WCAG 2.2 A/AA
problem at a 360 px phone width, and at 320 px nothing scrolls sideways and every button, box,
select and link outside running text is at least 44 px tall (checkboxes at least 24 px)."""

import pytest

from tests.browser.checks import axe_violations, layout_problems
from tests.browser.helpers import LANGUAGES, new_context, open_recipe
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser

SMALLEST_PHONE_WIDTH = 320


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", PAGES, ids=lambda recipe: recipe.name)
def test_page_is_accessible_and_fits_a_small_phone(browser, live_server, axe_source, recipe, lang):
    context = new_context(
        browser,
        live_server,
        extra_http_headers={"Accept-Language": lang},
        # Pages are the same either way; without the worker's precaching each test is quicker.
        service_workers="block",
    )
    try:
        page = context.new_page()
        open_recipe(page, recipe, lang)
        violations = axe_violations(page, axe_source)
        problems = layout_problems(page, SMALLEST_PHONE_WIDTH)
    finally:
        context.close()
    report = []
    if violations:
        report += ["axe-core at 360px:", *violations]
    if problems:
        report += [f"layout at {SMALLEST_PHONE_WIDTH}px:", *problems]
    assert not report, f"{recipe.name} in {lang}:\n" + "\n".join(report)
