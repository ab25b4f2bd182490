"""Time the monitoring page and the board's PDF for twelve months of a regional programme, on
SQLite and PostgreSQL.

Run: .venv/bin/python bench/monitoring.py [sqlite|postgresql]
Seeds 20,000 young people, 300,000 attendances over two years (as bench/activity_table.py),
100,000 ratings and 50,000 claims (half paid) and two in three young people's "About you"
answers (as bench/equality.py), then times, as an admin, the monitoring page and
the board report (English) for the last twelve months of that history. Prints the median and
95th percentile and the queries each runs. Targets: page ≤ 500 ms, PDF ≤ 3 s.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

import flask_migrate
from activity_table import FIRST_DAY, seed  # bench/activity_table.py, beside this file
from benchapp import bench_app  # bench/benchapp.py, beside this file
from equality import answer_questions  # bench/equality.py, beside this file
from pages import measure
from signin import sign_in
from sqlalchemy import String, cast, insert, select, update

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.activities import visits
from youthhub.activities.models import Activity
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.goals import rating_links
from youthhub.goals.defaults import ensure_default_areas
from youthhub.goals.models import Rating
from youthhub.payments import payment_links
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentChoice,
    PaymentMethod,
)
from youthhub.payments.rates import ensure_default_rate_card

YOUNG_PEOPLE, ATTENDANCES, RATINGS, CLAIMS = 20_000, 300_000, 100_000, 50_000
RUNS, PDF_RUNS = 10, 3
BATCH = 20_000
PERIOD = "start=2025-01-01&end=2025-12-31"
CHOICES = [PaymentChoice.STRIPE, PaymentChoice.BANK_TRANSFER, PaymentChoice.CASH, None]
METHODS = [PaymentMethod.STRIPE, PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH]
# Medians before who came was read from the visits kept beside the register (migration 0029),
# on a quiet machine: (SQLite, PostgreSQL) in ms, to print beside this run's.
BEFORE = {
    "monitoring page": (884, 767),
    "a monitoring CSV (who came by month)": (382, 488),
    "board report PDF (English)": (3990, 3750),
}


def _moment(rng, first_day: date = FIRST_DAY) -> datetime:
    day = first_day + timedelta(days=rng.randrange(731))
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=rng.randint(9, 20))


def seed_more(rng, first_day: date = FIRST_DAY) -> str:
    """Ratings and claims for the young people `seed` made, over two years from `first_day`; an
    admin to look. Returns the admin's email."""
    people = list(
        db.session.scalars(select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON))
    )
    areas = [area.id for area in ensure_default_areas()]
    ratings = [
        {
            "owner_id": rng.choice(people),
            "area_id": rng.choice(areas),
            "score": rng.randint(1, 10),
            "rated_at": _moment(rng, first_day),
        }
        for _ in range(RATINGS)
    ]
    for start in range(0, len(ratings), BATCH):
        db.session.execute(insert(Rating), ratings[start : start + BATCH])
    ensure_default_rate_card()
    kinds = list(db.session.scalars(select(ContributionKind.id)))
    claims, payments = [], []
    for number in range(1, CLAIMS + 1):
        person, moment = rng.choice(people), _moment(rng, first_day)
        minutes = 60 + 15 * rng.randrange(8)
        paid = number % 2 == 0
        claims.append(
            {
                "id": number,
                "person_id": person,
                "kind_id": rng.choice(kinds),
                "work_date": moment.date(),
                "minutes": minutes,
                "description": "Panel",
                "hourly_pence": 1500,
                "minimum_pence": 0,
                "amount_pence": minutes * 25,
                "status": ClaimStatus.PAID if paid else ClaimStatus.APPROVED,
                "status_changed_at": moment,
                "payment_choice": rng.choice(CHOICES),
                "submitted_by_id": person,
                "submitted_at": moment,
                "approved_at": moment,
                "approved_pence": minutes * 25,
                "failed_attempts": 0,
            }
        )
        if paid:
            payments.append(
                {
                    "contribution_id": number,
                    "person_id": person,
                    "method": rng.choice(METHODS),
                    "amount_pence": minutes * 25,
                    "minutes": minutes,
                    "paid_on": moment.date() + timedelta(days=7),
                    "reference": "",
                    "created_at": moment,
                    "reversed_pence": 0,
                }
            )
    for start in range(0, len(claims), BATCH):
        db.session.execute(insert(Contribution), claims[start : start + BATCH])
        db.session.execute(insert(Payment), payments[start // 2 : (start + BATCH) // 2])
    answer_questions()
    admin = User(
        email="admin@bench.example",
        preferred_name="admin",
        role_grants=[RoleGrant(role=Role.ADMIN)],
    )
    db.session.add(admin)
    # The history was loaded in bulk, past the register, the rating page and the payments: its
    # visits and the ratings' and payments' links are worked out once here.
    visits.recount_everyone()
    rating_links.relink_everyone()
    payment_links.relink_everyone()
    db.session.commit()
    return admin.email


def run(database_uri: str, label: str, tmp: str) -> None:
    app = bench_app(tmp, database_uri, csrf=False, limits=False)
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        seed(YOUNG_PEOPLE, ATTENDANCES)
        # A regional programme runs its sessions week after week: 28 activities, each with a
        # title of its own, make up the four a day (the board report puts a month's sessions of
        # one activity on one line).
        db.session.execute(
            update(Activity).values(title="Weekly session " + cast(Activity.id % 28, String))
        )
        email = seed_more(random.Random(13))
        seconds = time.perf_counter() - started
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    print(
        f"{label}: {YOUNG_PEOPLE} young people, {ATTENDANCES} attendances, {RATINGS} ratings, "
        f"{CLAIMS} claims (seeded in {seconds:.0f} s); 12 months shown"
    )
    print(f"{'what':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'before ms':>10}")
    column = 0 if label == "SQLite" else 1
    client = app.test_client()
    sign_in(client, email)
    figures = {
        "monitoring page": measure(client, engine, f"/manage/monitoring?{PERIOD}", runs=RUNS),
        "a monitoring CSV (who came by month)": measure(
            client, engine, f"/manage/monitoring/reach/reach-by-month.csv?{PERIOD}", runs=RUNS
        ),
        "board report PDF (English)": measure(
            client, engine, f"/manage/monitoring/board.pdf?{PERIOD}&lang=en", runs=PDF_RUNS
        ),
    }
    for what, (times, queries) in figures.items():
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 2 else max(times)
        print(
            f"{what:<44} {statistics.median(times):>10.1f} {p95:>8.1f} {queries:>8}"
            f" {BEFORE[what][column]:>10}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    database = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        if database == "sqlite":
            run(f"sqlite:///{tmp}/bench.sqlite", "SQLite", tmp)
            return
        sys.path.insert(0, str(PROJECT_ROOT))  # the tests' throwaway PostgreSQL server
        from tests.support.postgres import PostgresServer

        server = PostgresServer().start()
        try:
            run(server.create_database("bench"), "PostgreSQL", tmp)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
