"""A notification on the phone: Chromium's own push delivery (through DevTools, as a push service
cannot be reached from here) wakes the service worker, which fetches the notice's words for the
signed-in recipient and shows them; tapping the notification opens the notice's page."""

import json
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT_MS, log_in, new_context
from tests.browser.test_pwa import wait_until_controlled
from tests.factories import make_young_person
from youthhub.core.text import N_
from youthhub.extensions import db
from youthhub.notices.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.committing, pytest.mark.service_worker]

SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({title: n.title, body: n.body, url: n.data && n.data.url}));
}"""
# A tap on the notification, as Chromium would dispatch it to the worker.
TAP = """async () => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
}"""


def shown_on(page) -> list[dict]:
    """The notifications showing, once the worker has shown one (it fetches the words first)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not (shown := page.evaluate(SHOWN)) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return shown


@pytest.mark.full_chromium
def test_a_push_shows_the_notices_words_and_a_tap_opens_its_page(context, page, live_server):
    kai = make_young_person(name="Kai")
    notice = notify(
        kai, N_("Your claim was paid."), subject=N_("Paid"), link="/money", kind="claim_paid"
    )
    others = notify(
        make_young_person(), N_("Your claim was paid."), subject=N_("Paid"), kind="claim_paid"
    )
    db.session.commit()
    context.grant_permissions(["notifications"], origin=live_server.base_url)
    log_in(page, kai)
    page.goto("/notices/phone")
    wait_until_controlled(page)

    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("true")  # let the registration event arrive
    [registration] = [r for r in registrations if not r["isDeleted"]]
    deliver = lambda notice_id: cdp.send(  # noqa: E731
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.base_url,
            "registrationId": registration["registrationId"],
            "data": json.dumps({"notice": notice_id}),
        },
    )
    deliver(notice.id)
    assert shown_on(page) == [
        {"title": "YouthHub", "body": "Your claim was paid.", "url": "/money"}
    ]

    # Chromium can show notifications, so the page offers to turn them on.
    expect(page.get_by_role("button", name="Turn on notifications on this phone")).to_be_visible()
    [worker] = context.service_workers
    worker.evaluate(TAP)
    expect(page).to_have_url(live_server.url("/money"))

    # A push for someone else's notice (a phone that changed hands) names nobody.
    deliver(others.id)
    assert shown_on(page) == [{"title": "YouthHub", "body": "You have news.", "url": "/notices/"}]


IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def test_an_iphone_is_told_to_add_the_app_to_the_home_screen_first(browser, live_server):
    context = new_context(browser, live_server, user_agent=IPHONE_SAFARI)
    try:
        page = context.new_page()
        log_in(page, make_young_person())
        page.goto("/notices/phone")
        expect(page.get_by_role("heading", name="add the app to your home screen")).to_be_visible()
        expect(page.get_by_role("button", name="Turn on notifications")).to_be_hidden()
    finally:
        context.close()
