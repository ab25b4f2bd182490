"""Claims: logging, the young person's choices, approving, rejecting, recording payments, and
four eyes at every step."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_approved_claim, make_claim
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.mail import OUTBOX_KEY
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.notices.services import unread_for
from youthhub.payments import choices, services
from youthhub.payments.models import (
    CancelReason,
    ClaimStatus,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
)


def kind(code="panel"):
    return db.session.scalars(select(ContributionKind).filter_by(code=code)).one()


def outbox():
    return db.session.info.get(OUTBOX_KEY, [])


class TestLogging:
    def test_a_claim_is_priced_at_the_rate_and_waits_for_approval(self, cast):
        claim = services.log_contribution(
            cast.young,
            actor=cast.young,
            kind=kind("co_design"),
            work_date=london_today(),
            minutes=150,
            description="Designed the welcome pack",
        )
        assert claim.status == ClaimStatus.SUBMITTED
        assert (claim.hourly_pence, claim.amount_pence) == (1500, 3750)
        assert claim.submitted_by_id == cast.young.id
        assert (
            db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()[-1]
            == "claim.logged"
        )

    def test_the_minimum_payment_applies_to_short_work(self, cast):
        claim = make_claim(cast.young, kind="panel", minutes=15)
        assert claim.amount_pence == 1500  # 15 minutes at £15/hour is £3.75, minimum £15

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"minutes": 20}, "quarter hours"),
            ({"minutes": 0}, "more than 0 hours"),
            ({"minutes": -60}, "more than 0 hours"),
            ({"minutes": 12 * 60 + 15}, "up to 12 hours"),
            ({"minutes": 24 * 60}, "up to 12 hours"),
            ({"work_date": london_today() + timedelta(days=2)}, "future"),
            ({"work_date": london_today() - timedelta(days=400)}, "more than a year"),
            ({"description": "  "}, "few words"),
        ],
    )
    def test_impossible_claims_are_refused(self, cast, change, message):
        details = {
            "kind": kind(),
            "work_date": london_today(),
            "minutes": 60,
            "description": "Panel",
        } | change
        with pytest.raises(DomainError, match=message):
            services.log_contribution(cast.young, actor=cast.young, **details)

    def test_a_worker_can_log_for_a_young_person_but_another_person_cannot(self, cast):
        claim = make_claim(cast.young, actor=cast.worker)
        assert claim.submitted_by_id == cast.worker.id
        with pytest.raises(NotAllowed):
            make_claim(cast.young, actor=cast.teen)
        with pytest.raises(NotAllowed):
            make_claim(cast.young, actor=cast.finance)

    def test_claims_are_only_for_young_people(self, cast):
        with pytest.raises(DomainError, match="young people"):
            make_claim(cast.finance, actor=cast.worker)

    def test_no_rate_on_that_day_means_no_claim(self, cast):
        from youthhub.payments import rates

        new_kind = rates.add_kind(
            "Mentoring",
            actor=cast.admin,
            hourly_pence=1800,
            minimum_pence=0,
            effective_from=london_today() + timedelta(days=1),
        )
        with pytest.raises(DomainError, match="no rate"):
            services.log_contribution(
                cast.young,
                actor=cast.young,
                kind=new_kind,
                work_date=london_today(),
                minutes=60,
                description="Mentoring",
            )

    def test_the_default_choice_is_used_for_new_claims(self, cast):
        choices.set_default_choice(cast.young, PaymentChoice.STRIPE, actor=cast.young)
        assert make_claim(cast.young).payment_choice == PaymentChoice.STRIPE


class TestChoices:
    def test_stripe_is_only_for_over_18s(self, cast):
        claim = make_claim(cast.teen)
        with pytest.raises(DomainError, match="18 or over"):
            choices.choose_payment(claim, PaymentChoice.STRIPE, actor=cast.teen)
        with pytest.raises(DomainError, match="18 or over"):
            choices.set_default_choice(cast.teen, PaymentChoice.STRIPE, actor=cast.teen)
        choices.choose_payment(claim, PaymentChoice.CASH, actor=cast.teen)
        assert claim.payment_choice == PaymentChoice.CASH

    def test_stripe_is_not_offered_when_it_is_switched_off(self, cast, app):
        app.config["STRIPE_SECRET_KEY"] = ""
        with pytest.raises(DomainError, match="aren't available"):
            choices.choose_payment(make_claim(cast.young), PaymentChoice.STRIPE, actor=cast.young)

    def test_only_the_young_person_chooses(self, cast):
        claim = make_claim(cast.young)
        with pytest.raises(NotAllowed):
            choices.choose_payment(claim, PaymentChoice.CASH, actor=cast.worker)
        with pytest.raises(NotAllowed):
            choices.set_default_choice(cast.young, PaymentChoice.CASH, actor=cast.worker)

    def test_declining_closes_the_claim_and_keeps_it_on_record(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        choices.choose_payment(claim, PaymentChoice.DECLINE, actor=cast.young)
        db.session.commit()
        assert claim.status == ClaimStatus.CANCELLED
        assert claim.cancel_reason == CancelReason.DECLINED
        assert claim.payment_choice == PaymentChoice.DECLINE

    def test_decline_is_per_claim_not_a_default(self, cast):
        with pytest.raises(DomainError):
            choices.set_default_choice(cast.young, PaymentChoice.DECLINE, actor=cast.young)

    def test_taking_less_caps_the_payment(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        choices.take_less(claim, 500, actor=cast.young)
        assert claim.payable_pence == 500
        choices.take_less(claim, None, actor=cast.young)
        assert claim.payable_pence == 1500

    @pytest.mark.parametrize("wanted", [0, 1500, 2000])
    def test_less_must_be_less(self, cast, wanted):
        claim = make_claim(cast.young)
        with pytest.raises(DomainError):
            choices.take_less(claim, wanted, actor=cast.young)

    def test_choices_close_once_payment_starts(self, cast):
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
        services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
        db.session.commit()
        with pytest.raises(DomainError, match="closed"):
            choices.choose_payment(claim, PaymentChoice.VOUCHER, actor=cast.young)
        with pytest.raises(DomainError, match="closed"):
            choices.take_less(claim, 100, actor=cast.young)


class TestApproving:
    def test_a_worker_approves_at_the_priced_amount(self, cast):
        claim = make_claim(cast.young)
        services.approve_contribution(claim, actor=cast.worker)
        db.session.commit()
        assert claim.status == ClaimStatus.APPROVED
        assert (claim.approved_pence, claim.approved_by_id) == (1500, cast.worker.id)

    def test_the_young_person_is_told(self, cast):
        claim = make_claim(cast.young)
        services.approve_contribution(claim, actor=cast.worker)
        [email] = outbox()
        assert email["To"] == cast.young.email
        assert "£15.00" in email.get_content()
        db.session.commit()
        [notice] = unread_for(cast.young)
        assert notice.text == "Your claim for Youth panel was approved: £15.00."
        assert notice.link == "/money"

    def test_the_young_person_is_told_in_their_own_language(self, cast):
        cast.young.locale = "cy"
        claim = make_claim(cast.young)
        services.approve_contribution(claim, actor=cast.worker)
        db.session.commit()
        [notice] = unread_for(cast.young)
        assert "£15.00" in notice.text and "approved" not in notice.text

    def test_adjusting_needs_a_reason_they_will_see(self, cast):
        claim = make_claim(cast.young)
        with pytest.raises(DomainError, match="why"):
            services.approve_contribution(claim, actor=cast.worker, amount_pence=1000)
        services.approve_contribution(
            claim, actor=cast.worker, amount_pence=1000, reason="Left early"
        )
        assert "Left early" in outbox()[-1].get_content()
        db.session.commit()
        assert (claim.approved_pence, claim.adjust_reason) == (1000, "Left early")

    @pytest.mark.parametrize("amount", [0, -5, 1_000_01])
    def test_approved_amounts_stay_sensible(self, cast, amount):
        with pytest.raises(DomainError):
            services.approve_contribution(
                make_claim(cast.young), actor=cast.worker, amount_pence=amount, reason="x"
            )

    def test_rejecting_needs_a_reason(self, cast):
        claim = make_claim(cast.young)
        with pytest.raises(DomainError, match="why"):
            services.reject_contribution(claim, actor=cast.worker, reason=" ")
        services.reject_contribution(claim, actor=cast.worker, reason="That was a social")
        assert "That was a social" in outbox()[-1].get_content()
        db.session.commit()
        assert claim.status == ClaimStatus.REJECTED
        assert claim.reject_reason == "That was a social"

    def test_only_a_claim_waiting_for_approval_can_be_decided(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        with pytest.raises(DomainError, match="isn't waiting"):
            services.approve_contribution(claim, actor=cast.other_worker)
        with pytest.raises(DomainError, match="isn't waiting"):
            services.reject_contribution(claim, actor=cast.other_worker, reason="no")

    def test_finance_cannot_approve(self, cast):
        with pytest.raises(NotAllowed):
            services.approve_contribution(make_claim(cast.young), actor=cast.finance)
        with pytest.raises(NotAllowed):
            services.reject_contribution(make_claim(cast.young), actor=cast.finance, reason="x")


class TestFourEyes:
    def test_the_person_who_logged_a_claim_cannot_approve_it(self, cast):
        claim = make_claim(cast.young, actor=cast.worker)
        with pytest.raises(NotAllowed, match="another worker"):
            services.approve_contribution(claim, actor=cast.worker)
        services.approve_contribution(claim, actor=cast.other_worker)
        assert claim.status == ClaimStatus.APPROVED

    def test_nobody_approves_or_pays_their_own_claim(self, cast):
        from tests.factories import make_user
        from youthhub.accounts.models import Role

        peer = make_user(Role.YOUNG_PERSON, Role.YOUTH_WORKER, Role.FINANCE, invite_code="PEER9")
        claim = make_claim(peer)
        with pytest.raises(NotAllowed, match="your own"):
            services.approve_contribution(claim, actor=peer)
        services.approve_contribution(claim, actor=cast.worker)
        with pytest.raises(NotAllowed, match="your own"):
            services.record_payment(
                claim, actor=peer, method=PaymentMethod.CASH, paid_on=london_today(), reference=""
            )

    def test_the_person_who_approved_a_claim_cannot_pay_it(self, cast):
        from tests.factories import make_user
        from youthhub.accounts.models import Role

        both = make_user(Role.YOUTH_WORKER, Role.FINANCE, invite_code="BOTH1")
        claim = make_claim(cast.young)
        services.approve_contribution(claim, actor=both)
        db.session.commit()
        with pytest.raises(NotAllowed, match="someone else in finance"):
            services.record_payment(
                claim, actor=both, method=PaymentMethod.CASH, paid_on=london_today(), reference=""
            )
        services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
        assert claim.status == ClaimStatus.PAID

    def test_a_youth_worker_cannot_pay(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        with pytest.raises(NotAllowed, match="Only finance"):
            services.record_payment(
                claim,
                actor=cast.other_worker,
                method=PaymentMethod.CASH,
                paid_on=london_today(),
                reference="",
            )


class TestRecordingPayments:
    def test_finance_records_a_cash_payment(self, cast):
        claim = make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
        choices.take_less(claim, 1000, actor=cast.young)
        payment = services.record_payment(
            claim,
            actor=cast.finance,
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="Envelope 7",
        )
        db.session.commit()
        assert claim.status == ClaimStatus.PAID
        assert (payment.amount_pence, payment.reference) == (1000, "Envelope 7")
        assert payment.recorded_by_id == claim.paid_by_id == cast.finance.id
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert "payment.recorded" in actions

    def test_only_approved_claims_are_paid(self, cast):
        claim = make_claim(cast.young)
        with pytest.raises(DomainError, match="isn't waiting to be paid"):
            services.record_payment(
                claim,
                actor=cast.finance,
                method=PaymentMethod.CASH,
                paid_on=london_today(),
                reference="",
            )

    def test_a_claim_is_never_recorded_as_paid_twice(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        pay = {"method": PaymentMethod.CASH, "paid_on": london_today(), "reference": ""}
        services.record_payment(claim, actor=cast.finance, **pay)
        db.session.commit()
        with pytest.raises(DomainError):
            services.record_payment(claim, actor=cast.other_finance, **pay)
        db.session.rollback()
        assert db.session.query(Payment).count() == 1

    def test_stripe_is_not_a_method_to_record_and_dates_are_not_in_the_future(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        with pytest.raises(DomainError):
            services.record_payment(
                claim,
                actor=cast.finance,
                method=PaymentMethod.STRIPE,
                paid_on=london_today(),
                reference="",
            )
        with pytest.raises(DomainError, match="future"):
            services.record_payment(
                claim,
                actor=cast.finance,
                method=PaymentMethod.CASH,
                paid_on=london_today() + timedelta(days=1),
                reference="",
            )


class TestTakingBack:
    def test_the_young_person_withdraws_a_waiting_claim(self, cast):
        claim = make_claim(cast.young)
        services.withdraw_contribution(claim, actor=cast.young)
        db.session.commit()
        assert (claim.status, claim.cancel_reason) == (
            ClaimStatus.CANCELLED,
            CancelReason.WITHDRAWN,
        )

    def test_an_approved_claim_cannot_be_withdrawn_and_others_cannot_withdraw(self, cast):
        with pytest.raises(NotAllowed):
            services.withdraw_contribution(make_claim(cast.young), actor=cast.teen)
        with pytest.raises(DomainError, match="waiting for approval"):
            services.withdraw_contribution(
                make_approved_claim(cast.young, cast.worker), actor=cast.young
            )


class TestFailedPayments:
    def test_finance_retries_or_gives_up(self, cast):
        claim = make_approved_claim(cast.young, cast.worker)
        claim.status = ClaimStatus.FAILED
        db.session.commit()
        with pytest.raises(NotAllowed):
            services.retry_failed(claim, actor=cast.worker)
        services.retry_failed(claim, actor=cast.finance)
        db.session.commit()
        assert claim.status == ClaimStatus.APPROVED
        claim.status = ClaimStatus.FAILED
        db.session.commit()
        services.give_up_failed(claim, actor=cast.finance)
        db.session.commit()
        assert (claim.status, claim.cancel_reason) == (ClaimStatus.CANCELLED, CancelReason.GIVEN_UP)
