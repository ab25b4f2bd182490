"""Time the monitoring's equality section for a year of a big programme, on SQLite and
PostgreSQL: the activity table's bench data (two years, 20,000 young people, 300,000
attendances) with two in three young people having answered the "About you" questions.

Run: .venv/bin/python bench/equality.py [YOUNG_PEOPLE] [ATTENDANCES] [sqlite|postgresql]
Prints the median and 95th percentile of building the section alone, of its CSV and of the
whole monitoring page (every section), and the queries each runs.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

import flask_migrate
from activity_table import seed  # bench/activity_table.py, beside this file
from benchapp import bench_app  # bench/benchapp.py, beside this file
from pages import measure
from signin import sign_in
from sqlalchemy import event, insert, select

from youthhub.accounts.equality import EqualityAnswers
from youthhub.accounts.equality_questions import QUESTIONS
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.reports.monitoring import equality
from youthhub.reports.monitoring.period import Period

RUNS = 10
PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
QUERY = f"start={PERIOD.start}&end={PERIOD.end}"


def answer_questions(share: float = 2 / 3) -> None:
    """`share` of the young people answer the "About you" questions (each skipped now and
    then), at random but the same each time."""
    rng = random.Random(13)
    people = db.session.scalars(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON)
    ).all()
    rows = [
        {
            "person_id": person,
            **{
                question.key: rng.choice([None, *(code for code, _ in question.all_options)])
                for question in QUESTIONS
            },
        }
        for person in people
        if rng.random() < share
    ]
    db.session.execute(insert(EqualityAnswers), rows)


def answer(share: float = 2 / 3) -> None:
    answer_questions(share)
    admin = User(
        email="admin@bench.example",
        preferred_name="admin",
        password_hash="x",  # noqa: S106 - never used: the bench signs in the quick way
        role_grants=[RoleGrant(role=Role.ADMIN)],
    )
    db.session.add(admin)
    db.session.commit()


def time_section(app, engine) -> tuple[list[float], int, float]:
    """Times (ms) of building the section, its queries, and the median CPU time (ms) of this
    process: on a busy machine, wall time also counts waiting for a core."""
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    times, cpu = [], []
    for run in range(RUNS):
        with app.test_request_context():
            if run == RUNS - 1:
                event.listen(engine, "before_cursor_execute", listener)
            started, started_cpu = time.perf_counter(), time.process_time()
            equality.section(PERIOD, 10)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    event.remove(engine, "before_cursor_execute", listener)
    return times, len(statements), statistics.median(cpu)


def run(database_uri: str, label: str, young_people: int, attendances: int, tmp: str) -> None:
    app = bench_app(tmp, database_uri, csrf=False, limits=False)
    with app.app_context():
        flask_migrate.upgrade()
        seed(young_people, attendances)
        answer()
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    print(f"{label}: {young_people} young people, {attendances} attendances, {RUNS} runs each")
    print(f"{'what':<66} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    client = app.test_client()
    sign_in(client, "admin@bench.example")
    *section, cpu = time_section(app, engine)
    figures = {"equality.section (a year, and the year before)": section}
    for url in (
        f"/manage/monitoring/equality/equality-ethnicity.csv?{QUERY}",
        f"/manage/monitoring?{QUERY}",
    ):
        figures[url] = measure(client, engine, url, runs=RUNS)
    for what, (times, queries) in figures.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{what:<66} {statistics.median(times):>10.1f} {p95:>8.1f} {queries:>8}")
    print(f"building the section: median CPU time of this process {cpu:.0f} ms", end="")
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
