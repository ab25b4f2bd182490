"""Time the monitoring's support given and endings sections for twelve months, at 20,000 young
people (each with a planned ending), 50,000 support given and 5,000 certificates.

Run: .venv/bin/python bench/monitoring_support.py [PEOPLE] [SUPPORT]   (SQLite)
Prints the median and 95th percentile time per section, its median CPU time and its queries.
"""

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from sqlalchemy import event, insert, select

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.core.time import london_today, utcnow
from youthhub.endings.models import Certificate, Ending
from youthhub.extensions import db
from youthhub.reports.monitoring import endings, support
from youthhub.reports.monitoring.period import Period
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.models import SupportGiven

RUNS = 20


def seed(people: int, given: int) -> None:
    now, today = utcnow(), london_today()
    db.session.execute(
        insert(User),
        [
            {"preferred_name": f"P{n}", "created_at": now, "session_version": 1}
            for n in range(people)
        ],
    )
    ids = list(db.session.scalars(select(User.id)))
    db.session.execute(insert(RoleGrant), [{"user_id": i, "role": Role.YOUNG_PERSON} for i in ids])
    db.session.execute(
        insert(Ending),
        [
            {
                "person_id": i,
                "planned_on": today - timedelta(days=(i * 7) % 700),
                "plan_updated_at": now - timedelta(days=(i * 11) % 500) if i % 3 else None,
                "graduated_on": today - timedelta(days=(i * 13) % 400) if i % 4 == 0 else None,
                "holder_uuid": f"uuid-{i}",
                "created_at": now,
            }
            for i in ids
        ],
    )
    db.session.execute(
        insert(Certificate),
        [
            {
                "person_id": ids[n],
                "code": f"CODE{n:08d}",
                "printed_name": "P",
                "programme_name": "Bench",
                "language": "en",
                "awarded_on": today,
                "highlights": [],
                "signer_name": "S",
                "signer_role": "worker",
                "issued_at": now - timedelta(days=(n * 3) % 700),
                "revoked_at": now - timedelta(days=n % 300) if n % 10 == 0 else None,
            }
            for n in range(min(5000, people))
        ],
    )
    kinds = [kind.id for kind in ensure_default_kinds()]
    db.session.execute(
        insert(SupportGiven),
        [
            {
                "person_id": ids[(n * 7919) % len(ids)],
                "kind_id": kinds[n % len(kinds)],
                "given_on": today - timedelta(days=n % 730),
                "logged_at": now,
            }
            for n in range(given)
        ],
    )
    db.session.commit()


def timed(make, period) -> tuple[float, float, float, int]:
    statements = []

    def remember(*_args):
        statements.append(1)

    times, cpu = [], []
    for _ in range(RUNS):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", remember)
        started, started_cpu = time.perf_counter(), time.process_time()
        make(period, 10)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        event.remove(db.engine, "before_cursor_execute", remember)
    quantile = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), quantile, statistics.median(cpu), len(statements)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    given = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            flask_migrate.upgrade()
            seed(people, given)
        today = london_today()
        period = Period(date(today.year - 1, today.month, 1), today)
        print(f"{people} young people, {given} support given, 5000 certificates; 12 months")
        # CPU time too: SQLite runs in this process, so it is the time a quiet machine would take.
        print(f"{'section':<10} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}")
        for name, make in (("support", support.section), ("endings", endings.section)):
            with app.test_request_context():
                median, p95, cpu, queries = timed(make, period)
            print(f"{name:<10} {median:>10.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
