"""A young person's default way to be paid reaches their claims already waiting for a choice,
and finance is told why a claim cannot be paid yet."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import log_in, make_approved_claim, make_claim, make_stripe_ready, make_user
from youthhub.accounts.models import Role
from youthhub.core.audit import AuditEntry
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import choices, services
from youthhub.payments.models import ClaimStatus, PaymentChoice, PaymentMethod, StripeStatus
from youthhub.payments.rules import ClaimAction, claim_actions, waiting_for


def text(response) -> str:
    return response.get_data(as_text=True)


def claims_at_every_stage(cast):
    """Two claims waiting for a choice (one waiting for approval, one approved), one already
    chosen, one paid and one taken back."""
    waiting = [make_claim(cast.young), make_approved_claim(cast.young, cast.worker)]
    chosen = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    paid = make_approved_claim(cast.young, cast.worker)
    services.record_payment(
        paid, actor=cast.finance, method=PaymentMethod.CASH, paid_on=london_today(), reference=""
    )
    withdrawn = make_claim(cast.young)
    services.withdraw_contribution(withdrawn, actor=cast.young)
    db.session.commit()
    return waiting, chosen, paid, withdrawn


class TestTheDefaultReachesWaitingClaims:
    def test_claims_without_a_choice_take_the_default_and_say_so_in_the_audit_log(self, cast):
        waiting, chosen, paid, withdrawn = claims_at_every_stage(cast)
        before = db.session.scalar(select(func.max(AuditEntry.id)))
        used = choices.set_default_choice(cast.young, PaymentChoice.BANK_TRANSFER, actor=cast.young)
        assert used == 2
        assert [claim.payment_choice for claim in waiting] == [PaymentChoice.BANK_TRANSFER] * 2
        assert chosen.payment_choice == PaymentChoice.CASH  # their own choice on it stands
        assert paid.payment_choice is None and withdrawn.payment_choice is None
        entries = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "claim.choice", AuditEntry.id > before)
            .order_by(AuditEntry.id)
        ).all()
        assert [(entry.subject_id, entry.details) for entry in entries] == [
            (claim.id, {"before": None, "after": "bank_transfer", "default": True})
            for claim in waiting
        ]

    def test_changing_the_default_leaves_claims_that_have_a_choice(self, cast):
        waiting, *_ = claims_at_every_stage(cast)
        choices.set_default_choice(cast.young, PaymentChoice.VOUCHER, actor=cast.young)
        assert choices.set_default_choice(cast.young, PaymentChoice.CASH, actor=cast.young) == 0
        assert {claim.payment_choice for claim in waiting} == {PaymentChoice.VOUCHER}

    def test_a_stripe_default_gives_finance_the_stripe_button_on_a_waiting_claim(
        self, cast, fake_stripe
    ):
        make_stripe_ready(cast.young, fake_stripe)
        claim = make_approved_claim(cast.young, cast.worker)
        assert ClaimAction.PAY not in claim_actions(claim, cast.finance)
        choices.set_default_choice(cast.young, PaymentChoice.STRIPE, actor=cast.young)
        assert ClaimAction.PAY in claim_actions(claim, cast.finance)
        assert waiting_for(claim, StripeStatus.READY) is None

    def test_the_money_page_says_so_before_and_after_saving(self, client, cast):
        claims_at_every_stage(cast)
        log_in(client, cast.young)
        before = text(client.get("/money"))
        assert "2 claims are waiting for you to choose how to be paid." in before
        response = client.post("/money/choice", data={"choice": "cash"}, follow_redirects=True)
        after = text(response)
        assert "Saved. New claims will be paid this way. Also used for 2 claims waiting" in after
        assert "waiting for you to choose" not in after

    def test_in_welsh_too(self, client, cast):
        make_claim(cast.young)
        log_in(client, cast.young)
        welsh = {"Accept-Language": "cy"}
        before = text(client.get("/money", headers=welsh))
        assert "claim is waiting" not in before and "1 hawliad" in before
        response = client.post(
            "/money/choice", data={"choice": "cash"}, headers=welsh, follow_redirects=True
        )
        assert "Also used for" not in text(response) and "1 hawliad" in text(response)


class TestWhyFinanceCannotPayYet:
    @pytest.mark.parametrize(
        ("status", "choice", "stripe", "reason"),
        [
            (ClaimStatus.SUBMITTED, PaymentChoice.CASH, StripeStatus.READY, "Not approved yet"),
            (ClaimStatus.APPROVED, None, StripeStatus.READY, "Waiting for the young person"),
            (ClaimStatus.APPROVED, PaymentChoice.STRIPE, StripeStatus.NONE, "isn't ready"),
            (ClaimStatus.APPROVED, PaymentChoice.STRIPE, StripeStatus.PENDING, "isn't ready"),
            (ClaimStatus.APPROVED, PaymentChoice.STRIPE, StripeStatus.RESTRICTED, "isn't ready"),
            (ClaimStatus.APPROVED, PaymentChoice.STRIPE, StripeStatus.READY, None),
            (ClaimStatus.APPROVED, PaymentChoice.CASH, StripeStatus.NONE, None),
        ],
    )
    def test_the_reason_for_each_claim(self, cast, status, choice, stripe, reason):
        claim = make_claim(cast.young, choice=choice)
        if status == ClaimStatus.APPROVED:
            services.approve_contribution(claim, actor=cast.worker)
        said = waiting_for(claim, stripe)
        assert said == reason if reason is None else reason in said

    def test_stripe_for_someone_under_18_says_record_another_way(self, cast):
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
        cast.young.date_of_birth = date(london_today().year - 17, 1, 1)
        assert "18 or over" in waiting_for(claim, StripeStatus.READY)

    def test_the_finance_queue_says_why_for_each_claim(self, client, cast):
        make_approved_claim(cast.young, cast.worker)  # no choice
        make_approved_claim(cast.teen, cast.worker, choice=PaymentChoice.CASH)
        both = make_user(Role.YOUTH_WORKER, Role.FINANCE, name="Bo", invite_code="BOTH9")
        make_approved_claim(cast.teen, both, choice=PaymentChoice.CASH)
        log_in(client, both)
        page = text(client.get("/manage/finance"))
        assert page.count("Waiting for the young person to choose how to be paid.") == 1
        assert page.count("queue-note") == 2  # and: they approved one, so someone else pays it
        assert "someone else in finance needs to pay it" in page

    def test_finance_sees_the_reason_on_the_claim_and_workers_do_not(self, client, cast):
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE)
        log_in(client, cast.finance)
        page = text(client.get(f"/manage/claims/{claim.id}", headers={"Accept-Language": "cy"}))
        assert 'id="waiting-for"' in page and "isn't ready" not in page
        client.post("/logout")
        log_in(client, cast.other_worker)
        assert 'id="waiting-for"' not in text(client.get(f"/manage/claims/{claim.id}"))
