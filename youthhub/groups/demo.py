"""A demo power group for `flask seed-demo`: Vibes in the Kitchen, led by the demo young person,
with its fortnightly sessions of the past year and their registers, and its next session."""

import random
from datetime import timedelta

from youthhub.accounts.models import User
from youthhub.activities.demo import at
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus


def seed_demo_group(young_people: list[User]) -> Group:
    rng = random.Random(7)
    lead, *others = young_people[:9]
    group = Group(
        name="Vibes in the Kitchen",
        about="Cooking together, and cooking up ideas for the programme.",
        meets="Every other Thursday, 6pm",
        audience_csv="open_to_all",
    )
    db.session.add(group)
    db.session.flush()
    members = [lead, *others]
    for person in members:
        db.session.add(
            Membership(
                group_id=group.id,
                person_id=person.id,
                status=MembershipStatus.MEMBER,
                is_lead=person is lead,
            )
        )
    today = london_today()
    for fortnight in range(1, 26):
        day = today - timedelta(days=14 * fortnight)
        session = _session(group, day, held=True)
        for person in rng.sample(members, rng.randint(3, len(members))):
            if person.created_at.date() <= day or person is lead:
                db.session.add(
                    Attendance(activity_id=session.id, person_id=person.id, attended=True)
                )
    _session(group, today + timedelta(days=9), held=False)
    db.session.flush()
    return group


def _session(group: Group, day, *, held: bool) -> Activity:
    session = Activity(
        title="Vibes in the Kitchen",
        kind=ActivityKind.MEAL,
        starts_at=at(day, 18),
        ends_at=at(day, 20),
        place="The Hub kitchen, Brent",
        audience_csv="open_to_all",
        group_id=group.id,
        register_taken_at=at(day, 18) if held else None,
    )
    db.session.add(session)
    db.session.flush()
    return session
