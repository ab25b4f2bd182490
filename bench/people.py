"""Time merging two records of one young person, and finding people before adding someone.

Run: .venv/bin/python bench/people.py [YOUNG_PEOPLE] [HISTORY]
(default 20000 young people; the two records each came to HISTORY activities, default 500,
half of them the same ones). SQLite in a temp dir, or DATABASE_URL for PostgreSQL.
Each merge runs in a transaction that is rolled back, so every run merges the same records.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from sqlalchemy import insert, select

from youthhub.accounts import people
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.queries import similar_young_people
from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.rights import merging

RUNS = int(os.environ.get("RUNS", "10"))


def seed(young_people: int, history: int) -> tuple[int, int, int]:
    now = utcnow()
    db.session.execute(
        insert(User),
        [{"preferred_name": f"young{n}", "created_at": now} for n in range(young_people)],
    )
    ids = list(db.session.scalars(select(User.id)))
    db.session.execute(insert(RoleGrant), [{"user_id": i, "role": Role.YOUNG_PERSON} for i in ids])
    worker = User(preferred_name="worker", role_grants=[RoleGrant(role=Role.YOUTH_WORKER)])
    real = User(
        preferred_name="Remi Okafor",
        email="remi@bench.example",
        password_hash="!bench",  # noqa: S106 - not a hash: nobody logs in here
        role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
    )
    db.session.add_all([worker, real])
    db.session.flush()
    remi = people.add_young_person(preferred_name="Remi", actor=worker, someone_new=True)
    starts = [now - timedelta(days=n + 1) for n in range(history * 3 // 2)]
    db.session.execute(
        insert(Activity),
        [
            {
                "title": f"A{n}",
                "kind": ActivityKind.MEAL,
                "starts_at": s,
                "ends_at": s,
                "audience_csv": "",
                "created_at": now,
            }
            for n, s in enumerate(starts)
        ],
    )
    activity_ids = list(db.session.scalars(select(Activity.id).order_by(Activity.id)))
    mine, theirs = activity_ids[:history], activity_ids[history // 2 : history // 2 + history]
    for person, chosen in ((remi, mine), (real, theirs)):
        rows = [{"activity_id": a, "person_id": person.id} for a in chosen]
        db.session.execute(
            insert(Attendance), [{**r, "attended": True, "recorded_at": now} for r in rows]
        )
        db.session.execute(
            insert(Booking),
            [
                {**r, "status": BookingStatus.BOOKED, "queued_at": now, "changed_at": now}
                for r in rows
            ],
        )
    db.session.commit()
    return remi.id, real.id, worker.id


def main() -> None:
    young_people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    history = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        app = bench_app(tmp, url)
        with app.app_context(), app.test_request_context():
            flask_migrate.upgrade()
            remi_id, real_id, worker_id = seed(young_people, history)
            merges, searches = [], []
            for _ in range(RUNS):
                remi, real = db.session.get(User, remi_id), db.session.get(User, real_id)
                worker = db.session.get(User, worker_id)
                started = time.perf_counter()
                merging.merge_people(remi, into=real, actor=worker)
                db.session.flush()
                merges.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
                started = time.perf_counter()
                similar_young_people("Remi Okafor")
                searches.append((time.perf_counter() - started) * 1000)
            kept = db.session.scalar(select(db.func.count()).select_from(Attendance))
        print(
            f"{young_people} young people; two records with {history} attendances and bookings "
            f"each, {history // 2} at the same activities; {RUNS} runs ({url.split(':')[0]})"
        )
        print(f"merge: median {statistics.median(merges):.0f} ms, max {max(merges):.0f} ms")
        print(f"search before adding: median {statistics.median(searches):.1f} ms")
        print(f"attendances after the runs (rolled back): {kept}")


if __name__ == "__main__":
    main()
