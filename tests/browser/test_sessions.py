"""A young person signed in on a shared laptop signs it out from their phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import new_context
from tests.factories import PASSWORD, make_young_person

pytestmark = [pytest.mark.browser, pytest.mark.committing]

LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def log_in_by_typing(page, email: str, remember: bool = False) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if remember:
        page.get_by_label("Keep me logged in on this phone").check()
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url("/login")


def test_signing_out_a_shared_laptop_from_the_phone(page, browser, live_server):
    young = make_young_person(name="Kai")
    laptop_context = new_context(
        browser,
        live_server,
        user_agent=LAPTOP,
        viewport={"width": 1200, "height": 800},
        is_mobile=False,
        has_touch=False,
    )
    laptop = laptop_context.new_page()
    log_in_by_typing(laptop, young.email)
    log_in_by_typing(page, young.email, remember=True)

    page.goto("/profile")
    page.get_by_role("link", name="Where I'm signed in").click()
    devices = page.locator("main li")
    expect(devices).to_have_count(2)
    expect(page.locator("main li .tag")).to_have_text(["This device"])
    devices.filter(has_text="Firefox on Windows").get_by_role(
        "button", name="Sign out this device"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("That device is signed out.")
    expect(page.locator("main li")).to_have_count(1)

    laptop.goto("/profile")
    expect(laptop).to_have_url(live_server.url("/login?next=/profile"))

    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("status")).to_contain_text("You're signed out on every device")
    page.goto("/profile")
    expect(page).to_have_url(live_server.url("/login?next=/profile"))
    laptop_context.close()
