"""Journeys a young person makes on a phone, through the real pages."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from youthhub.accounts import services
from youthhub.accounts.models import User
from youthhub.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_a_young_person_signs_up_and_lands_on_their_home_page(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")

    page.get_by_label("What should we call you?").fill("Kai")
    page.get_by_label("Email").fill("kai@example.org")
    page.get_by_label("Choose a password").fill("sunny days at the beach")
    page.get_by_label("Day", exact=True).fill("9")
    page.get_by_label("Month", exact=True).fill("11")
    page.get_by_label("Year", exact=True).fill("2007")
    page.get_by_label("I've read what happens to my information").check()
    page.get_by_role("button", name="Make my account").click()
    expect(page.get_by_role("status")).to_contain_text("Nearly there!")

    # The link in the email (written to the log here) finishes it.
    waiting = db.session.scalars(select(User).where(User.email == "kai@example.org")).one()
    page.goto(f"/signup/finish/{services.make_sign_up_token(waiting)}")
    page.get_by_role("button", name="Finish signing up").click()

    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Kai!")
    expect(page.get_by_role("status")).to_contain_text("Kai")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    user = db.session.scalars(select(User).where(User.email == "kai@example.org")).one()
    assert user.preferred_name == "Kai"
    assert user.date_of_birth == date(2007, 11, 9)
    assert user.is_young_person


def test_a_mistake_on_the_sign_up_form_keeps_what_was_typed(page):
    page.goto("/signup")
    page.get_by_label("What should we call you?").fill("Kai")
    page.get_by_label("Email").fill("kai@example.org")
    page.get_by_role("button", name="Make my account").click()

    summary = page.get_by_role("alert").filter(has_text="There's a problem")
    expect(summary).to_contain_text("Please tick the box")
    expect(page.get_by_label("What should we call you?")).to_have_value("Kai")
    expect(page.get_by_label("Email")).to_have_value("kai@example.org")
    # Each message in the summary takes the person to the box that needs fixing.
    summary.get_by_role("link", name="Enter a password.").click()
    expect(page.get_by_label("Choose a password")).to_be_focused()


def test_the_footer_language_switcher_shows_the_same_page_in_welsh(page):
    page.goto("/privacy")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en-GB")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Your information and privacy")
    switcher = page.locator("footer form.language-switcher")
    expect(switcher.locator("[aria-current=true]")).to_have_text("English")

    switcher.get_by_role("button", name="Cymraeg").click()

    expect(html).to_have_attribute("lang", "cy")
    assert page.url.endswith("/privacy")
    # Now in Welsh (tests/core/test_translations.py checks every message has its Welsh).
    expect(heading).not_to_have_text("Your information and privacy")
    expect(heading).not_to_be_empty()
    expect(switcher.locator("[aria-current=true]")).to_have_text("Cymraeg")
    expect(switcher.get_by_role("button", name="English")).to_be_visible()
    # The choice sticks for the next page too.
    page.goto("/login")
    expect(html).to_have_attribute("lang", "cy")
