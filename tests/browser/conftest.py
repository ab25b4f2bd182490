"""Browser fixtures: the app served over real HTTP, and Debian's headless Chromium driven by
Playwright (which cannot fetch a browser of its own here).

Without /usr/bin/chromium the browser tests are skipped, unless YOUTHHUB_REQUIRE_BROWSER=1 (as in
CI), when they fail loudly instead.
"""

import threading
from dataclasses import replace

import pytest
from werkzeug.serving import make_server

from tests.browser.checks import AXE
from tests.browser.helpers import (
    CHROMIUM,
    HEADLESS_SHELL,
    LANGUAGES,
    CheckingPhone,
    LiveServer,
    launch_options,
    new_context,
    page_problems,
    require,
)


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def _launched(playwright, executable, package: str):
    require(executable, package)
    browser = playwright.chromium.launch(**launch_options(executable))
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def headless_shell(playwright):
    yield from _launched(playwright, HEADLESS_SHELL, "chromium-headless-shell")


@pytest.fixture(scope="session")
def chromium(playwright):
    yield from _launched(playwright, CHROMIUM, "chromium")


@pytest.fixture
def browser(request):
    """The headless shell, or the whole Chromium for a test marked `full_chromium` (it shows
    notifications, runs Background Sync)."""
    if request.node.get_closest_marker("full_chromium") is not None:
        return request.getfixturevalue("chromium")
    return request.getfixturevalue("headless_shell")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci)", pytrace=False)
    return AXE.read_text()


@pytest.fixture(scope="session")
def served_app(build_app):
    """The session's app on a real port, in a background thread, for the whole run (per
    worker)."""
    app = build_app({})
    server = make_server(host="127.0.0.1", port=0, app=app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    yield app, LiveServer(f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def live_server(request, app, served_app, fake_stripe):
    """The test's app over HTTP. Its requests run in other threads, so they need real commits."""
    served, server = served_app
    if request.node.get_closest_marker("committing") is None:
        pytest.fail("a test using live_server must be marked @pytest.mark.committing")
    if app is not served:
        pytest.fail("live_server serves the default app: this test's app_config rebuilds it")
    if request.node.get_closest_marker("service_worker") is not None:
        server = replace(server, service_workers="allow")
    yield server
    # A webhook still on its way must not land in the next test.
    fake_stripe.webhook_url = None
    fake_stripe.webhooks.wait_until_idle()


@pytest.fixture
def context(browser, live_server):
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def checking_phones(headless_shell, served_app):
    """One phone per language for every page check of this worker's run."""
    _, server = served_app
    phones = {lang: CheckingPhone(headless_shell, server, lang) for lang in LANGUAGES}
    yield phones
    for phone in phones.values():
        phone.close()


@pytest.fixture
def page_checks(live_server, checking_phones, axe_source):
    """`page_checks(recipe, lang)`: what axe-core and the layout check find on a recipe's page
    (tests/browser/helpers.page_problems), on that language's phone."""
    return lambda recipe, lang: page_problems(checking_phones[lang], axe_source, recipe, lang)
