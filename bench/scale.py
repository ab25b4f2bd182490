"""Seed YouthHub at a whole region's scale (issue 19), for measuring pages under load.

Run: .venv/bin/python bench/scale.py [DATABASE]
DATABASE is a SQLite file (made if missing), a postgresql:// URL (an empty database),
`sqlite` (a file in a temp dir, the default) or `postgresql` (a throwaway server, as the tests
start); the last two time the seeding and go. The database is brought to the latest migration
(`flask db upgrade`), then filled by bulk inserts into the real tables, in about a minute:

- 20,000 young people, four activities a day for two years (2,924), the last three months of
  them still to come (bench/activity_table.py's seeding, started two years before today less
  three months);
- 138,000 attendances at past sessions, each with its booking, and 5-15 bookings at each coming
  session: ~280,000 bookings and attendances;
- 100,000 ratings and 50,000 claims, half of them paid, and two in three young people's
  answers to the "About you" questions (bench/monitoring.py's seeding);
- a session today with 40 booked (the register: it opens on the day of the session), and one
  account for each role with pages.PASSWORD: a young person who came often, a youth worker,
  and finance and an admin, whose second factor is an authenticator app with TOTP_SECRET
  (bench/load.py signs them in through the real login form).

The app that serves the data must use SECRET_KEY (the authenticator secret is encrypted with a
key derived from it).
"""

import argparse
import random
import sys
import tempfile
import time as clock
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import flask_migrate
from activity_table import DAYS, seed  # bench/activity_table.py, beside this file
from monitoring import seed_more  # bench/monitoring.py, beside this file
from pages import PASSWORD
from sqlalchemy import func, insert, literal, select, update

from youthhub import create_app
from youthhub.accounts import mfa
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.models_mfa import AuthenticatorApp
from youthhub.accounts.passwords import hash_password
from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.config import PROJECT_ROOT
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.goals.models import Area, Rating
from youthhub.payments.models import Contribution

YOUNG_PEOPLE, ATTENDANCES = 20_000, 138_000
COMING_DAYS = 91
SECRET_KEY = "bench-secret-" + "b" * 40
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REGISTER_BOOKED = 40
ACCOUNT_EMAILS = {
    "young_person": "young@bench.example",
    "worker": "worker@bench.example",
    "finance": "finance@bench.example",
    "admin": "admin@bench.example",
}


@dataclass
class Accounts:
    """Who bench/load.py signs in as, and what it looks at."""

    young_person: str
    worker: str
    finance: str
    admin: str
    register_activity: int
    goal_area: int


def _book_past_attendances() -> None:
    """Everyone who came had booked: one booking per attendance, made when the session began."""
    booked = select(
        Attendance.activity_id,
        Attendance.person_id,
        literal(BookingStatus.BOOKED.value),
        Activity.starts_at,
        Activity.starts_at,
    ).join(Activity, Activity.id == Attendance.activity_id)
    db.session.execute(
        insert(Booking).from_select(
            ["activity_id", "person_id", "status", "queued_at", "changed_at"], booked
        )
    )


def _book_coming(rng, people: list[int]) -> None:
    coming = db.session.scalars(select(Activity.id).where(Activity.starts_at >= utcnow())).all()
    now = utcnow()
    db.session.execute(
        insert(Booking),
        [
            {
                "activity_id": activity,
                "person_id": person,
                "status": BookingStatus.BOOKED,
                "queued_at": now,
                "changed_at": now,
            }
            for activity in coming
            for person in rng.sample(people, rng.randint(5, 15))
        ],
    )


def register_day_start() -> datetime:
    """Six in the evening today in London, in UTC: the register opens on the day of the
    session, so the register page measured is the open register, with its 40 lines."""
    return datetime.combine(london_today(), time(18), LONDON).astimezone(UTC)


def register_activity(rng, people: list[int]) -> int:
    """A session today with 40 booked: the worker's register page."""
    starts = register_day_start()
    activity = Activity(
        title="Coming session",
        kind=ActivityKind.WORKSHOP,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=60,
    )
    db.session.add(activity)
    db.session.flush()
    db.session.execute(
        insert(Booking),
        [
            {"activity_id": activity.id, "person_id": person, "status": BookingStatus.BOOKED}
            for person in rng.sample(people, REGISTER_BOOKED)
        ],
    )
    return activity.id


def often_there() -> User:
    person_id = db.session.scalar(
        select(Attendance.person_id)
        .group_by(Attendance.person_id)
        .order_by(func.count().desc(), Attendance.person_id)
        .limit(1)
    )
    return db.session.get(User, person_id)


def _accounts(worker_email: str, admin_email: str) -> tuple[str, str]:
    """Passwords for the young person and the admin, a finance person, and an authenticator app
    for finance and the admin. Returns the young person's and finance's emails."""
    password_hash = hash_password(PASSWORD)
    worker = db.session.scalar(select(User).where(User.email == worker_email))
    young = often_there()
    young.email = "young@bench.example"
    young.key_worker = worker
    young.date_of_birth = date(2006, 5, 1)
    finance = User(
        email="finance@bench.example",
        preferred_name="finance",
        role_grants=[RoleGrant(role=Role.FINANCE)],
    )
    db.session.add(finance)
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    for person in (young, finance, admin):
        person.password_hash = password_hash
    for person in (worker, young, finance, admin):
        person.email_confirmed_at = utcnow()
    db.session.flush()
    secret = mfa._fernet().encrypt(TOTP_SECRET.encode()).decode()
    db.session.add_all(
        AuthenticatorApp(user_id=person.id, secret_encrypted=secret) for person in (finance, admin)
    )
    return young.email, finance.email


def seed_scale() -> Accounts:
    """Fill the database of the app in context (already at the latest migration)."""
    rng = random.Random(19)
    first_day = london_today() - timedelta(days=DAYS - COMING_DAYS)
    worker, _ = seed(YOUNG_PEOPLE, ATTENDANCES, first_day=first_day)
    admin = seed_more(rng, first_day=london_today() - timedelta(days=731))
    people = db.session.scalars(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON)
    ).all()
    _book_past_attendances()
    _book_coming(rng, people)
    register = register_activity(rng, people)
    young, finance = _accounts(worker, admin)
    area = db.session.scalar(select(func.min(Area.id)))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # VACUUM as well as ANALYZE: autovacuum would have, a while after the bulk inserts, on
        # any real server (the bench's throwaway one has it off). Without it no page is
        # answered from an index alone: a count of 25,000 approved claims read all 50,000
        # claims' rows (~4 ms of the server's CPU, against ~1 ms from the index).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return Accounts(young, worker, finance, admin, register, area)


def seeded_accounts(database_uri: str, instance_path: str) -> Accounts:
    """The accounts of a database seed_scale already filled (to measure it again)."""
    app = bench_app(database_uri, instance_path)
    with app.app_context():
        emails = db.session.scalars(
            select(User.email).where(User.email.in_(ACCOUNT_EMAILS.values()))
        ).all()
        assert len(emails) == len(ACCOUNT_EMAILS), "not a database bench/scale.py seeded"
        register = db.session.scalar(
            select(Activity.id).where(Activity.title == "Coming session").order_by(Activity.id)
        )
        # Seeded on another day: the session is moved to today, so its register is open.
        starts = register_day_start()
        db.session.execute(
            update(Activity)
            .where(Activity.id == register)
            .values(starts_at=starts, ends_at=starts + timedelta(hours=2))
        )
        db.session.commit()
        area = db.session.scalar(select(func.min(Area.id)))
        db.engine.dispose()
    return Accounts(**ACCOUNT_EMAILS, register_activity=register, goal_area=area)


def bench_app(database_uri: str, instance_path: str):
    return create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "INSTANCE_PATH": instance_path,
            "SQLALCHEMY_DATABASE_URI": database_uri,
        }
    )


def seed_database(database_uri: str, instance_path: str) -> tuple[Accounts, float]:
    """Migrate and seed; returns the accounts and the seconds the seeding took."""
    app = bench_app(database_uri, instance_path)
    with app.app_context():
        flask_migrate.upgrade()
        started = clock.perf_counter()
        accounts = seed_scale()
        seconds = clock.perf_counter() - started
        db.engine.dispose()
    return accounts, seconds


def counts(database_uri: str, instance_path: str) -> dict[str, int]:
    app = bench_app(database_uri, instance_path)
    with app.app_context():
        found = {
            name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("users", User),
                ("activities", Activity),
                ("bookings", Booking),
                ("attendances", Attendance),
                ("ratings", Rating),
                ("claims", Contribution),
            )
        }
        db.engine.dispose()
    return found


@contextmanager
def throwaway_postgresql():
    """A PostgreSQL server of its own (the tests' fixture), with an empty database's URL."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.support.postgres import PostgresServer

    server = PostgresServer().start()
    try:
        yield server.create_database("bench")
    finally:
        server.stop()


@contextmanager
def database(target: str, tmp: str):
    """The URL of the database `target` names: `sqlite` (a file in `tmp`), `postgresql` (a
    throwaway server), a postgresql:// URL, or a SQLite file's path."""
    if target == "postgresql":
        with throwaway_postgresql() as uri:
            yield uri
    elif target.startswith("postgresql"):
        yield target
    elif target == "sqlite":
        yield f"sqlite:///{tmp}/bench.sqlite"
    else:
        yield f"sqlite:///{Path(target).resolve()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", nargs="?", default="sqlite", help="sqlite, postgresql, …")
    target = parser.parse_args().database
    with tempfile.TemporaryDirectory() as tmp, database(target, tmp) as uri:
        accounts, seconds = seed_database(uri, tmp)
        print(f"seeded in {seconds:.0f} s: {counts(uri, tmp)}")
        print(f"accounts (password {PASSWORD!r}): {accounts}")


if __name__ == "__main__":
    main()
