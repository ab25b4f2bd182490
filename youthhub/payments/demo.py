"""Demo money for `flask seed-demo`: a few claims for the demo young person, at each stage."""

from datetime import timedelta

from flask import current_app

from youthhub.accounts.models import Role
from youthhub.core.mail import OUTBOX_KEY
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import services
from youthhub.payments.models import ContributionKind, PaymentChoice, PaymentMethod
from youthhub.payments.queries import TaxYear
from youthhub.payments.rates import ensure_default_rate_card


def seed_demo_money(people: dict) -> None:
    # Services write emails with links, so they need a request; demo people get no emails.
    with current_app.test_request_context():
        _seed(people)
        db.session.flush()
        db.session.info.pop(OUTBOX_KEY, None)


def _seed(people: dict) -> None:
    ensure_default_rate_card()
    young = people[Role.YOUNG_PERSON.value]
    worker = people[Role.YOUTH_WORKER.value]
    finance = people[Role.FINANCE.value]
    kinds = {kind.code: kind for kind in db.session.query(ContributionKind)}
    today = london_today()
    last_year_day = TaxYear.of(today).previous().end - timedelta(days=30)

    def claim(kind, day, minutes, description):
        # Logged on the young person's behalf by the admin, so the worker may approve it.
        return services.create_claim(
            young,
            actor=people[Role.ADMIN.value],
            kind=kinds[kind],
            work_date=day,
            minutes=minutes,
            description=description,
        )

    paid_last_year = claim("panel", last_year_day, 120, "Care leavers' panel")
    services.approve_contribution(paid_last_year, actor=worker)
    services.record_payment(
        paid_last_year,
        actor=finance,
        method=PaymentMethod.CASH,
        paid_on=last_year_day + timedelta(days=7),
        reference="",
    )
    paid = claim("co_design", today - timedelta(days=20), 180, "Designing the welcome pack")
    services.approve_contribution(paid, actor=worker)
    services.record_payment(
        paid,
        actor=finance,
        method=PaymentMethod.BANK_TRANSFER,
        paid_on=today - timedelta(days=10),
        reference="BACS 1042",
    )
    approved = claim("interview_panel", today - timedelta(days=5), 90, "Interviewing new staff")
    approved.payment_choice = PaymentChoice.STRIPE
    services.approve_contribution(approved, actor=worker)
    services.log_contribution(
        young,
        actor=young,
        kind=kinds["podcast"],
        work_date=today - timedelta(days=1),
        minutes=60,
        description="Recorded an episode about leaving care",
    )
