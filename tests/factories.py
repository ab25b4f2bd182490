"""Small factories for test data. Each commits, so the app's own requests can see it."""

import itertools
from datetime import date

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.extensions import db

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def make_user(
    *roles: Role,
    name: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
    **fields,
) -> User:
    number = next(_numbers)
    user = User(
        email=email or f"person{number}@youthhub.example",
        preferred_name=name or f"Person {number}",
        password_hash=hash_password(password),
        role_grants=[RoleGrant(role=role) for role in roles],
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_young_person(**fields) -> User:
    fields.setdefault("date_of_birth", date(2006, 4, 1))
    return make_user(Role.YOUNG_PERSON, **fields)


def make_worker(**fields) -> User:
    fields.setdefault("invite_code", f"CODE{next(_numbers):04d}")
    return make_user(Role.YOUTH_WORKER, **fields)


def make_finance(**fields) -> User:
    return make_user(Role.FINANCE, **fields)


def make_admin(**fields) -> User:
    return make_user(Role.ADMIN, **fields)


def log_in(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})
