"""How the browser tests start Chromium, and small steps they share."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.checks import axe_violations, layout_problems
from tests.factories import PASSWORD, recovery_code_for
from youthhub.accounts import mfa

CHROMIUM = Path("/usr/bin/chromium")
# Debian's build of Chromium's headless shell (the same source, without the browser's own
# windows and services) renders pages for about 40 % less CPU. It cannot show notifications
# nor run Background Sync, so the few journeys that need those ask for `full_chromium`.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the suite may run as root
    "--disable-gpu",
    # Chromium's own calls home are refused without a network and would only add noise.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require(executable: Path, package: str) -> None:
    """Skip without that browser, or fail when CI says browsers must run."""
    if executable.exists():
        return
    message = f"{executable} is missing: install Debian's {package} to run the browser tests"
    if os.environ.get("YOUTHHUB_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (YOUTHHUB_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


def launch_options(executable: Path) -> dict:
    return {"executable_path": str(executable), "headless": True, "args": CHROMIUM_ARGS}


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# Failures should show up in seconds, not after Playwright's 30 second default.
TIMEOUT_MS = 5_000
LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    # What new browsers do with the app's service worker: "block" unless the test is marked
    # `service_worker` (see new_context).
    service_workers: str = "block"

    def url(self, path: str = "/") -> str:
        return self.base_url + path


def new_context(browser, live_server: LiveServer, **options):
    """A fresh phone-sized browser: no cookies, no cache, no service worker yet. Only the tests
    marked `service_worker` (offline, the outbox, push, installing) let it install the app's
    worker: installing it copies the app's files and offline pages into every new browser, and
    the other journeys' pages are the same without it."""
    options.setdefault("service_workers", live_server.service_workers)
    context = browser.new_context(base_url=live_server.base_url, **{**PHONE, **options})
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _post_form(page, path: str, fields: dict, *, action: str | None = None):
    """Send `fields` with the CSRF token of the page at `path`, to `action` (else `path`)."""
    form_page = page.context.request.get(path).text()
    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', form_page)
    return page.context.request.post(
        action or path, form={"csrf_token": csrf_token.group(1), **fields}, max_redirects=0
    )


def log_in(page, user, password: str = PASSWORD) -> None:
    """Log in with the login form's own fields and CSRF token, sent from this browser; finance,
    admin and anyone with a factor then give a recovery code (made for them here).

    Quicker than typing into the page; the journeys that matter type for real.
    """
    asked = mfa.factor_required(user) or mfa.has_second_factor(user)
    code = recovery_code_for(user) if asked else None
    response = _post_form(page, "/login", {"email": user.email, "password": password})
    assert response.status == 302, f"could not log in as {user.email}: {response.status}"
    if code is not None:
        response = _post_form(page, "/login/second-step", {"code": code})
        assert response.status == 302, f"{user.email}'s second factor: {response.status}"


def open_recipe(page, recipe, lang: str) -> None:
    """Open one page of the list in `pages.py`, checking it is the page we meant to check."""
    response = recipe.open(page)
    assert response is not None
    assert response.status == recipe.status, f"{recipe.name}: {response.status} at {page.url}"
    redirected = response.request.redirected_from is not None
    assert redirected == recipe.redirected, f"{recipe.name}: ended up at {page.url}"
    # English pages say en-GB (UK dates and numbers); Welsh pages say cy.
    assert page.locator("html").get_attribute("lang").split("-")[0] == lang


SMALLEST_PHONE_WIDTH = 320


class CheckingPhone:
    """The phone the page checks of one language use, kept for the worker's whole run. Between
    pages it goes blank and forgets the site (cookies, stored data), as a new browser would
    start; making a new browser and its renderer for every page cost more than many a check."""

    def __init__(self, browser, live_server: LiveServer, lang: str):
        self.origin = live_server.base_url
        self.context = new_context(
            browser,
            live_server,
            extra_http_headers={"Accept-Language": lang},
            # Pages are the same either way; without the worker's precaching each test is quicker.
            service_workers="block",
        )
        self.page = None

    def open(self):
        if self.page is None:
            self.page = self.context.new_page()
            self.devtools = self.context.new_cdp_session(self.page)
        self.page.set_viewport_size(PHONE["viewport"])
        return self.page

    def forget(self, *, failed: bool) -> None:
        """Leave the site before the test's data is wiped (no script of the page still asking
        the server anything), then forget it. A check that failed may have left the page
        anywhere (a dialog, a download): the next one gets a new page."""
        if failed:
            self.page.close()
            self.page = None
        else:
            self.page.goto("about:blank")
            self.devtools.send(
                "Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"}
            )
        self.context.clear_cookies()

    def close(self) -> None:
        self.context.close()


def page_problems(phone: CheckingPhone, axe_source: str, recipe, lang: str) -> list[str]:
    """What axe-core finds at 360 px and what would trip a thumb at 320 px on one page of a
    recipe list, as readable lines (none when the page is fine)."""
    page = phone.open()
    failed = True
    try:
        open_recipe(page, recipe, lang)
        violations = axe_violations(page, axe_source)
        problems = layout_problems(page, SMALLEST_PHONE_WIDTH)
        failed = False
    finally:
        phone.forget(failed=failed)
    report = []
    if violations:
        report += ["axe-core at 360px:", *violations]
    if problems:
        report += [f"layout at {SMALLEST_PHONE_WIDTH}px:", *problems]
    return report
