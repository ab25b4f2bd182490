"""Demo money for `flask seed-demo`: a few claims for the demo young person, at each stage.

Each step of a claim's story happens on its own day, in the order the app allows: the work,
then logging it, approving it and paying it, none of them in the future. The steps run through
the services, dated as they go (`_on`), so the claim pages, the audit log and the notices tell
the same story as the claims' own dates.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import event

from youthhub.accounts.models import Role
from youthhub.core.mail import OUTBOX_KEY
from youthhub.core.time import LONDON, london_today
from youthhub.extensions import db
from youthhub.payments import services
from youthhub.payments.models import ContributionKind, PaymentChoice, PaymentMethod
from youthhub.payments.queries import TaxYear
from youthhub.payments.rates import ensure_default_rate_card

# What a new row says about when it was written (audit entries, claims, payments, notices).
WRITTEN_AT = ("at", "created_at", "submitted_at", "status_changed_at")


def seed_demo_money(people: dict) -> None:
    # Services write emails with links, so they need a request; demo people get no emails.
    with current_app.test_request_context():
        _seed(people)
        db.session.flush()
        db.session.info.pop(OUTBOX_KEY, None)


@contextmanager
def _on(day: date, hour: int = 11) -> Iterator[datetime]:
    """Everything written in the block happened on `day` at `hour` (London time). Audit entries
    cannot be changed once written, so new rows are dated as they are first flushed."""
    when = datetime.combine(day, time(hour), tzinfo=LONDON).astimezone(UTC)
    session = db.session()

    def date_new_rows(session, flush_context, instances):
        for row in session.new:
            for column in WRITTEN_AT:
                if hasattr(type(row), column):
                    setattr(row, column, when)

    event.listen(session, "before_flush", date_new_rows)
    try:
        yield when
        session.flush()
    finally:
        event.remove(session, "before_flush", date_new_rows)


def _seed(people: dict) -> None:
    ensure_default_rate_card()
    young = people[Role.YOUNG_PERSON.value]
    worker = people[Role.YOUTH_WORKER.value]
    finance = people[Role.FINANCE.value]
    kinds = {kind.code: kind for kind in db.session.query(ContributionKind)}
    today = london_today()

    def claim(kind, day, minutes, description, *, logged, approved=None, choice=None):
        """A claim for work on `day`, logged `logged` days later and approved `approved` days
        after the work (if given)."""
        with _on(day + timedelta(days=logged)):
            # Logged on the young person's behalf by the admin, so the worker may approve it.
            made = services.create_claim(
                young,
                actor=people[Role.ADMIN.value],
                kind=kinds[kind],
                work_date=day,
                minutes=minutes,
                description=description,
            )
            made.payment_choice = choice or made.payment_choice
        if approved is not None:
            with _on(day + timedelta(days=approved)) as when:
                services.approve_contribution(made, actor=worker)
                made.approved_at = made.status_changed_at = when
        return made

    def paid(made, day, method, reference):
        with _on(day, 15) as when:
            services.record_payment(
                made, actor=finance, method=method, paid_on=day, reference=reference
            )
            made.status_changed_at = when

    last_year_day = TaxYear.of(today).previous().end - timedelta(days=30)
    paid_last_year = claim("panel", last_year_day, 120, "Care leavers' panel", logged=1, approved=3)
    paid(paid_last_year, last_year_day + timedelta(days=7), PaymentMethod.CASH, "")
    paid_this_year = claim(
        "co_design", today - timedelta(days=20), 180, "Designing the welcome pack",
        logged=1, approved=4,
    )  # fmt: skip
    paid(paid_this_year, today - timedelta(days=10), PaymentMethod.BANK_TRANSFER, "BACS 1042")
    claim(
        "interview_panel", today - timedelta(days=5), 90, "Interviewing new staff",
        logged=1, approved=3, choice=PaymentChoice.STRIPE,
    )  # fmt: skip
    services.log_contribution(
        young,
        actor=young,
        kind=kinds["podcast"],
        work_date=today - timedelta(days=1),
        minutes=60,
        description="Recorded an episode about leaving care",
    )
