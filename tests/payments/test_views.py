"""Money pages through the web, as each person would use them."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from tests.factories import (
    log_in,
    make_approved_claim,
    make_claim,
    make_stripe_ready,
    make_young_person,
)
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.payments import services
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
)


def text(response) -> str:
    return response.get_data(as_text=True)


def as_(client, person):
    log_in(client, person)
    return client


def kind_id(code="panel") -> int:
    return db.session.scalar(select(ContributionKind.id).filter_by(code=code))


class TestMoneyPage:
    def test_shows_claims_payments_and_tax_year_totals(self, client, cast):
        paid = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
        services.record_payment(
            paid,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
        make_claim(cast.young, kind="podcast", minutes=90)
        db.session.commit()
        html = text(as_(client, cast.young).get("/money"))
        assert "Your money" in html
        assert "Test mode" in html
        assert "£15.00" in html  # paid this tax year
        assert "Podcast" in html and "Waiting for approval" in html
        assert "Receipt" in html
        assert "Set up payments to my bank" in html
        assert 'href="https://www.citizensadvice.org.uk/benefits/"' in html

    def test_no_stripe_for_under_18s(self, client, cast):
        html = text(as_(client, cast.teen).get("/money"))
        assert "Set up payments to my bank" not in html
        assert 'value="stripe"' not in html

    def test_the_threshold_warning_is_kind(self, client, cast, app):
        app.config["PAYMENTS_THRESHOLD_PENCE"] = 1600
        make_approved_claim(cast.young, cast.worker)
        html = text(as_(client, cast.young).get("/money"))
        assert "talk to someone before you go over" in html

    def test_logging_a_contribution(self, client, cast):
        as_(client, cast.young)
        form = text(client.get("/money/claims/new"))
        assert 'type="date"' in form
        response = client.post(
            "/money/claims/new",
            data={
                "kind": kind_id("training_delivery"),
                "work_date": london_today().isoformat(),
                "hours": "1.5",
                "description": "Trained new foster carers",
            },
        )
        claim = db.session.scalars(select(Contribution)).one()
        assert response.headers["Location"] == f"/money/claims/{claim.id}"
        assert (claim.minutes, claim.amount_pence) == (90, 3000)
        page = text(client.get(f"/money/claims/{claim.id}"))
        assert "Claim logged" in page
        assert "Trained new foster carers" in page

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("hours", "1.1", "Enter the hours in quarter hours, like 1.5 or 2.25."),
            ("hours", "lots", "Enter the hours in quarter hours, like 1.5 or 2.25."),
            (
                "hours",
                "24",
                "A claim can be for up to 12 hours. For longer work, log each day as its own "
                "claim.",
            ),
            ("hours", "0", "Enter more than 0 hours."),
            ("hours", "-1", "Enter more than 0 hours."),
            ("hours", "", "Enter how many hours, like 1.5 or 2.25."),
            ("work_date", "31/02/2026", "Enter a real date"),
            ("kind", "999", "Choose from the list"),
            ("description", "", "Say in a few words"),
        ],
    )
    def test_mistakes_are_explained(self, client, cast, field, value, message):
        data = {
            "kind": kind_id(),
            "work_date": london_today().isoformat(),
            "hours": "1",
            "description": "Panel",
        } | {field: value}
        response = as_(client, cast.young).post("/money/claims/new", data=data)
        assert response.status_code == 200
        assert message in text(response)
        if field == "hours":  # exactly the one rule broken, with what was typed kept
            said = re.search(r'id="hours-error">([^<]*)<', text(response)).group(1)
            assert unescape(said) == message
            assert f'value="{value}"' in text(response) or not value
        assert db.session.scalars(select(Contribution)).first() is None

    def test_asking_for_more_than_the_claim_is_refused_and_kept_as_typed(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker)  # £15.00
        as_(client, cast.young)
        response = client.post(f"/money/claims/{claim.id}/less", data={"amount": "20"})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'value="20"' in page
        assert claim.wanted_pence is None

    def test_choosing_taking_less_and_declining_on_a_claim(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        as_(client, cast.young)
        client.post(f"/money/claims/{claim.id}/choice", data={"choice": "voucher"})
        assert claim.payment_choice == PaymentChoice.VOUCHER
        client.post(f"/money/claims/{claim.id}/less", data={"amount": "10.50"})
        assert claim.wanted_pence == 1050
        client.post(f"/money/claims/{claim.id}/full")
        assert claim.wanted_pence is None
        client.post(f"/money/claims/{claim.id}/choice", data={"choice": "decline"})
        assert claim.status == ClaimStatus.CANCELLED
        page = text(client.get(f"/money/claims/{claim.id}"))
        assert "You said no to payment" in page
        # Every status change is in the claim's story, oldest first.
        story = page[page.index("What's happened so far") :]
        steps = ["Claim logged", "Approved, waiting to be paid", "Closed"]
        assert [story.index(step) for step in steps] == sorted(story.index(s) for s in steps)

    def test_a_default_choice(self, client, cast):
        as_(client, cast.young).post("/money/choice", data={"choice": "bank_transfer"})
        assert services.profile_for(cast.young).default_choice == PaymentChoice.BANK_TRANSFER
        response = client.post("/money/choice", data={"choice": "decline"}, follow_redirects=True)
        assert "Choose how you" in text(response)

    def test_withdrawing(self, client, cast):
        claim = make_claim(cast.young)
        as_(client, cast.young).post(f"/money/claims/{claim.id}/withdraw")
        assert claim.status == ClaimStatus.CANCELLED

    def test_a_printable_receipt(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        payment = services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.VOUCHER,
            paid_on=london_today(),
            reference="V-77",
        )
        db.session.commit()
        html = text(as_(client, cast.young).get(f"/money/payments/{payment.id}/receipt"))
        assert f"R-{payment.id:06d}" in html
        assert "V-77" in html and "Voucher" in html and "£15.00" in html

    def test_the_rules_in_plain_english(self, client, cast):
        html = text(as_(client, cast.young).get("/money/how-it-works"))
        assert "6 April to 5 April" in html
        assert "Taking money is your choice" in html


class TestClaimFromAPhone:
    """A claim saved on a phone offline arrives later with the time it was made (core/outbox)."""

    def _send(self, client, young, made, work_date, key):
        return as_(client, young).post(
            "/money/claims/new",
            data={
                "kind": kind_id(),
                "work_date": work_date.isoformat(),
                "hours": "2",
                "description": "Youth panel",
            },
            headers={"Accept": "application/json", "Idempotency-Key": key, "X-Taken-At": made},
        )

    def test_it_keeps_when_it_was_made_and_arrives_once(self, client, cast):
        made = utcnow().replace(microsecond=0) - timedelta(days=3)
        day = made.astimezone(LONDON).date()
        for _try in range(2):
            answer = self._send(client, cast.young, made.isoformat(), day, "claim-key-0001-abcd")
            assert answer.json["ok"] is True
        [claim] = db.session.scalars(
            select(Contribution).where(Contribution.person_id == cast.young.id)
        )
        assert claim.submitted_at == made

    def test_it_is_judged_by_the_day_it_was_made(self, client, cast):
        made = utcnow() - timedelta(days=3)
        key = "claim-key-0002-abcd"
        answer = self._send(client, cast.young, made.isoformat(), london_today(), key)
        assert answer.status_code == 400
        assert answer.json == {
            "ok": False,
            "message": "The date can't be in the future.",
            "error": "The date can't be in the future.",
        }


class TestNobodyElsesMoney:
    def test_another_young_persons_claims_and_receipts_are_not_found(self, client, cast):
        theirs = make_approved_claim(cast.teen, cast.worker)
        payment = services.record_payment(
            theirs,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
        db.session.commit()
        as_(client, cast.young)
        for url in (
            f"/money/claims/{theirs.id}",
            f"/money/payments/{payment.id}/receipt",
        ):
            assert client.get(url).status_code == 404
        for action in ("choice", "less", "full", "withdraw"):
            response = client.post(
                f"/money/claims/{theirs.id}/{action}", data={"choice": "cash", "amount": "1"}
            )
            assert response.status_code == 404
        assert theirs.payment_choice is None
        assert cast.teen.preferred_name not in text(client.get("/money"))


class TestStripeOnboardingPages:
    def test_setting_up_sends_the_young_person_to_stripe(self, client, cast, fake_stripe):
        page = as_(client, cast.young).get("/money")
        # The page lets its form lead on to Stripe's hosted pages (after the redirect).
        assert f"form-action 'self' {fake_stripe.url}" in page.headers["Content-Security-Policy"]
        response = client.post("/money/stripe/setup")
        assert response.status_code == 303
        assert response.headers["Location"].startswith(fake_stripe.url + "/setup/e/acct_")
        [link] = fake_stripe.state.links.values()
        # On the site's configured address (PUBLIC_BASE_URL), not the request's host.
        assert link["return_url"] == "https://youthhub.example/money/stripe/return"
        assert link["refresh_url"] == "https://youthhub.example/money/stripe/refresh"

    def test_coming_back_finished_or_not(self, client, cast, fake_stripe):
        as_(client, cast.young).post("/money/stripe/setup")
        account = services.profile_for(cast.young).stripe_account_id
        response = client.get("/money/stripe/return", follow_redirects=True)
        assert "isn&#39;t finished yet" in text(response)
        fake_stripe.state.finish_onboarding(account)
        response = client.get("/money/stripe/return", follow_redirects=True)
        assert "All set!" in text(response)
        assert "You're all set up with Stripe" in text(response)

    def test_an_expired_link_gets_a_fresh_one(self, client, cast, fake_stripe):
        as_(client, cast.young).post("/money/stripe/setup")
        response = client.get("/money/stripe/refresh")
        assert response.status_code == 303
        assert len(fake_stripe.state.links) == 2

    def test_a_payout_problem_asks_them_to_fix_their_bank(self, client, cast, fake_stripe):
        make_stripe_ready(cast.young, fake_stripe)
        profile = services.profile_for(cast.young)
        profile.payout_problem = True
        db.session.commit()
        html = text(as_(client, cast.young).get("/money"))
        assert "bank details need fixing in Stripe" in html
        assert "Update my details in Stripe" in html


class TestWorkerPages:
    def test_a_worker_reviews_and_approves(self, client, cast):
        claim = make_claim(cast.young)
        as_(client, cast.worker)
        assert "Jordan" in text(client.get("/manage/claims"))
        assert "Approve claim" in text(client.get(f"/manage/claims/{claim.id}"))
        client.post(f"/manage/claims/{claim.id}/approve", data={"approve-amount": ""})
        assert (claim.status, claim.approved_pence) == (ClaimStatus.APPROVED, 1500)

    def test_adjusting_and_rejecting_with_reasons(self, client, cast):
        adjusted, rejected = make_claim(cast.young), make_claim(cast.young)
        as_(client, cast.worker)
        client.post(
            f"/manage/claims/{adjusted.id}/approve",
            data={"approve-amount": "10", "approve-reason": "Came for an hour less"},
        )
        assert (adjusted.approved_pence, adjusted.adjust_reason) == (1000, "Came for an hour less")
        response = client.post(f"/manage/claims/{rejected.id}/reject", data={"reject-reason": ""})
        assert rejected.status == ClaimStatus.SUBMITTED
        assert "Please give a reason" in text(response)
        client.post(f"/manage/claims/{rejected.id}/reject", data={"reject-reason": "Duplicate"})
        assert rejected.status == ClaimStatus.REJECTED

    def test_a_refused_amount_is_shown_again_as_typed(self, client, cast):
        claim = make_claim(cast.young)
        as_(client, cast.worker)
        response = client.post(
            f"/manage/claims/{claim.id}/approve",
            data={"approve-amount": "12.345", "approve-reason": "Stayed on to help tidy up"},
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'value="12.345"' in page and "Stayed on to help tidy up" in page
        assert claim.status == ClaimStatus.SUBMITTED

    def test_a_worker_logs_for_their_young_person_and_cannot_approve_it(self, client, cast):
        as_(client, cast.worker)
        assert "Jordan" in text(client.get("/manage/claims/new"))
        client.post(
            "/manage/claims/new",
            data={
                "person": cast.young.id,
                "kind": kind_id(),
                "work_date": london_today().isoformat(),
                "hours": "2",
                "description": "Panel",
            },
        )
        claim = db.session.scalars(select(Contribution)).one()
        assert claim.submitted_by_id == cast.worker.id
        page = text(client.get(f"/manage/claims/{claim.id}"))
        assert "another worker needs to approve it" in page
        client.post(f"/manage/claims/{claim.id}/approve")
        assert claim.status == ClaimStatus.SUBMITTED


class TestFinancePages:
    def test_the_queue_with_totals(self, client, cast, fake_stripe):
        make_stripe_ready(cast.young, fake_stripe)
        make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
        make_approved_claim(cast.teen, cast.worker, choice=PaymentChoice.CASH)
        html = text(as_(client, cast.finance).get("/manage/finance"))
        assert "£30.00" in html
        assert "2 approved claims." in html
        assert "Jordan" in html and "Kai" in html
        assert html.count('type="checkbox" name="claims"') == 1  # only Stripe claims are ticked

    def test_paying_a_selection_through_stripe(self, client, cast, fake_stripe):
        make_stripe_ready(cast.young, fake_stripe)
        claims = [
            make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
            for _ in range(2)
        ]
        as_(client, cast.finance)
        response = client.post("/manage/finance/pay", data={"claims": [c.id for c in claims]})
        assert "Paid 2 claims through Stripe." in text(client.get(response.headers["Location"]))
        assert {c.status for c in claims} == {ClaimStatus.PAID}
        assert len(fake_stripe.state.transfers) == 2

    def test_paying_one_and_the_messages_for_problems(self, client, cast, fake_stripe):
        make_stripe_ready(cast.young, fake_stripe)
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
        fake_stripe.state.balance = 0
        as_(client, cast.finance)
        response = client.post(f"/manage/claims/{claim.id}/pay", follow_redirects=True)
        assert "isn&#39;t enough money in the Stripe balance" in text(response)
        fake_stripe.state.balance = 10_000
        response = client.post(f"/manage/claims/{claim.id}/pay", follow_redirects=True)
        assert "Paid Jordan through Stripe." in text(response)

    def test_recording_a_payment_made_another_way(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
        as_(client, cast.finance)
        page = text(client.get(f"/manage/claims/{claim.id}"))
        assert '<option selected value="cash">' in page
        client.post(
            f"/manage/claims/{claim.id}/record",
            data={"method": "cash", "paid_on": london_today().isoformat(), "reference": "Env 4"},
        )
        assert claim.status == ClaimStatus.PAID
        assert db.session.scalars(select(Payment)).one().reference == "Env 4"

    @pytest.mark.parametrize(
        ("language", "paid_how"),
        [
            ("en", "<dt>Paid how</dt><dd>Bank transfer</dd>"),
            ("cy", "<dt>Sut i dalu</dt><dd>Trosglwyddiad banc</dd>"),
        ],
    )
    def test_both_claim_pages_say_how_it_was_actually_paid(self, client, cast, language, paid_how):
        # The young person never chose; finance paid it by bank transfer.
        claim = make_approved_claim(cast.young, cast.worker)
        services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.BANK_TRANSFER,
            paid_on=london_today(),
            reference="BACS 7",
        )
        db.session.commit()
        welsh = {"Accept-Language": language}
        for person, url in ((cast.finance, "/manage/claims"), (cast.young, "/money/claims")):
            page = text(as_(client, person).get(f"{url}/{claim.id}", headers=welsh))
            assert paid_how in page
            assert "Not chosen yet" not in page and "Heb ddewis eto" not in page
            client.post("/logout")

    def test_the_approver_is_told_someone_else_pays(self, client, cast):
        from tests.factories import make_user
        from youthhub.accounts.models import Role

        both = make_user(Role.YOUTH_WORKER, Role.FINANCE, invite_code="BOTH3")
        claim = make_approved_claim(cast.young, both)
        as_(client, both)
        assert "someone else in finance needs to pay it" in text(
            client.get(f"/manage/claims/{claim.id}")
        )
        client.post(
            f"/manage/claims/{claim.id}/record",
            data={"method": "cash", "paid_on": london_today().isoformat()},
        )
        assert claim.status == ClaimStatus.APPROVED

    def test_reconcile_button(self, client, cast, fake_stripe):
        make_stripe_ready(cast.young, fake_stripe)
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
        fake_stripe.inject("POST", "/v1/transfers", kind="lose_response", times=3)
        as_(client, cast.finance)
        response = client.post(f"/manage/claims/{claim.id}/pay", follow_redirects=True)
        assert "didn&#39;t hear back from Stripe" in text(response)
        assert "Check payments in progress with Stripe" in text(client.get("/manage/finance"))
        response = client.post("/manage/finance/reconcile", follow_redirects=True)
        assert "1 paid" in text(response)
        assert claim.status == ClaimStatus.PAID

    def test_a_failed_payment_back_in_the_queue(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        claim.status = ClaimStatus.FAILED
        db.session.commit()
        as_(client, cast.finance).post(f"/manage/claims/{claim.id}/retry")
        assert claim.status == ClaimStatus.APPROVED

    def test_the_csv_export(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker, description="=HYPERLINK()")
        services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="=1+1",
        )
        db.session.commit()
        as_(client, cast.finance)
        assert "Download CSV" in text(client.get("/manage/finance/export"))
        today = london_today().isoformat()
        # A POST: each download is written in the audit log, and a GET never writes.
        response = client.post("/manage/finance/export", data={"start": today, "end": today})
        assert response.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(text(response))))
        assert rows[0][:5] == ["claim", "young_person_ref", "kind", "hours", "amount_gbp"]
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["young_person_ref"] == f"YP-{cast.young.id:06d}"
        assert (row["amount_gbp"], row["method"], row["hours"]) == ("15.00", "cash", "1")
        assert (row["approved_by"], row["paid_by"]) == ("Sam", "Priya")
        assert row["reference"] == "'=1+1"
        assert cast.young.preferred_name not in text(response)


class TestAdminRates:
    def test_setting_a_rate_and_adding_a_kind(self, client, cast):
        as_(client, cast.admin)
        assert "Youth panel" in text(client.get("/manage/rates"))
        client.post(
            "/manage/rates",
            data={
                "kind": kind_id("podcast"),
                "hourly": "17.50",
                "minimum": "",
                "effective_from": london_today().isoformat(),
            },
        )
        claim = make_claim(cast.young, kind="podcast")
        assert claim.amount_pence == 1750
        client.post(
            "/manage/rates/kinds",
            data={
                "kind-name": "Mentoring",
                "kind-hourly": "18",
                "kind-minimum": "5",
                "kind-effective_from": "2026-01-01",
            },
        )
        assert "Mentoring" in text(client.get("/manage/rates"))

    def test_bad_amounts_are_explained(self, client, cast):
        response = as_(client, cast.admin).post(
            "/manage/rates",
            data={"kind": kind_id(), "hourly": "twelve", "effective_from": "2026-01-01"},
        )
        assert "Enter an amount in pounds" in text(response)


def test_the_staff_nav_links_each_role_to_its_money_page(client, cast):
    for person, label, url in (
        (cast.worker, "Claims", "/manage/claims"),
        (cast.finance, "Payments", "/manage/finance"),
        (cast.admin, "Rate card", "/manage/rates"),
    ):
        html = text(as_(client, person).get("/manage/"))
        assert re.search(rf'<a href="{url}"[^>]*>{label}</a>', html), person
        client.post("/logout")


def test_young_people_see_their_money_in_welsh(client, cast):
    make_claim(cast.young)
    html = text(as_(client, cast.young).get("/money", headers={"Accept-Language": "cy"}))
    assert "Your money" not in html
    assert "£15.00" in html


def test_a_young_person_without_a_date_of_birth_is_not_offered_stripe(client, cast):
    person = make_young_person(date_of_birth=None)
    assert 'value="stripe"' not in text(as_(client, person).get("/money"))


def test_the_export_download_is_a_post_written_in_the_audit_log(client, cast):
    from youthhub.core.audit import AuditEntry

    as_(client, cast.finance)
    exported = select(AuditEntry).filter_by(action="payments.exported")
    today = london_today().isoformat()
    client.get(f"/manage/finance/export?start={today}&end={today}")  # only shows the form
    assert db.session.scalars(exported).first() is None
    response = client.post("/manage/finance/export", data={"start": today, "end": today})
    assert response.headers["Cache-Control"] == "no-store"
    [entry] = db.session.scalars(exported).all()
    assert entry.actor_id == cast.finance.id


def test_stripes_return_addresses_keep_what_they_write(client, cast, fake_stripe):
    """The documented exception to "a GET never writes": what Stripe says on the way back."""
    from youthhub.core.audit import AuditEntry

    as_(client, cast.young).post("/money/stripe/setup")
    fake_stripe.state.finish_onboarding(services.profile_for(cast.young).stripe_account_id)
    db.session.expire_all()
    client.get("/money/stripe/return")
    assert services.profile_for(cast.young).stripe_status == "ready"
    client.get("/money/stripe/refresh")
    links = select(AuditEntry).filter_by(action="stripe.onboarding_link")
    assert len(db.session.scalars(links).all()) == 2


def test_payments_views_never_commit_nor_catch_refusals():
    """The request commits (`core.transaction`); the app answers every refusal."""
    import ast
    import pathlib

    import youthhub.payments

    folder = pathlib.Path(youthhub.payments.__file__).parent
    for path in sorted(folder.glob("views*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr != "commit", f"{path.name}:{node.lineno} commits"
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = ast.unparse(node.type)
                assert "DomainError" not in caught, f"{path.name}:{node.lineno} catches {caught}"
