"""Time the activity table in a programme's shape (month, activity, attended, who attended) for
two years of a big programme, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/activity_table.py [YOUNG_PEOPLE] [ATTENDANCES] [sqlite|postgresql]
(default 20,000 young people, 300,000 attendances over two years, SQLite in a temp dir;
`postgresql` starts a throwaway server with the machine's initdb/pg_ctl, as the tests do).
Prints the median and 95th percentile server time of the table's pages and of building the
table alone, and the queries each runs. Target: 500 ms.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

import flask_migrate
from pages import PASSWORD, measure  # bench/pages.py, beside this file
from signin import sign_in
from sqlalchemy import event, insert

from youthhub import create_app
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.reports import activity_table

RUNS = 10
ACTIVITIES_PER_DAY = 4
FIRST_DAY = date(2024, 1, 1)
DAYS = 731  # 2024 and 2025
BATCH = 20_000


def seed(young_people: int, attendances: int, first_day: date = FIRST_DAY) -> tuple[str, int]:
    """A youth worker (the returned email, with PASSWORD), `young_people` young people, four
    activities a day for DAYS days from `first_day`, and `attendances` at the ones already past
    (bench/scale.py starts the days before today, so the last weeks are still to come).
    Returns the worker's email and the number of activities."""
    rng = random.Random(12)
    now = datetime.now(UTC)
    password_hash = hash_password(PASSWORD)
    worker = User(
        email="worker@bench.example",
        preferred_name="worker",
        password_hash=password_hash,
        role_grants=[RoleGrant(role=Role.YOUTH_WORKER)],
    )
    db.session.add(worker)
    db.session.flush()
    rows = [
        {"email": f"young{n}@bench.example", "preferred_name": f"young{n}", "password_hash": "x"}
        for n in range(young_people)
    ]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(User), rows[start : start + BATCH])
    people = [
        user_id for (user_id,) in db.session.execute(db.select(User.id).where(User.id != worker.id))
    ]
    db.session.execute(
        insert(RoleGrant), [{"user_id": person, "role": Role.YOUNG_PERSON} for person in people]
    )
    activities = []
    for day in range(DAYS):
        for number in range(ACTIVITIES_PER_DAY):
            starts = datetime.combine(first_day + timedelta(days=day), datetime.min.time())
            starts = starts.replace(tzinfo=UTC) + timedelta(hours=10 + 2 * number)
            activities.append(
                {
                    "title": f"Session {day}-{number}",
                    "description": "",
                    "kind": rng.choice(list(ActivityKind)),
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "audience_csv": "open_to_all",
                    "online_link": "https://meet.example/x" if number == 3 else None,
                    "professionals_count": rng.randint(0, 3),
                    "guests_count": rng.randint(0, 2),
                    "unnamed_young_people": 120 if rng.random() < 0.01 else 0,
                    "booking_closes_hours": 0,
                    "is_paid_role": False,
                    "register_taken_at": starts if starts < now else None,
                    "created_at": starts,
                }
            )
    for start in range(0, len(activities), BATCH):
        db.session.execute(insert(Activity), activities[start : start + BATCH])
    activity_ids = list(
        db.session.scalars(
            db.select(Activity.id).where(Activity.starts_at < now).order_by(Activity.id)
        )
    )
    # Each young person comes to a run of sessions from their own first one: most a few, some
    # many, so both new members and movement members fill the table.
    pairs = set()
    while len(pairs) < attendances:
        person = rng.choice(people)
        first = rng.randrange(len(activity_ids))
        for step in range(rng.randint(1, 30)):
            index = first + step * rng.randint(1, 40)
            if index < len(activity_ids) and len(pairs) < attendances:
                pairs.add((activity_ids[index], person))
    rows = [
        {"activity_id": a, "person_id": p, "attended": True, "walk_in": False} for a, p in pairs
    ]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Attendance), rows[start : start + BATCH])
    db.session.commit()
    return worker.email, len(activities)


def time_build(app, engine) -> tuple[list[float], int, float]:
    """Times (ms) of building the two-year table, its queries, and the median CPU time (ms) of
    this process: on a busy machine, wall time also counts waiting for a core."""
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    times, cpu = [], []
    for run in range(RUNS):
        with app.app_context():
            if run == RUNS - 1:
                event.listen(engine, "before_cursor_execute", listener)
            started, started_cpu = time.perf_counter(), time.process_time()
            activity_table.build(FIRST_DAY, date(2025, 12, 31))
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    event.remove(engine, "before_cursor_execute", listener)
    return times, len(statements), statistics.median(cpu)


def run(database_uri: str, label: str, young_people: int, attendances: int, tmp: str) -> None:
    app = create_app(
        {
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": tmp,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        email, activities = seed(young_people, attendances)
        seconds = time.perf_counter() - started
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    print(
        f"{label}: {young_people} young people, {attendances} attendances, {activities} "
        f"activities over two years (seeded in {seconds:.0f} s), {RUNS} runs each"
    )
    print(f"{'what':<62} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    client = app.test_client()
    sign_in(client, email)
    *build, cpu = time_build(app, engine)
    figures = {"activity_table.build (2 years)": build}
    for url in (
        "/manage/reports/activities/summary?start=2024-01&end=2025-12",
        "/manage/reports/activities/summary.csv?start=2024-01&end=2025-12",
        "/manage/reports/activities/summary?start=2025-12&end=2025-12",
    ):
        figures[url] = measure(client, engine, url, runs=RUNS)
    for what, (times, queries) in figures.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{what:<62} {statistics.median(times):>10.1f} {p95:>8.1f} {queries:>8}")
    print(f"building the table: median CPU time of this process {cpu:.0f} ms", end="")
    print(f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    young_people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    attendances = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    database = sys.argv[3] if len(sys.argv) > 3 else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        if database == "sqlite":
            run(f"sqlite:///{tmp}/bench.sqlite", "SQLite", young_people, attendances, tmp)
            return
        sys.path.insert(0, str(PROJECT_ROOT))  # the tests' throwaway PostgreSQL server
        from tests.support.postgres import PostgresServer

        server = PostgresServer().start()
        try:
            uri = server.create_database("bench")
            run(uri, "PostgreSQL", young_people, attendances, tmp)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
