"""Time the goals pages for a young person with many goals and ratings, their worker, and the
"distance travelled" report over many young people.

Run: .venv/bin/python bench/goals.py [GOALS] [PEOPLE]   (default 200 goals, 2000 people; SQLite)
Prints the median and 95th percentile server time per page, queries per page, and peak RSS.
"""

import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from pages import measure  # bench/pages.py, beside this file
from signin import sign_in
from sqlalchemy import insert

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_defaults
from youthhub.goals.models import (
    ContactRequest,
    Goal,
    GoalComment,
    GoalStep,
    Rating,
    Win,
    WinKind,
)
from youthhub.goals.queries import areas as all_areas

PASSWORD = "bench password"
RUNS = 50
RATINGS_PER_AREA = 300  # the young person's own history: 2,400 ratings across eight areas


def person(role, name, password_hash, **fields) -> User:
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


def seed(goals: int, people: int) -> dict:
    password_hash = hash_password(PASSWORD)
    ensure_defaults()
    areas = all_areas()
    worker = person(Role.YOUTH_WORKER, "worker", password_hash, invite_code="BENCH001")
    admin = person(Role.ADMIN, "admin", password_hash)
    young = person(
        Role.YOUNG_PERSON, "young", password_hash, key_worker=worker, date_of_birth=date(2006, 1, 1)
    )
    db.session.flush()
    now = utcnow()
    for number in range(goals):
        goal = Goal(
            owner_id=young.id,
            area=areas[number % len(areas)],
            title=f"Goal number {number} in my own words",
            notes="Why this matters to me.",
            steps=[
                GoalStep(text=f"Step {step}", position=step, done_at=now if step < 3 else None)
                for step in range(1, 6)
            ],
            shared_with_id=worker.id if number % 2 else None,
        )
        goal.comments.append(GoalComment(author_id=worker.id, body="Keep going!"))
        db.session.add(goal)
        db.session.add(Win(owner_id=young.id, kind=WinKind.STEP_DONE, label="Step 1"))
    db.session.execute(
        insert(Rating),
        [
            {
                "owner_id": young.id,
                "area_id": area.id,
                "score": (index % 10) + 1,
                "rated_at": now - timedelta(hours=index),
            }
            for area in areas
            for index in range(RATINGS_PER_AREA)
        ],
    )
    # Many other young people, each rating every area a few times over the year.
    others = [
        {
            "email": f"young{number}@bench.example",
            "preferred_name": f"young{number}",
            "password_hash": password_hash,
            "key_worker_id": worker.id if number % 10 == 0 else None,
            "session_version": 0,
            "created_at": now,
        }
        for number in range(people)
    ]
    db.session.execute(insert(User), others)
    other_ids = [
        user_id
        for (user_id,) in db.session.execute(
            db.select(User.id).where(User.email.like("young%@bench.example"))
        )
    ]
    db.session.execute(
        insert(Rating),
        [
            {
                "owner_id": owner_id,
                "area_id": area.id,
                "score": (owner_id + visit * 3) % 10 + 1,
                "rated_at": now - timedelta(days=30 * visit + 1),
            }
            for owner_id in other_ids
            for area in areas
            for visit in range(3)
        ],
    )
    for owner_id in other_ids[::10]:
        db.session.add(ContactRequest(young_person_id=owner_id, worker_id=worker.id))
    db.session.commit()
    shared_goal = db.session.scalar(db.select(Goal.id).where(Goal.shared_with_id == worker.id))
    return {
        "logins": {"young": young.email, "worker": worker.email, "admin": admin.email},
        "area": areas[5].id,
        "goal": shared_goal,
    }


def main() -> None:
    goals = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            started = time.perf_counter()
            data = seed(goals, people)
            seeded = time.perf_counter() - started
            engine = db.engine
        pages = {
            "young": [
                "/goals/",
                f"/goals/areas/{data['area']}",
                f"/goals/{data['goal']}",
                "/goals/wins",
                "/goals/help",
                "/goals/new",
            ],
            "worker": ["/manage/", "/manage/goals/shared", f"/manage/goals/shared/{data['goal']}"],
            "admin": ["/manage/monitoring/goals/distance-travelled.csv", "/manage/goals/areas"],
        }
        print(
            f"young person with {goals} goals (5 steps each), {RATINGS_PER_AREA * 8} ratings; "
            f"{people} other young people with {people * 24} ratings; seeded in {seeded:.1f}s"
        )
        print(f"{RUNS} requests per page (SQLite)")
        print(f"{'who':<8} {'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for who, urls in pages.items():
            client = app.test_client()
            sign_in(client, data["logins"][who])
            for url in urls:
                # No app context here: each request must push its own, as in production.
                times, queries = measure(client, engine, url, RUNS)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{who:<8} {url:<28} {statistics.median(times):>10.2f} {p95:>8.2f} {queries:>8}"
                )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
