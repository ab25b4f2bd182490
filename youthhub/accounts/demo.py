"""Demo people for `flask seed-demo`: one of each role, all with the same known password."""

from datetime import date

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.accounts.queries import DEMO_ACCOUNTS, DEMO_PASSWORD
from youthhub.accounts.services import young_person_joined
from youthhub.core.audit import record
from youthhub.core.time import utcnow
from youthhub.extensions import db


def seed_demo_people() -> dict[str, User]:
    password_hash = hash_password(DEMO_PASSWORD)
    people = {}
    for email, name, roles in DEMO_ACCOUNTS:
        user = User(
            email=email,
            preferred_name=name,
            password_hash=password_hash,
            email_confirmed_at=utcnow(),
            role_grants=[RoleGrant(role=role) for role in roles],
        )
        people[roles[0].value] = user
        db.session.add(user)
    worker, young = people[Role.YOUTH_WORKER.value], people[Role.YOUNG_PERSON.value]
    worker.invite_code = "DEMO2026"
    young.date_of_birth = date(2006, 5, 17)
    young.pronouns = "they/them"
    young.key_worker = worker
    db.session.flush()
    young_person_joined.send(young)
    record("demo.seeded", actor=None, people=len(people))
    return people
