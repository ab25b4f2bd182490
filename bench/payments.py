"""Time the money pages with many claims, and count their queries.

Run: .venv/bin/python bench/payments.py [PEOPLE] [CLAIMS_EACH]   (default 500 people x 20 claims,
SQLite in a temp dir). Prints the median and 95th percentile server time per page and the queries
each page runs: the finance queue (every approved claim), a young person's Money page (all their
claims and payments), the worker's list of claims waiting, and the rate card.
"""

import os
import resource
import statistics
import sys
import tempfile
from datetime import date, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from pages import measure  # bench/pages.py, beside this file
from signin import sign_in
from sqlalchemy import insert

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
)
from youthhub.payments.rates import ensure_default_rate_card

PASSWORD = "bench password"
RUNS = 30
STAGES = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.PAID]
CHOICES = [PaymentChoice.STRIPE, PaymentChoice.BANK_TRANSFER, PaymentChoice.CASH, None]


def person(role, name, **fields) -> User:
    user = User(
        email=f"{name}@bench.example",
        preferred_name=name,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=utcnow(),
        role_grants=[RoleGrant(role=role)],
        **fields,
    )
    db.session.add(user)
    return user


def seed(people: int, each: int) -> dict[str, User]:
    ensure_default_rate_card()
    staff = {
        "worker": person(Role.YOUTH_WORKER, "worker", invite_code="BENCH001"),
        "finance": person(Role.FINANCE, "finance"),
        "admin": person(Role.ADMIN, "admin"),
    }
    young = [
        person(Role.YOUNG_PERSON, f"young{n}", date_of_birth=date(2005, 1, 1))
        for n in range(people)
    ]
    db.session.flush()
    kinds = [kind.id for kind in db.session.query(ContributionKind)]
    today, now = london_today(), utcnow()
    claims, payments = [], []
    claim_id = 0
    for n, someone in enumerate(young):
        for c in range(each):
            claim_id += 1
            status = STAGES[(n + c) % len(STAGES)]
            approved = status != ClaimStatus.SUBMITTED
            claims.append(
                {
                    "id": claim_id,
                    "person_id": someone.id,
                    "kind_id": kinds[c % len(kinds)],
                    "work_date": today - timedelta(days=c * 7 % 700),
                    "minutes": 60 + 15 * (c % 8),
                    "description": "Panel",
                    "hourly_pence": 1500,
                    "minimum_pence": 0,
                    "amount_pence": 1500 + 375 * (c % 8),
                    "status": status,
                    "status_changed_at": now,
                    "payment_choice": CHOICES[(n + c) % len(CHOICES)],
                    "submitted_by_id": someone.id,
                    "submitted_at": now,
                    "approved_by_id": staff["worker"].id if approved else None,
                    "approved_at": now if approved else None,
                    "approved_pence": 1500 + 375 * (c % 8) if approved else None,
                    "failed_attempts": 0,
                }
            )
            if status == ClaimStatus.PAID:
                payments.append(
                    {
                        "contribution_id": claim_id,
                        "person_id": someone.id,
                        "method": PaymentMethod.CASH,
                        "amount_pence": 1500 + 375 * (c % 8),
                        "minutes": 60 + 15 * (c % 8),
                        "paid_on": today - timedelta(days=c * 7 % 700),
                        "reference": "",
                        "recorded_by_id": staff["finance"].id,
                        "created_at": now,
                        "reversed_pence": 0,
                    }
                )
    db.session.execute(insert(Contribution), claims)
    db.session.execute(insert(Payment), payments)
    db.session.commit()
    return {**staff, "young": young[0]}


PAGES = {
    "finance": ["/manage/finance", "/manage/claims?status=paid"],
    "young": ["/money"],
    "worker": ["/manage/claims"],
    "admin": ["/manage/rates"],
}


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    each = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            users = seed(people, each)
            logins = {role: user.email for role, user in users.items()}
            engine = db.engine
            approved = db.session.query(Contribution).filter_by(status="approved").count()
        print(
            f"{people} young people x {each} claims = {people * each} claims "
            f"({approved} approved, waiting for finance); {RUNS} requests per page (SQLite)"
        )
        print(f"{'who':<8} {'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for who, urls in PAGES.items():
            client = app.test_client()
            sign_in(client, logins[who])
            for url in urls:
                times, queries = measure(client, engine, url, RUNS)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{who:<8} {url:<28} {statistics.median(times):>10.2f} {p95:>8.2f} {queries:>8}"
                )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
