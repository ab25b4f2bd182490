"""Demo activities for `flask seed-demo`: a year of the programme's past activities with their
registers (named young people, professionals, guests and, at the fun day, a headcount of young
people whose names were not taken), a paid role, and a few coming up, so every report shows
something on a fresh `make run`."""

import random
import secrets
from datetime import UTC, date, datetime, time, timedelta

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.accounts.services import young_person_joined
from youthhub.activities.models import Activity, ActivityKind, Attendance, Booking, BookingStatus
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db

#: Young people who came, with no login of their own (addresses that can never receive mail).
DEMO_NAMES = (
    "Amara", "Bilal", "Chloe", "Dev", "Efua", "Femi", "Grace", "Hassan",
    "Imani", "Jay", "Kemi", "Leon", "Maya", "Nadia", "Ola", "Ruby",
)  # fmt: skip
#: (title, kind) of the programme's regular activities, one a fortnight or so.
PROGRAMME = (
    ("Theatre trip", ActivityKind.TRIP),
    ("Eid meal", ActivityKind.MEAL),
    ("Kiln workshop", ActivityKind.WORKSHOP),
    ("Co-design session", ActivityKind.CO_DESIGN),
    ("Movement link up", ActivityKind.MEETING),
    ("Bowling", ActivityKind.TRIP),
    ("Podcast training", ActivityKind.TRAINING),
)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=LONDON).astimezone(UTC)


def demo_young_people(young: User) -> list[User]:
    """The demo young person and sixteen others who joined over the past year."""
    others = []
    nobody_knows = hash_password(secrets.token_urlsafe(32))  # a demo person who can't log in
    for number, name in enumerate(DEMO_NAMES):
        person = User(
            email=f"{name.lower()}@demo.youthhub.invalid",
            preferred_name=name,
            password_hash=nobody_knows,
            role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
            created_at=utcnow() - timedelta(days=360 - 20 * number),
        )
        db.session.add(person)
        others.append(person)
    db.session.flush()
    for person in others:
        young_person_joined.send(person)
    return [young, *others]


def _held(title, kind, day, people, rng, **fields) -> Activity:
    activity = Activity(
        title=title,
        kind=kind,
        starts_at=at(day, 18),
        ends_at=at(day, 20),
        place=fields.pop("place", "The Hub, Brent"),
        audience_csv=fields.pop("audience_csv", "open_to_all"),
        register_taken_at=at(day, 18),
        professionals_count=fields.pop("professionals_count", rng.choice([0, 0, 1, 2])),
        guests_count=fields.pop("guests_count", rng.choice([0, 0, 1])),
        **fields,
    )
    db.session.add(activity)
    db.session.flush()
    for person in people:
        db.session.add(
            Booking(activity_id=activity.id, person_id=person.id, status=BookingStatus.BOOKED)
        )
        db.session.add(Attendance(activity_id=activity.id, person_id=person.id, attended=True))
    return activity


def seed_demo_activities(young_people: list[User]) -> None:
    """A year of held activities, each young person coming from about when they joined."""
    rng = random.Random(2026)
    today = london_today()
    for number in range(24):
        day = today - timedelta(days=360 - 15 * number)
        joined = [p for p in young_people if p.created_at.date() <= day] or young_people[:1]
        title, kind = PROGRAMME[number % len(PROGRAMME)]
        came = rng.sample(joined, min(len(joined), rng.randint(3, 9)))
        online = number % 6 == 5
        _held(
            f"{title} ({number // len(PROGRAMME) + 1})",
            kind,
            day,
            came,
            rng,
            online_link="https://meet.example/youthhub" if online else None,
            place=None if online else "The Hub, Brent",
        )
    _held(
        "Fun Affair",
        ActivityKind.SHOWCASE,
        today - timedelta(days=100),
        rng.sample(young_people, 6),
        rng,
        professionals_count=12,
        guests_count=8,
        unnamed_young_people=137,
    )
    _held(
        "Youth panel: interviewing the new director",
        ActivityKind.PANEL,
        today - timedelta(days=40),
        young_people[:4],
        rng,
        is_paid_role=True,
        contribution_kind="interview_panel",
        expected_minutes=120,
    )
    coming = (
        (5, "Vibes in the Kitchen cook-off", ActivityKind.MEAL),
        (12, "Care Journeys networking event", ActivityKind.MEETING),
    )
    for days, title, kind in coming:
        start = at(today + timedelta(days=days), 18)
        db.session.add(
            Activity(
                title=title,
                kind=kind,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place="The Hub, Brent",
                audience_csv="open_to_all",
                capacity=20,
            )
        )
    db.session.flush()
