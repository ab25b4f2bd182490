"""Time each monitoring section over a large history: 20,000 young people, 300,000
attendances at 8,000 activities (a third of them power groups' sessions), 3,000 group
memberships with their history, 50,000 claims (35,000 paid) and 100,000 ratings, for the last
twelve months with the twelve before beside them.

Run: .venv/bin/python bench/monitoring_sections.py   (SQLite; set BENCH_DATABASE_URL for another)
Prints each section's median time and its number of queries.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

import flask_migrate
from sqlalchemy import event, insert, select

from youthhub import create_app
from youthhub.accounts.models import User
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.core.audit import AuditEntry
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_defaults
from youthhub.goals.models import Area, Rating
from youthhub.groups.models import Group, Membership, MembershipStatus
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    Payment,
    PaymentMethod,
)
from youthhub.payments.rates import ensure_default_rate_card
from youthhub.reports.asked import default_period
from youthhub.reports.monitoring.period import Period
from youthhub.reports.monitoring.sections import SECTIONS

PEOPLE, ACTIVITIES, ATTENDANCES = 20_000, 8_000, 300_000
GROUPS, MEMBERSHIPS, CLAIMS, PAID, RATINGS = 30, 3_000, 50_000, 35_000, 100_000
RUNS = 5
DAYS = 730  # two years: the period and the one before


def _bulk(model, rows, size=20_000):
    for start in range(0, len(rows), size):
        db.session.execute(insert(model), rows[start : start + size])


def seed() -> None:
    rng, now = random.Random(13), utcnow()
    _bulk(
        User,
        [{"preferred_name": f"young{n}", "email": f"y{n}@bench.example"} for n in range(PEOPLE)],
    )
    people = list(db.session.scalars(select(User.id)))
    _bulk(Group, [{"name": f"Group {n}"} for n in range(GROUPS)])
    groups = list(db.session.scalars(select(Group.id)))
    kinds = list(ActivityKind)
    _bulk(
        Activity,
        [
            {
                "title": f"Session {n}",
                "kind": kinds[n % len(kinds)],
                "starts_at": (starts := now - timedelta(hours=rng.randrange(DAYS * 24))),
                "ends_at": starts + timedelta(hours=2),
                "online_link": "https://meet.example.org/x" if n % 4 == 0 else None,
                "group_id": groups[n % GROUPS] if n % 3 == 0 else None,
            }
            for n in range(ACTIVITIES)
        ],
    )
    activities = list(db.session.scalars(select(Activity.id)))
    pairs = set()
    while len(pairs) < ATTENDANCES:
        pairs.add((rng.choice(activities), rng.choice(people)))
    _bulk(Attendance, [{"activity_id": a, "person_id": p, "attended": True} for a, p in pairs])
    members = set()
    while len(members) < MEMBERSHIPS:
        members.add((rng.choice(groups), rng.choice(people)))
    _bulk(
        Membership,
        [
            {
                "group_id": g,
                "person_id": p,
                "status": MembershipStatus.MEMBER,
                "is_lead": n % 10 == 0,
            }
            for n, (g, p) in enumerate(members)
        ],
    )
    _bulk(
        AuditEntry,
        [
            {
                "at": now - timedelta(days=rng.randrange(DAYS)),
                "action": action,
                "subject_type": "Membership",
                "subject_id": membership_id,
                "details": {"is_lead": True},
            }
            for membership_id in db.session.scalars(select(Membership.id))
            for action in ("group.request_member", "group.lead_set")
        ],
    )
    ensure_default_rate_card()
    kind = db.session.scalars(select(ContributionKind.id)).first()
    today = london_today()
    _bulk(
        Contribution,
        [
            {
                "person_id": rng.choice(people),
                "kind_id": kind,
                "work_date": today - timedelta(days=rng.randrange(DAYS)),
                "minutes": 60,
                "hourly_pence": 1500,
                "amount_pence": 1500,
                "status": ClaimStatus.PAID if n < PAID else ClaimStatus.APPROVED,
                "wanted_pence": 1000 if n % 20 == 0 else None,
            }
            for n in range(CLAIMS)
        ],
    )
    methods = list(PaymentMethod)
    _bulk(
        Payment,
        [
            {
                "contribution_id": claim_id,
                "person_id": person_id,
                "method": methods[claim_id % len(methods)],
                "amount_pence": 1500,
                "paid_on": work_date + timedelta(days=7),
            }
            for claim_id, person_id, work_date in db.session.execute(
                select(Contribution.id, Contribution.person_id, Contribution.work_date).where(
                    Contribution.status == ClaimStatus.PAID
                )
            )
        ],
    )
    ensure_defaults()
    areas = list(db.session.scalars(select(Area.id)))
    _bulk(
        Rating,
        [
            {
                "owner_id": rng.choice(people),
                "area_id": rng.choice(areas),
                "score": rng.randrange(1, 11),
                "rated_at": now - timedelta(hours=rng.randrange(DAYS * 24)),
            }
            for _ in range(RATINGS)
        ],
    )
    db.session.commit()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite")
        app = create_app(
            {
                "SECRET_KEY": "b" * 40,
                "INSTANCE_PATH": tmp,
                "SQLALCHEMY_DATABASE_URI": url,
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            flask_migrate.upgrade()
            started = time.perf_counter()
            seed()
            print(f"seeded in {time.perf_counter() - started:.1f}s ({url.split(':')[0]})")
        with app.test_request_context():
            period = Period(*default_period())
            statements = []
            event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
            print(f"{'section':<12} {'median ms':>10} {'queries':>8}")
            for key, make in SECTIONS.items():
                times = []
                for _ in range(RUNS):
                    statements.clear()
                    started = time.perf_counter()
                    make(period, 10)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{key:<12} {statistics.median(times):>10.1f} {len(statements):>8}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
