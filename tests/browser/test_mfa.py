"""Staff sign-in with a second factor, in a real browser: the journey an admin takes (set up an
authenticator app, sign out, sign in with a code, use a recovery code once, and not twice), a
passkey made and used through Chromium's virtual authenticator, and every new page in English
and Welsh."""

import re

import pyotp
import pytest
from flask import current_app
from playwright.sync_api import expect

from tests.browser.helpers import (
    LANGUAGES,
    LiveServer,
    _post_form,
    log_in,
    new_context,
)
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import (
    PASSWORD,
    authenticator_code,
    give_authenticator,
    make_admin,
    make_finance,
    make_worker,
    make_young_person,
    recovery_code_for,
)
from youthhub.accounts.models_mfa import Passkey
from youthhub.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def type_password(page, user):
    page.goto("/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    return submit_main_form(page)


def type_code(page, code):
    page.locator("#code").fill(code)
    return submit_main_form(page)


def log_out(page):
    page.goto("/profile")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You've logged out")).to_be_visible()


def test_admin_sets_up_an_app_signs_in_with_a_code_and_a_recovery_code_works_once(page):
    admin = make_admin(name="Ada")
    make_admin(name="Bo")  # so Ada is not the last admin
    type_password(page, admin)
    # No factor yet: the staff area sends her to set one up.
    page.goto("/manage/people")
    expect(page).to_have_url(re.compile("/account/security$"))
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    key = page.locator(".setup-key").inner_text().replace(" ", "")
    type_code(page, pyotp.TOTP(key).now())
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I've kept them safe").click()
    expect(page.get_by_text("You have 10 recovery codes left.")).to_be_visible()

    log_out(page)
    type_password(page, admin)
    expect(page.get_by_role("heading", name="Prove it's you")).to_be_visible()
    type_code(page, authenticator_code(key))
    page.goto("/manage/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()

    log_out(page)
    type_password(page, admin)
    type_code(page, codes[0])
    page.goto("/account/security")
    expect(page.get_by_text("You have 9 recovery codes left.")).to_be_visible()

    log_out(page)
    type_password(page, admin)
    type_code(page, codes[0])
    expect(page.get_by_text("That code didn't work")).to_be_visible()
    page.goto("/manage/people")
    expect(page).to_have_url(re.compile("/login"))


def virtual_authenticator(page):
    """Chromium's own WebAuthn test authenticator: a platform passkey that says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


@pytest.fixture
def page_on_localhost(browser, live_server):
    """Passkeys need a domain name, not an IP address: the same server, called localhost."""
    server = LiveServer(live_server.base_url.replace("127.0.0.1", "localhost"))
    context = new_context(browser, server)
    yield context.new_page()
    context.close()


def test_finance_adds_a_passkey_and_signs_in_with_it(page_on_localhost):
    page = page_on_localhost
    finance = make_finance(name="Priya")
    virtual_authenticator(page)
    type_password(page, finance)
    page.goto("/account/security")
    page.locator("#passkey-name").fill("Work phone")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Your passkey is saved.")).to_be_visible()
    expect(page.get_by_text("Work phone")).to_be_visible()
    page.goto("/manage/finance")
    expect(page).to_have_url(re.compile("/manage/finance$"))

    log_out(page)
    type_password(page, finance)
    expect(page.get_by_role("heading", name="Prove it's you")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(re.compile("/$"))
    page.goto("/manage/finance")
    expect(page).to_have_url(re.compile("/manage/finance$"))
    db.session.expire_all()
    assert db.session.query(Passkey).filter_by(user_id=finance.id).one().last_used_at


# Every new page, in English and Welsh ------------------------------------------------------

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def _password_only(page, user):
    response = _post_form(page, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status == 302


@recipe()
def second_step(page):
    admin = make_admin(name="Ada")
    give_authenticator(admin)
    _password_only(page, admin)
    return page.goto("/login/second-step")


@recipe()
def second_step_wrong_code(page):
    admin = make_admin(name="Ada")
    give_authenticator(admin)
    _password_only(page, admin)
    page.goto("/login/second-step")
    return type_code(page, "000000")


@recipe(redirected=True)
def security_set_up_required(page):
    _password_only(page, make_finance(name="Priya"))
    return page.goto("/manage/")


@recipe()
def security_with_factors(page):
    worker = make_worker(name="Sam")
    give_authenticator(worker)
    db.session.add(Passkey(user_id=worker.id, credential_id=b"x", public_key=b"k", name="Phone"))
    db.session.commit()
    log_in(page, worker)
    return page.goto("/account/security")


@recipe()
def security_young_person(page):
    log_in(page, make_young_person(name="Kai"))
    return page.goto("/account/security")


@recipe()
def authenticator_set_up(page):
    log_in(page, make_worker(name="Sam"))
    return page.goto("/account/security/authenticator")


@recipe()
def authenticator_wrong_code(page):
    log_in(page, make_worker(name="Sam"))
    page.goto("/account/security/authenticator")
    return type_code(page, "000000")


@recipe()
def recovery_codes(page):
    log_in(page, make_worker(name="Sam"))
    page.goto("/account/security/authenticator")
    key = page.locator(".setup-key").inner_text().replace(" ", "")
    return type_code(page, pyotp.TOTP(key).now())


@recipe()
def confirm_it_is_you(page):
    log_in(page, make_admin(name="Ada"))
    return page.goto("/account/confirm?next=/manage/rates")


@recipe(redirected=True)
def carry_on_after_confirming(page):
    """An admin's change of the retention sent after the step-up window: kept while she
    confirms, then offered to send with one tap."""
    admin = make_admin(name="Ada")
    log_in(page, admin)
    config = current_app.config  # the served app's: this test's own
    window = config["STEP_UP_MINUTES"]
    config["STEP_UP_MINUTES"] = -1  # the code she signed in with is already too old
    try:
        asked = _post_form(
            page, "/manage/data/", {"keep_months": "18"}, action="/manage/data/retention"
        )
    finally:
        config["STEP_UP_MINUTES"] = window
    assert asked.headers["location"] == "/account/confirm?next=/manage/data/"
    page.goto(asked.headers["location"])
    carry_on = type_code(page, recovery_code_for(admin))
    assert carry_on.url.endswith("/account/confirm/carry-on"), carry_on.url
    return carry_on


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_new_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
