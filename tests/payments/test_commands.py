"""The command line and settings for money: reconcile, the rate card, demo data, Stripe config."""

import pytest
from sqlalchemy import func, select

from tests.conftest import shared_rsa_key
from tests.factories import make_approved_claim, make_stripe_ready
from youthhub import create_app
from youthhub.accounts.models import User
from youthhub.config import ConfigError
from youthhub.endings.keys import generate_private_pem
from youthhub.extensions import db
from youthhub.payments import paying, queries
from youthhub.payments.models import ClaimStatus, ContributionKind, Payment, PaymentChoice


def test_reconcile_settles_a_claim_whose_answer_was_lost(cast, fake_stripe, runner):
    make_stripe_ready(cast.young, fake_stripe)
    claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
    fake_stripe.inject("POST", "/v1/transfers", kind="lose_response", times=3)
    assert paying.pay_with_stripe(claim, actor=cast.finance) == paying.PayResult.UNKNOWN
    db.session.commit()

    result = runner.invoke(args=["payments", "reconcile"])
    assert result.exit_code == 0, result.output
    assert "1 paid" in result.output
    assert claim.status == ClaimStatus.PAID
    assert db.session.scalar(select(func.count(Payment.id))) == 1
    assert len(fake_stripe.state.transfers) == 1
    again = runner.invoke(args=["payments", "reconcile"])
    assert "none" in again.output


def test_the_standard_rate_card_loads_once(app, runner):
    assert "7 kind(s) added" in runner.invoke(args=["payments", "load-rate-card"]).output
    assert "0 kind(s) added" in runner.invoke(args=["payments", "load-rate-card"]).output
    assert db.session.scalar(select(func.count(ContributionKind.id))) == 7


def test_demo_data_shows_money_at_every_stage(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    young = db.session.scalars(select(User).filter_by(email="young@youthhub.example")).one()
    page = queries.money_page(young)
    statuses = sorted(claim.status for claim in page.claims)
    assert statuses == ["approved", "paid", "paid", "submitted"]
    assert page.this_year_pence > 0 and page.last_year_pence > 0
    stripe_claim = next(c for c in page.claims if c.status == ClaimStatus.APPROVED)
    assert stripe_claim.payment_choice == PaymentChoice.STRIPE
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # again: nothing doubles
    assert len(queries.money_page(young).claims) == 4


@pytest.mark.parametrize(
    ("base", "production"),
    [
        ("http://10.0.0.5:12111", False),
        ("http://stripe.example:12111", False),
        ("https://127.0.0.1:12111", False),
        ("http://127.0.0.1:12111", True),
    ],
)
def test_the_fake_stripe_address_must_be_loopback_and_never_in_production(
    monkeypatch, tmp_path, base, production
):
    monkeypatch.setenv("STRIPE_API_BASE", base)
    if production:  # with everything else production needs, so only the address is wrong
        monkeypatch.setenv("YOUTHHUB_ENV", "production")
        monkeypatch.setenv("SECRET_KEY", "x" * 40)
        monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", generate_private_pem())
        monkeypatch.setenv("CREDENTIAL_RSA_KEY", shared_rsa_key())
        monkeypatch.setenv("PUBLIC_BASE_URL", "https://youthhub.example.org")
    with pytest.raises(ConfigError, match="STRIPE_API_BASE"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("", ""),
        ("https://api.stripe.com", ""),
        ("http://localhost:12111/", "http://localhost:12111"),
    ],
)
def test_stripe_itself_or_a_loopback_fake(monkeypatch, tmp_path, base, expected):
    monkeypatch.setenv("STRIPE_API_BASE", base)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert app.config["STRIPE_API_BASE"] == expected


def test_without_a_key_stripe_is_switched_off(app, client, cast):
    from tests.factories import log_in

    app.config["STRIPE_SECRET_KEY"] = ""
    log_in(client, cast.young)
    html = client.get("/money").get_data(as_text=True)
    assert "Set up payments to my bank" not in html
    assert "Test mode" not in html


def test_each_test_starts_without_another_tests_stripe_client(app):
    """The shared app made its Stripe client from the first test's settings; a test that put
    its own there (the contract test records with no retries) must not pass it on."""
    from youthhub.payments import stripe_gateway

    assert "youthhub_stripe" not in app.extensions
    assert stripe_gateway.client()._requestor._options.max_network_retries == 2
