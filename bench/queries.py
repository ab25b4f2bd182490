"""Time the queries issue 19 found growing with their tables, at a region's scale, on SQLite and
PostgreSQL.

Run: .venv/bin/python bench/queries.py [sqlite|postgresql]
Seeds as bench/monitoring.py (20,000 young people, 300,000 attendances over two years, 100,000
ratings, 50,000 claims, half of them paid), adds a coming activity with 40 booked and times, in
the app, the register's lines, "my activities" for a young person who came often, the claims queue
(approved), the finance queue, distance travelled for 2025 and the attendances the monitoring
reads. Prints the median wall and CPU milliseconds of this process (on PostgreSQL the server's
work is in the wall time only) and the load average: the machine is shared. On PostgreSQL it also
prints the 8 kB pages each read (shared buffers hit or read, from EXPLAIN (ANALYZE, BUFFERS) of
its statements) and the pages a sort spilled to disk: the work itself, whatever the load.
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
from monitoring import seed_more  # bench/monitoring.py, beside this file
from scale import often_there, register_activity
from sqlalchemy import event, select

from youthhub.accounts.models import Role, RoleGrant
from youthhub.activities import queries as activity_queries
from youthhub.activities.models import Activity
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.goals import report
from youthhub.payments import queries as payment_queries
from youthhub.payments.models import ClaimStatus
from youthhub.reports.monitoring import came

YOUNG_PEOPLE, ATTENDANCES, RUNS = 20_000, 300_000, 15


def coming_activity(rng) -> Activity:
    people = db.session.scalars(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON)
    ).all()
    activity = db.session.get(Activity, register_activity(rng, people))
    db.session.commit()
    return activity


def timed(work) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(RUNS):
        db.session.expire_all()
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        db.session.rollback()
    return statistics.median(walls), statistics.median(cpus)


def pages_read(work) -> tuple[int, int]:
    """(pages read, pages spilled to disk) by the statements `work` runs, on PostgreSQL."""
    run = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        run.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    read = spilled = 0
    connection = db.session.connection()
    for statement, parameters in run:
        explain = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement
        plan = connection.exec_driver_sql(explain, parameters).scalar_one()[0]["Plan"]
        read += plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
        spilled += plan["Temp Written Blocks"]
    db.session.rollback()
    return read, spilled


def run(database_uri: str, label: str, tmp: str) -> None:
    app = bench_app(tmp, database_uri)
    with app.app_context():
        flask_migrate.upgrade()
        seed(YOUNG_PEOPLE, ATTENDANCES)  # 2024 and 2025
        seed_more(random.Random(13))
        activity = coming_activity(random.Random(14))
        person = often_there()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        work = {
            "register (40 booked)": lambda: activity_queries.register_lines(activity),
            "my activities": lambda: activity_queries.my_activities(person),
            "claims queue (approved, 200)": lambda: payment_queries.claims_with_status(
                ClaimStatus.APPROVED
            ),
            "finance queue: recent payments": payment_queries.recent_payments,
            "finance queue (whole)": payment_queries.finance_queue,
            "distance travelled, 2025": lambda: report.distance_travelled(
                date(2025, 1, 1), date(2025, 12, 31), 5
            ),
            "monitoring: attendances read": came._attendances,
        }
        print(f"{label}: {YOUNG_PEOPLE} young people, {ATTENDANCES} attendances (bench/monitoring)")
        postgresql = db.engine.dialect.name == "postgresql"
        pages = f"{'pages':>8} {'spilled':>8}" if postgresql else ""
        print(f"{'what':<34} {'median ms':>10} {'CPU ms':>8} {pages}")
        for what, call in work.items():
            wall, cpu = timed(call)
            read = "{:>8} {:>8}".format(*pages_read(call)) if postgresql else ""
            print(f"{what:<34} {wall:>10.1f} {cpu:>8.1f} {read}")
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
