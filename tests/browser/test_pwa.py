"""The app installs on a phone, and the offline page appears when the signal drops."""

import re
from html import unescape

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    HEADLESS_SHELL,
    PHONE,
    TIMEOUT_MS,
    launch_options,
    log_in,
    require,
)
from tests.factories import make_young_person

pytestmark = [pytest.mark.browser, pytest.mark.committing, pytest.mark.service_worker]

WAIT_FOR_ACTIVATED = """
navigator.serviceWorker.ready.then(({active}) => new Promise((resolve) => {
  const settled = () => active.state === "activated" && resolve(active.state);
  if (!settled()) active.addEventListener("statechange", settled);
}))
"""
IS_CONTROLLED = "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


def wait_until_activated(page) -> None:
    assert page.evaluate(WAIT_FOR_ACTIVATED) == "activated"


def wait_until_controlled(page) -> None:
    """The service worker is active and has taken charge of this page."""
    wait_until_activated(page)
    if not page.evaluate(IS_CONTROLLED):
        page.reload()
    assert page.evaluate(IS_CONTROLLED), "the service worker never took charge of the page"


def test_the_manifest_has_no_installability_errors(playwright, live_server, tmp_path):
    require(HEADLESS_SHELL, "chromium-headless-shell")
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        base_url=live_server.base_url,
        **launch_options(HEADLESS_SHELL),
        **PHONE,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto("/")
        wait_until_activated(page)
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        # Chromium took in what its richer install sheet shows: a screenshot for a phone and one
        # for a computer, and the shortcuts offered before anyone signs in.
        installed = manifest["manifest"]
        assert [shot["formFactor"] for shot in installed["screenshots"]] == ["kNarrow", "kWide"]
        assert [shortcut["name"] for shortcut in installed["shortcuts"]] == [
            "What's on",
            "My goals",
        ]
    finally:
        context.close()


def offline_heading(client, lang: str) -> str:
    """The offline page's heading as the server writes it in this language."""
    html = client.get(f"/offline?lang={lang}").get_data(as_text=True)
    return unescape(re.search(r"<h1>(.*?)</h1>", html).group(1))


def test_an_unvisited_page_shows_the_offline_page_in_the_persons_language(context, page, client):
    page.goto("/")
    wait_until_controlled(page)

    context.set_offline(True)
    page.goto("/privacy")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    assert page.url.endswith("/privacy")
    expect(page.locator("main")).to_contain_text("a page is saved once you've opened it here")

    # Back online, "Try again" opens the page that failed.
    context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your information and privacy")

    page.goto("/")
    page.locator("footer").get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.reload()

    context.set_offline(True)
    page.goto("/forgot-password")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    welsh_heading = offline_heading(client, "cy")
    assert welsh_heading != "You're offline"
    expect(page.get_by_role("heading", level=1)).to_have_text(welsh_heading)
    # A page the app never keeps says so (not "yet"), in their language.
    expect(page.locator("main")).to_contain_text("Dyw'r dudalen hon byth yn cael ei chadw")


def test_signed_in_offline_money_says_it_is_never_kept_and_offers_no_log_in(context, page):
    page.goto("/")
    wait_until_controlled(page)  # the worker copied its offline pages before anyone signed in
    log_in(page, make_young_person())
    page.goto("/")
    context.set_offline(True)
    page.goto("/money")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.locator("main")).to_contain_text("This page is never saved on your phone")
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)
