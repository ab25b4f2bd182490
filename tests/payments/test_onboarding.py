"""A young person's Stripe account: made once with the right settings, ready only when Stripe
says transfers are active."""

import pytest

from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db
from youthhub.payments import onboarding, services
from youthhub.payments.models import StripeStatus

URLS = {"refresh_url": "https://app.test/money/stripe/refresh", "return_url": "https://app.test/r"}


def test_the_account_is_express_gb_individual_transfers_only_recipient(cast, fake_stripe):
    url = onboarding.onboarding_link(cast.young, actor=cast.young, **URLS)
    db.session.commit()
    [account] = fake_stripe.state.accounts.values()
    assert account["type"] == "express"
    assert account["country"] == "GB"
    assert account["business_type"] == "individual"
    assert account["capabilities"] == {"transfers": "inactive"}
    assert account["tos_acceptance"]["service_agreement"] == "recipient"
    assert account["metadata"] == {"youthhub_person": str(cast.young.id)}  # nothing personal
    assert account["email"] is None
    assert url.startswith(fake_stripe.url + "/setup/e/" + account["id"])
    [link] = fake_stripe.state.links.values()
    assert (link["refresh_url"], link["return_url"]) == (URLS["refresh_url"], URLS["return_url"])
    profile = services.profile_for(cast.young)
    assert (profile.stripe_account_id, profile.stripe_status) == (account["id"], "pending")


def test_a_second_link_reuses_the_account(cast, fake_stripe):
    first = onboarding.onboarding_link(cast.young, actor=cast.young, **URLS)
    second = onboarding.onboarding_link(cast.young, actor=cast.young, **URLS)
    assert first != second
    assert len(fake_stripe.state.accounts) == 1


def test_ready_only_when_transfers_are_active(cast, fake_stripe):
    onboarding.onboarding_link(cast.young, actor=cast.young, **URLS)
    account_id = services.profile_for(cast.young).stripe_account_id
    fake_stripe.state.save_onboarding_for_later(account_id)
    assert onboarding.check_account(cast.young, actor=cast.young) == StripeStatus.PENDING
    fake_stripe.state.finish_onboarding(account_id)
    assert onboarding.check_account(cast.young, actor=cast.young) == StripeStatus.READY
    fake_stripe.state.restrict(account_id)
    assert onboarding.check_account(cast.young, actor=cast.young) == StripeStatus.RESTRICTED


def test_a_refresh_without_an_account_does_not_make_one(cast, fake_stripe):
    with pytest.raises(DomainError, match="Money page"):
        onboarding.onboarding_link(cast.young, actor=cast.young, create=False, **URLS)
    assert fake_stripe.state.accounts == {}


def test_only_the_young_person_themselves_and_only_at_18(cast, fake_stripe):
    with pytest.raises(NotAllowed):
        onboarding.onboarding_link(cast.young, actor=cast.worker, **URLS)
    with pytest.raises(DomainError, match="18 or over"):
        onboarding.onboarding_link(cast.teen, actor=cast.teen, **URLS)
    assert fake_stripe.state.accounts == {}


def test_stripe_being_unreachable_is_a_kind_message(cast, fake_stripe):
    fake_stripe.inject("POST", "/v1/accounts", status=503, times=3)
    with pytest.raises(DomainError, match="couldn't reach Stripe"):
        onboarding.onboarding_link(cast.young, actor=cast.young, **URLS)
