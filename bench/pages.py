"""Time the foundation's pages with a realistic number of people, and report memory.

Run: .venv/bin/python bench/pages.py [PEOPLE]   (default 2000 people, SQLite in a temp dir)
Prints the median and 95th percentile server time per page, queries per page, and peak RSS.
"""

import resource
import statistics
import sys
import tempfile
import time
from datetime import date

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from signin import sign_in
from sqlalchemy import event

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.core.time import utcnow
from youthhub.extensions import db

PAGES = {
    "young": ["/", "/profile"],
    "worker": ["/manage/", "/manage/my-young-people"],
    "admin": ["/manage/", "/manage/people", "/manage/invites"],
    "anonymous": ["/", "/login", "/signup", "/offline", "/sw.js", "/manifest.webmanifest"],
}
PASSWORD = "bench password"
RUNS = 100


def seed(people: int) -> dict[str, User]:
    password_hash = hash_password(PASSWORD)

    def person(role, name, **fields):
        user = User(
            email=f"{name}@bench.example",
            preferred_name=name,
            password_hash=password_hash,
            email_confirmed_at=utcnow(),
            role_grants=[RoleGrant(role=role)],
            **fields,
        )
        db.session.add(user)
        return user

    worker = person(Role.YOUTH_WORKER, "worker", invite_code="BENCH001")
    admin = person(Role.ADMIN, "admin")
    young = person(Role.YOUNG_PERSON, "young", key_worker=worker, date_of_birth=date(2006, 1, 1))
    for number in range(people):
        person(Role.YOUNG_PERSON, f"young{number}", key_worker=worker if number % 4 == 0 else None)
    db.session.commit()
    return {"young": young, "worker": worker, "admin": admin}


def measure(client, engine, url: str, runs: int = RUNS) -> tuple[list[float], int]:
    """Server times (ms) of `runs` GETs of `url`, and the SQL statements the last one ran."""
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    times = []
    for run in range(runs):
        if run == runs - 1:
            event.listen(engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        response = client.get(url)
        # A streamed answer (a CSV) is only made as it is read, as a server would read it.
        response.get_data()
        response.close()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    event.remove(engine, "before_cursor_execute", listener)
    return times, len(statements)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            users = seed(people)
            logins = {role: user.email for role, user in users.items()}
            engine = db.engine
        print(f"{people} people, {RUNS} requests per page (SQLite)")
        print(f"{'who':<10} {'page':<24} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for who, urls in PAGES.items():
            client = app.test_client()
            if who != "anonymous":
                sign_in(client, logins[who])
            for url in urls:
                # No app context here: each request must push its own, as in production.
                times, queries = measure(client, engine, url)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{who:<10} {url:<24} {statistics.median(times):>10.2f} {p95:>8.2f} "
                    f"{queries:>8}"
                )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
