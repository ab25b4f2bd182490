"""Time the activity table (the screen views and both CSVs) for one year and for five years of a
big programme, on SQLite and PostgreSQL, and measure the CSV downloads' memory.

Run: .venv/bin/python bench/activity_table.py [YOUNG_PEOPLE] [A_YEAR] [sqlite|postgresql] [RUNS]
(default 20,000 young people and 150,000 attendances a year over five years, 2021-2025: ~7,300
activities and ~750,000 attendances; SQLite in a temp dir; `postgresql` starts a throwaway server
with the machine's initdb/pg_ctl, as the tests do).

Prints the median and 95th percentile server time of each page and of building the table alone,
the median CPU time spent on it by this process and the database server (the steadier figure on
a shared machine), the queries each runs, and for the CSVs the peak Python memory (tracemalloc)
while the download is made and read to its end, chunk by chunk, as a browser would. Targets
(issue 19): 12 months <= 300 ms, five years <= 1 s, the five-year CSV's memory no more than the
one-year's.
"""

import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from pages import PASSWORD  # bench/pages.py, beside this file
from signin import sign_in
from sqlalchemy import event, insert

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.activities import visits
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.reports import activity_table

# Read when run, not when another bench imports this file with arguments of its own.
RUNS = int(sys.argv[4]) if __name__ == "__main__" and len(sys.argv) > 4 else 7
ACTIVITIES_PER_DAY = 4
# The shared seeding's default (bench/monitoring.py, queries.py, scale.py...): 2024 and 2025.
FIRST_DAY = date(2024, 1, 1)
DAYS = 731
# This bench's own history: five years, 2021-2025.
YEARS = 5
FIVE_YEARS_FROM = date(2021, 1, 1)
LAST_DAY = date(2025, 12, 31)
BATCH = 20_000
ONE_YEAR = "start=2025-01-01&end=2025-12-31"
FIVE_YEARS = "start=2021-01-01&end=2025-12-31"
PAGES = {
    "table, 12 months": f"/manage/reports/activities?{ONE_YEAR}",
    "table, 5 years": f"/manage/reports/activities?{FIVE_YEARS}",
    "table, 12 months, one month's rows": f"/manage/reports/activities?{ONE_YEAR}&month=2025-06",
    "by month, 12 months": "/manage/reports/activities/summary?start=2025-01&end=2025-12",
    "by month, 5 years": "/manage/reports/activities/summary?start=2021-01&end=2025-12",
}
DOWNLOADS = {
    "table CSV, 12 months": f"/manage/reports/activities.csv?{ONE_YEAR}",
    "table CSV, 5 years": f"/manage/reports/activities.csv?{FIVE_YEARS}",
    "by month CSV, 12 months": "/manage/reports/activities/summary.csv?start=2025-01&end=2025-12",
    "by month CSV, 5 years": "/manage/reports/activities/summary.csv?start=2021-01&end=2025-12",
}


def seed(
    young_people: int, attendances: int, first_day: date = FIRST_DAY, days: int = DAYS
) -> tuple[str, int]:
    """A youth worker (the returned email, with PASSWORD), `young_people` young people, four
    activities a day for `days` days from `first_day`, and `attendances` at the ones already past
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
    for day in range(days):
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
    # Loaded in bulk, past the register: the visits kept beside it (and each attendance's place
    # in its young person's history, which the table's stages need) are worked out once here.
    visits.recount_everyone()
    db.session.commit()
    return worker.email, len(activities)


def no_server() -> float:
    return 0.0


def server_cpu(data: Path) -> float:
    """The CPU seconds a local PostgreSQL server's processes (the one whose data directory is
    `data`, and its backends) have used so far: the queries' own work, which this process's
    CPU time leaves out. Counted in clock ticks (10 ms)."""
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" ", 1)
        except OSError:  # ended meanwhile
            continue
        fields = rest.rsplit(")", 1)[1].split()  # state, ppid, ..., utime, stime
        if postmaster in (int(pid), int(fields[1])):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def counted(engine, work, server=no_server) -> tuple[float, float, int]:
    """The time (ms) `work` takes, the CPU time (ms) spent on it by this process and the
    database server (SQLite works in this process; on a shared machine CPU time is the steadier
    figure), and the SQL statements it runs."""
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        server_before = server()
        started, cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        return wall * 1000, (cpu + server() - server_before) * 1000, len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def download(client, url: str) -> int:
    """Fetch `url` and read its body to the end chunk by chunk; its size in bytes."""
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return size


def peak_memory(client, url: str) -> tuple[float, int]:
    """The peak Python memory (MiB) above the start while `url` is made and read, and its size."""
    gc.collect()
    tracemalloc.start()
    try:
        size = download(client, url)
        return tracemalloc.get_traced_memory()[1] / 2**20, size
    finally:
        tracemalloc.stop()


def run(
    database_uri: str, label: str, young_people: int, attendances: int, tmp: str, server=no_server
) -> None:
    app = bench_app(tmp, database_uri, csrf=False, limits=False)
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        email, activities = seed(
            young_people, attendances, FIVE_YEARS_FROM, (LAST_DAY - FIVE_YEARS_FROM).days + 1
        )
        seconds = time.perf_counter() - started
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    print(
        f"{label}: {young_people} young people, {attendances} attendances, {activities} "
        f"activities over {YEARS} years (seeded in {seconds:.0f} s), {RUNS} runs each"
    )
    client = app.test_client()
    sign_in(client, email)
    builds = {
        "activity_table.build, 12 months": (date(2025, 1, 1), LAST_DAY),
        "activity_table.build, 5 years": (FIVE_YEARS_FROM, LAST_DAY),
    }
    figures: dict[str, list] = {name: [] for name in [*builds, *PAGES, *DOWNLOADS]}

    def in_context(period):
        def work():
            with app.app_context():
                activity_table.build(*period)

        return work

    for _ in range(RUNS):  # interleaved, so the machine's load falls on all alike
        for name, period in builds.items():
            figures[name].append(counted(engine, in_context(period), server))
        for name, url in PAGES.items():
            figures[name].append(counted(engine, lambda url=url: download(client, url), server))
        for name, url in DOWNLOADS.items():
            figures[name].append(counted(engine, lambda url=url: download(client, url), server))
    memory = {name: peak_memory(client, url) for name, url in DOWNLOADS.items()}
    print(
        f"{'what':<40} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}"
        f" {'peak MiB':>9} {'KB':>7}"
    )
    for name, runs in figures.items():
        times = [ms for ms, _, _ in runs]
        p95 = statistics.quantiles(times, n=20)[-1]
        cpu = statistics.median(cpu for _, cpu, _ in runs)
        line = f"{name:<40} {statistics.median(times):>10.1f} {p95:>8.1f} {cpu:>8.1f}"
        line += f" {runs[-1][2]:>8}"
        if name in memory:
            line += f" {memory[name][0]:>9.1f} {memory[name][1] / 1000:>7.0f}"
        print(line)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    young_people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    attendances = (int(sys.argv[2]) if len(sys.argv) > 2 else 150_000) * YEARS
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
            cpu = partial(server_cpu, server.data)
            run(uri, "PostgreSQL", young_people, attendances, tmp, cpu)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
