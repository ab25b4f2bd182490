"""A calm home on a phone: a young person with many paid claims sees one line for them, and
clears their news in one tap."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.browser.pages import _money_people, _paid_claim

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_many_paid_claims_read_as_one_line_and_clear_in_one_tap(page):
    young, worker, finance = _money_people()
    for _ in range(5):  # 2.5 hours of panel at £15 an hour, each approved then paid
        _paid_claim(young, worker, finance, minutes=150)
    log_in(page, young)
    page.goto("/")

    news = page.get_by_role("region", name="News for you")
    expect(news.get_by_role("listitem")).to_have_count(2)
    expect(news).to_contain_text("5 claims paid — £187.50")
    expect(news).to_contain_text("5 claims approved — £187.50")
    # The tiles are on the first screen of a 360 x 740 phone, not pushed below it.
    tile = page.locator(".cards .card--link").first
    expect(tile).to_be_in_viewport()

    news.get_by_role("button", name="Clear all").click()

    expect(page.get_by_role("status")).to_contain_text("All cleared")
    expect(page.get_by_role("region", name="News for you")).to_have_count(0)
    page.get_by_role("link", name="Money").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
