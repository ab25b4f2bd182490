"""The money journey in real browsers, against the project's fake Stripe: a young person logs a
contribution and sets up Stripe on its hosted page, a worker approves, finance pays, and the
young person sees it paid and counted in their tax-year total."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, new_context
from tests.factories import make_finance, make_worker, make_young_person
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, Contribution
from youthhub.payments.rates import ensure_default_rate_card

pytestmark = [pytest.mark.browser, pytest.mark.committing]


@pytest.fixture
def people(app):
    ensure_default_rate_card()
    db.session.commit()
    worker = make_worker(name="Sam")
    return {
        "young": make_young_person(name="Jordan", key_worker=worker),
        "worker": worker,
        "finance": make_finance(name="Priya"),
    }


def test_logged_approved_paid_and_counted(browser, live_server, fake_stripe, page, people):
    fake_stripe.webhook_url = live_server.url("/stripe/webhook")

    # The young person logs a contribution from their phone.
    log_in(page, people["young"])
    page.goto("/money")
    expect(page.get_by_role("note").filter(has_text="Test mode")).to_be_visible()
    page.get_by_role("link", name="Log a contribution").click()
    page.get_by_label("What did you do?").select_option(label="Youth panel")
    page.get_by_label("How many hours?").fill("2")
    page.get_by_label("Tell us a bit about it").fill("Care leavers' panel at the town hall")
    page.get_by_role("button", name="Send my claim").click()
    expect(page.get_by_role("status")).to_contain_text("sent to a worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Youth panel")

    # They choose Stripe for this claim, then set it up on Stripe's hosted page.
    page.get_by_label("To my bank, through Stripe").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    page.goto("/money")
    page.get_by_role("button", name="Set up payments to my bank").click()
    expect(page).to_have_url(re.compile(re.escape(fake_stripe.url) + "/setup/e/acct_"))
    expect(page.get_by_text("TEST MODE")).to_be_visible()
    page.get_by_role("button", name="Finish setup").click()
    expect(page).to_have_url(live_server.url("/money"))
    expect(page.get_by_role("status")).to_contain_text("All set!")
    expect(page.get_by_text("You're all set up with Stripe")).to_be_visible()

    # A youth worker approves it.
    worker = new_context(browser, live_server).new_page()
    log_in(worker, people["worker"])
    worker.goto("/manage/claims")
    worker.get_by_role("link", name="Jordan: Youth panel").click()
    worker.get_by_role("button", name="Approve claim").click()
    expect(worker.get_by_role("status")).to_contain_text("Claim approved")

    # Finance pays it through Stripe.
    finance = new_context(browser, live_server).new_page()
    log_in(finance, people["finance"])
    finance.goto("/manage/finance")
    expect(finance.get_by_text("1 approved claim.")).to_be_visible()
    finance.get_by_label(re.compile("Youth panel")).check()
    finance.get_by_role("button", name="Pay the ticked claims through Stripe").click()
    expect(finance.get_by_role("status")).to_contain_text("Paid 1 claim through Stripe.")

    # The young person sees it paid, and in this tax year's total.
    page.goto("/money")
    expect(page.locator(".money-big")).to_have_text("£30.00")
    expect(page.locator(".claim-row")).to_contain_text("Paid")
    page.get_by_role("link", name=re.compile("^Receipt")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment receipt")
    expect(page.locator(".receipt")).to_contain_text("£30.00")

    [transfer] = fake_stripe.state.transfers.values()
    claim = db.session.query(Contribution).one()
    assert transfer["transfer_group"] == f"claim-{claim.id}"
    assert claim.status == ClaimStatus.PAID
    fake_stripe.webhooks.wait_until_idle()
    statuses = {(d.event_type, d.status) for d in fake_stripe.webhooks.deliveries}
    assert ("account.updated", 200) in statuses
    assert ("transfer.created", 200) in statuses
