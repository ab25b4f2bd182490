"""Time saving a paid role's register at the door, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/register.py [PEOPLE] [sqlite|postgresql ...]
(default: a 60-person register, both databases; PostgreSQL is a throwaway server started with
the machine's initdb/pg_ctl, as the tests do). Each save is one POST of the register page,
timed in the server with its commit, on a fresh paid-role activity of PEOPLE young people: four
in five booked (most came, some didn't) and one in five walk-ins already marked as here (their
claims were made when they were added, so saving leaves them as they are); a third of them
like to be paid through Stripe. Among 2,000 young people, 100 earlier paid roles and their claims.
It prints the median and 95th percentile of the first save (every claim made), a correcting save
(a tenth who came marked as not there: their claims cancelled) and saving again unchanged, and
the queries each ran. Target: a 60-person save within 300 ms.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import event, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.support.postgres

from benchapp import bench_app  # bench/benchapp.py, beside this file
from signin import sign_in

from tests.support.postgres import PostgresServer
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.payments.models import Contribution, ContributionKind, PaymentChoice, PaymentProfile
from youthhub.payments.rates import ensure_default_rate_card

PASSWORD = "kettle moon orange bus"  # passes the password rule, so no change is asked first
YOUNG_PEOPLE = 2000
EARLIER_ROLES = 100
RUNS = 20


def seed(size: int) -> dict:
    rng = random.Random(12)
    ensure_default_rate_card()
    hashed = hash_password(PASSWORD)
    worker = User(
        email="worker@bench.example",
        preferred_name="worker",
        password_hash=hashed,
        email_confirmed_at=utcnow(),
        role_grants=[RoleGrant(role=Role.YOUTH_WORKER)],
    )
    db.session.add(worker)
    db.session.flush()
    people = [
        {"email": f"young{n}@bench.example", "preferred_name": f"Young {n}", "password_hash": ""}
        for n in range(YOUNG_PEOPLE)
    ]
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), people)
    )
    db.session.execute(insert(RoleGrant), [{"user_id": i, "role": Role.YOUNG_PERSON} for i in ids])
    db.session.execute(
        insert(PaymentProfile),
        [{"user_id": i, "default_choice": PaymentChoice.STRIPE} for i in ids[::3]],
    )
    noon = datetime.now(LONDON).replace(hour=12, minute=0, second=0, microsecond=0)
    rooms = []
    for number in range(EARLIER_ROLES + RUNS):
        earlier = number < EARLIER_ROLES
        starts = (noon - timedelta(days=number + 1) if earlier else noon).astimezone(UTC)
        activity = Activity(
            title=f"Corporate parenting panel {number}",
            kind=ActivityKind.PANEL,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            is_paid_role=True,
            contribution_kind="Youth panel member",
        )
        db.session.add(activity)
        db.session.flush()
        room = rng.sample(ids, size)
        booked, walk_ins = room[: size * 4 // 5], room[size * 4 // 5 :]
        db.session.execute(
            insert(Booking),
            [
                {"activity_id": activity.id, "person_id": p, "status": BookingStatus.BOOKED}
                for p in booked
            ],
        )
        db.session.execute(
            insert(Attendance),
            [
                {"activity_id": activity.id, "person_id": p, "attended": True, "walk_in": True}
                for p in walk_ins
            ],
        )
        if earlier:
            _earlier_claims(activity, room)
        else:
            absent = set(booked[: len(booked) // 6])
            rooms.append((activity.id, {p: p not in absent for p in room}))
    db.session.commit()
    return {"worker": worker.email, "rooms": rooms}


def _earlier_claims(activity, room) -> None:
    day = activity.starts_at.astimezone(LONDON).date()
    kind_id = db.session.scalar(select(func.min(ContributionKind.id)))
    db.session.execute(
        insert(Contribution),
        [
            {
                "person_id": p,
                "kind_id": kind_id,
                "work_date": day,
                "minutes": 120,
                "description": activity.title,
                "activity_id": activity.id,
                "hourly_pence": 1500,
                "minimum_pence": 1500,
                "amount_pence": 3000,
                "status": "approved",
                "submitted_by_id": p,
                "failed_attempts": 0,
            }
            for p in room
        ],
    )


def timed_post(client, engine, url, form) -> tuple[float, int]:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    response = client.post(url, data=form)
    elapsed = (time.perf_counter() - started) * 1000
    event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "/login" not in response.headers["Location"], "the save was refused: not signed in"
    return elapsed, len(statements)


def timed_get(client, url) -> float:
    """The app's least work, to show what a request costs on this machine right now."""
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    return (time.perf_counter() - started) * 1000


def form_for(marks) -> dict:
    form = {f"came-{p}": "yes" if came else "no" for p, came in marks.items()}
    return {**form, "professionals": "3", "guests": "2"}


def bench(database: str, url: str, size: int) -> None:
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        app = bench_app(tmp, url, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            seeded = seed(size)
            engine = db.engine
        client = app.test_client()
        sign_in(client, seeded["worker"])
        results = {"first save": [], "correcting save": [], "same again": []}
        for activity_id, marks in seeded["rooms"]:
            page = f"/activities/{activity_id}/register"
            came = [p for p, c in marks.items() if c]
            corrected = marks | dict.fromkeys(came[: max(1, len(came) // 10)], False)
            results["first save"].append(timed_post(client, engine, page, form_for(marks)))
            results["correcting save"].append(timed_post(client, engine, page, form_for(corrected)))
            results["same again"].append(timed_post(client, engine, page, form_for(corrected)))
        with app.app_context():
            made = db.session.scalar(
                select(func.count(Contribution.id)).where(
                    Contribution.activity_id.in_([room[0] for room in seeded["rooms"]])
                )
            )
        baseline = [timed_get(client, "/healthz") for _ in range(RUNS)]
        print(f"{database:<11} {'GET /healthz':<16} {statistics.median(baseline):>10.1f}")
        for name, runs in results.items():
            times = [ms for ms, _ in runs]
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"{database:<11} {name:<16} {statistics.median(times):>10.1f} {p95:>8.1f} "
                f"{runs[-1][1]:>8}"
            )
        print(f"{database:<11} claims made by the {RUNS} registers: {made}")


def main() -> None:
    args = sys.argv[1:]
    size = int(args.pop(0)) if args and args[0].isdigit() else 60
    databases = args or ["sqlite", "postgresql"]
    print(
        f"a {size}-person paid role's register, {RUNS} registers, among {YOUNG_PEOPLE} young "
        f"people and {EARLIER_ROLES} earlier paid roles with their claims"
    )
    print(f"{'database':<11} {'save':<16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for database in databases:
        if database == "sqlite":
            bench("SQLite", "", size)
            continue
        server = PostgresServer().start()
        try:
            bench("PostgreSQL", server.create_database("bench"), size)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
