"""Time the activity pages with many activities, bookings and attendances.

Run: .venv/bin/python bench/activities.py [ACTIVITIES]   (default 1000 activities, SQLite)
Prints the median and 95th percentile server time per page and the queries each page runs.
"""

import random
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from pages import PASSWORD, RUNS, measure  # bench/pages.py, beside this file
from signin import sign_in

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus

YOUNG_PEOPLE = 1000
BOOKINGS_PER_ACTIVITY = 20


def seed(activities: int) -> dict:
    rng = random.Random(7)
    password_hash = hash_password(PASSWORD)

    def person(role, name):
        user = User(
            email=f"{name}@bench.example",
            preferred_name=name,
            password_hash=password_hash,
            email_confirmed_at=utcnow(),
            role_grants=[RoleGrant(role=role)],
        )
        db.session.add(user)
        return user

    worker = person(Role.YOUTH_WORKER, "worker")
    young = [person(Role.YOUNG_PERSON, f"young{n}") for n in range(YOUNG_PEOPLE)]
    group = Group(name="Vibes in the Kitchen", meets="Thursdays")
    db.session.add(group)
    db.session.flush()
    for member in young[:200]:
        db.session.add(
            Membership(group_id=group.id, person_id=member.id, status=MembershipStatus.MEMBER)
        )
    now = utcnow()
    today = datetime.now(LONDON).replace(hour=23, minute=0, second=0, microsecond=0)
    register = None
    for number in range(activities):
        # Half in the past year, half in the coming months; one happening tonight.
        starts = now + timedelta(days=rng.randint(-365, 180), hours=rng.randint(0, 23))
        if number == 0:
            starts = today.astimezone(UTC)
        activity = Activity(
            title=f"Activity {number}",
            kind=rng.choice(list(ActivityKind)),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=rng.choice([None, 10, 15, 30]),
            audience_csv=rng.choice(["open_to_all", "movement_members", "new_members,online"]),
            group_id=group.id if number % 5 == 0 else None,
            professionals_count=rng.randint(0, 4),
        )
        db.session.add(activity)
        db.session.flush()
        register = register or activity
        for member in rng.sample(young, BOOKINGS_PER_ACTIVITY):
            db.session.add(
                Booking(activity_id=activity.id, person_id=member.id, status=BookingStatus.BOOKED)
            )
            if starts < now:
                db.session.add(
                    Attendance(
                        activity_id=activity.id, person_id=member.id, attended=rng.random() < 0.8
                    )
                )
    db.session.commit()
    return {"young": young[0], "worker": worker, "register": register.id, "group": group.id}


def main() -> None:
    activities = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            seeded = seed(activities)
            logins = {"young": seeded["young"].email, "worker": seeded["worker"].email}
            engine = db.engine
        today = datetime.now(LONDON).date()
        year_ago = today.replace(year=today.year - 1)
        pages = {
            "young": ["/whats-on", "/my-activities", "/groups/", f"/groups/{seeded['group']}"],
            "worker": [
                "/manage/activities/",
                f"/activities/{seeded['register']}/register",
                f"/activities/{seeded['register']}/register?q=young1",
                f"/manage/reports/activities?start={year_ago}&end={today}",
                f"/manage/reports/activities.csv?start={year_ago}&end={today}",
            ],
        }
        print(
            f"{activities} activities, {YOUNG_PEOPLE} young people, "
            f"{activities * BOOKINGS_PER_ACTIVITY} bookings, {RUNS} requests per page (SQLite)"
        )
        print(f"{'who':<7} {'page':<58} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for who, urls in pages.items():
            client = app.test_client()
            sign_in(client, logins[who])
            for url in urls:
                times, queries = measure(client, engine, url)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{who:<7} {url:<58} {statistics.median(times):>10.2f} {p95:>8.2f} {queries:>8}"
                )


if __name__ == "__main__":
    main()
