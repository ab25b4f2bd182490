"""Time the pages issue 19 found spending their time in Jinja and Babel, one request at a time.

Run: .venv/bin/python bench/rendering.py [RUNS] [--calls] [WHO ...]   (default 30 requests a
page; SQLite in a temp dir; WHO: only these people's pages, e.g. `finance`)
Seeds 1,000 activities (half to come, 20 booked on each: bench/activities.py), 10,000 claims
(2,500 approved and waiting, 2,500 waiting for approval) and a young person with goals and a
year of ratings, then asks each page RUNS times after a few warm-up requests and prints the
median wall and CPU milliseconds of this process, the queries the last request ran, its size and
the load average (the machine is shared: CPU time is the steadier figure). `--calls` also prints
the Python function calls one request makes (cProfile): a count no other work on the machine
changes, to compare two versions of the code on a busy machine.

To compare with another checkout, run this file with that checkout first on the path, e.g.
`PYTHONPATH=/tmp/main .venv/bin/python bench/rendering.py`: the pages and seed are the same.
"""

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import timedelta

import flask_migrate
from activities import seed as seed_activities  # bench/activities.py, beside this file
from benchapp import bench_app  # bench/benchapp.py, beside this file
from signin import sign_in
from sqlalchemy import event, insert, select

import youthhub
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_defaults
from youthhub.goals.models import Goal, Rating
from youthhub.goals.queries import areas as all_areas
from youthhub.payments.models import ClaimStatus, Contribution, ContributionKind, PaymentChoice
from youthhub.payments.rates import ensure_default_rate_card

CLAIMS_EACH = 10
STAGES = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.REJECTED]
CHOICES = [PaymentChoice.STRIPE, PaymentChoice.BANK_TRANSFER, PaymentChoice.CASH, None]


def seed_money(young: list[int], worker_id: int) -> None:
    ensure_default_rate_card()
    kinds = [kind.id for kind in db.session.query(ContributionKind)]
    today, now = london_today(), utcnow()
    rows = []
    for n, person_id in enumerate(young):
        for c in range(CLAIMS_EACH):
            status = STAGES[(n + c) % len(STAGES)]
            approved = status in (ClaimStatus.APPROVED, ClaimStatus.PAID)
            pence = 1500 + 375 * (c % 8)
            rows.append(
                {
                    "person_id": person_id,
                    "kind_id": kinds[c % len(kinds)],
                    "work_date": today - timedelta(days=c * 7 % 700),
                    "minutes": 60 + 15 * (c % 8),
                    "description": "Panel",
                    "hourly_pence": 1500,
                    "minimum_pence": 0,
                    "amount_pence": pence,
                    "status": status,
                    "status_changed_at": now - timedelta(minutes=n * CLAIMS_EACH + c),
                    "payment_choice": CHOICES[(n + c) % len(CHOICES)],
                    "submitted_by_id": person_id,
                    "submitted_at": now,
                    "approved_by_id": worker_id if approved else None,
                    "approved_at": now if approved else None,
                    "approved_pence": pence if approved else None,
                    "failed_attempts": 0,
                }
            )
    db.session.execute(insert(Contribution), rows)


def seed_goals(person_id: int) -> int:
    ensure_defaults()
    areas = all_areas()
    now = utcnow()
    for number in range(40):
        db.session.add(
            Goal(owner_id=person_id, area=areas[number % len(areas)], title=f"Goal {number}")
        )
    db.session.execute(
        insert(Rating),
        [
            {
                "owner_id": person_id,
                "area_id": area.id,
                "score": index % 10 + 1,
                "rated_at": now - timedelta(days=index),
            }
            for area in areas
            for index in range(50)
        ],
    )
    return areas[0].id


def seed() -> tuple[dict, dict[str, list[str]]]:
    seeded = seed_activities(1000)
    young = list(
        db.session.scalars(select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON))
    )
    finance = User(
        email="finance@bench.example",
        preferred_name="finance",
        password_hash="!",  # noqa: S106 - signs in the quick way (bench/signin.py)
        email_confirmed_at=utcnow(),
        role_grants=[RoleGrant(role=Role.FINANCE)],
    )
    db.session.add(finance)
    seed_money(young, seeded["worker"].id)
    area = seed_goals(seeded["young"].id)
    db.session.commit()
    logins = {
        "young": seeded["young"].email,
        "worker": seeded["worker"].email,
        "finance": finance.email,
    }
    pages = {
        "young": ["/", "/whats-on", "/goals/", f"/goals/areas/{area}", "/money"],
        "worker": [
            f"/activities/{seeded['register']}/register",
            "/manage/claims",
            "/manage/claims?status=approved",
        ],
        "finance": ["/manage/finance"],
    }
    return logins, pages


def measure(client, engine, url: str, runs: int) -> tuple[float, float, int, int]:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    walls, cpus = [], []
    for run in range(runs):
        if run == runs - 1:
            event.listen(engine, "before_cursor_execute", listener)
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    event.remove(engine, "before_cursor_execute", listener)
    return statistics.median(walls), statistics.median(cpus), len(statements), len(response.data)


def calls(client, url: str) -> int:
    profile = cProfile.Profile()
    profile.runcall(client.get, url)
    return pstats.Stats(profile).total_calls


def main() -> None:
    numbers = [argument for argument in sys.argv[1:] if argument.isdigit()]
    runs = int(numbers[0]) if numbers else 30
    count_calls = "--calls" in sys.argv
    only = [word for word in sys.argv[1:] if not word.isdigit() and not word.startswith("--")]
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            logins, pages = seed()
            engine = db.engine
        print(f"code: {os.path.dirname(youthhub.__file__)}; {runs} requests a page (SQLite)")
        print(f"load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        heading = (
            f"{'who':<8} {'page':<34} {'median ms':>10} {'CPU ms':>8} {'queries':>8} {'KB':>6}"
        )
        print(heading + (f" {'calls':>8}" if count_calls else ""))
        for who, urls in pages.items():
            if only and who not in only:
                continue
            client = app.test_client()
            sign_in(client, logins[who])
            for url in urls:
                wall, cpu, queries, size = measure(client, engine, url, runs)
                line = (
                    f"{who:<8} {url:<34} {wall:>10.1f} {cpu:>8.1f} {queries:>8} {size / 1024:>6.0f}"
                )
                print(line + (f" {calls(client, url):>8}" if count_calls else ""))
        print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
