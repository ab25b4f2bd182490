"""Small factories for test data. Each commits, so the app's own requests can see it."""

import contextvars
import functools
import itertools
import time
from datetime import date

from flask import current_app

from youthhub.accounts import mfa, second_step
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.core.time import utcnow
from youthhub.endings.services import start_ending
from youthhub.extensions import db

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


@functools.cache
def _hashed(password: str, time_cost: int, memory_kib: int) -> str:
    return hash_password(password)


def password_hash_for(password: str) -> str:
    """Argon2 is slow on purpose: each password is hashed once per setting, not per person."""
    config = current_app.config
    return _hashed(password, config.get("ARGON2_TIME_COST"), config.get("ARGON2_MEMORY_KIB"))


def make_user(*roles: Role, **fields) -> User:
    user = _add_user(*roles, **fields)
    db.session.commit()
    return user


def _add_user(
    *roles: Role,
    name: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
    **fields,
) -> User:
    number = next(_numbers)
    fields.setdefault("email_confirmed_at", utcnow())
    user = User(
        email=email or f"person{number}@youthhub.example",
        preferred_name=name or f"Person {number}",
        password_hash=password_hash_for(password),
        role_grants=[RoleGrant(role=role) for role in roles],
        **fields,
    )
    db.session.add(user)
    return user


def make_young_person(**fields) -> User:
    """A young person as sign-up makes them, with their planned ending from day one (one commit
    for both: young people are made in most tests)."""
    fields.setdefault("date_of_birth", date(2006, 4, 1))
    person = _add_user(Role.YOUNG_PERSON, **fields)
    start_ending(person)
    db.session.commit()
    return person


def make_worker(**fields) -> User:
    fields.setdefault("invite_code", f"CODE{next(_numbers):04d}")
    return make_user(Role.YOUTH_WORKER, **fields)


def make_finance(**fields) -> User:
    return make_user(Role.FINANCE, **fields)


def make_admin(**fields) -> User:
    return make_user(Role.ADMIN, **fields)


def make_evaluator(**fields) -> User:
    return make_user(Role.EVALUATOR, **fields)


def log_in(client, user: User, *, factor_checked: bool = True) -> None:
    """Sign `user` in on this test client the quick way: a session in the session table and a
    cookie holding its token, as logging in leaves them, without the login form's password
    check and page (tests of logging in itself use `post_login`). Finance and admin must also
    prove a second factor: unless `factor_checked=False`, the session is marked as if they just
    had (cheaper than setting up an authenticator for everyone; tests/accounts/test_mfa*.py
    check the real thing)."""
    from youthhub.accounts.sessions import open_session

    def sign_in():
        # Its own app context and database session, as the login request had.
        with client.application.app_context():
            person = db.session.get(User, user.id)
            token = open_session(person, remember=False, user_agent=None)
            checked = mfa.factor_required(person) or mfa.has_second_factor(person)
            db.session.commit()
        with client.session_transaction() as session:
            session.clear()
            session["_user_id"] = token
            session["_fresh"] = True
            if factor_checked:
                session[second_step.FACTOR_CHECKED_AT] = int(time.time()) if checked else 0

    contextvars.Context().run(sign_in)


def post_login(client, user: User, password: str = PASSWORD):
    """Log in through the login form, as a person does."""
    return client.post("/login", data={"email": user.email, "password": password})


def make_certificate(young: User | None = None, worker: User | None = None, **choices):
    """A graduated young person's current certificate, issued by a youth worker."""
    from youthhub.core.time import london_today
    from youthhub.endings import services

    young = young or make_young_person()
    worker = worker or make_worker()
    ending = services.ending_for(young)
    if choices:
        choices.setdefault("printed_name", young.preferred_name)
        choices.setdefault("highlight_keys", [])
        services.choose_certificate_details(ending, actor=young, **choices)
    services.record_graduation(ending, graduated_on=london_today(), actor=worker)
    certificate = services.issue_certificate(ending, actor=worker)
    db.session.commit()
    return certificate


# Money -------------------------------------------------------------------------------------


def in_a_request():
    """Services write emails with links, so they run inside a request (as in the app)."""
    from contextlib import nullcontext

    from flask import current_app, has_request_context

    return nullcontext() if has_request_context() else current_app.test_request_context()


def make_claim(
    person: User,
    *,
    actor: User | None = None,
    kind: str = "panel",
    minutes: int = 60,
    work_date: date | None = None,
    description: str = "Youth panel",
    choice=None,
):
    """A submitted claim, logged by `actor` (the young person themselves by default)."""
    from youthhub.core.time import london_today
    from youthhub.payments import choices, rates, services
    from youthhub.payments.models import ContributionKind

    rates.ensure_default_rate_card()
    kind_row = db.session.query(ContributionKind).filter_by(code=kind).one()
    with in_a_request():
        claim = services.log_contribution(
            person,
            actor=actor or person,
            kind=kind_row,
            work_date=work_date or london_today(),
            minutes=minutes,
            description=description,
        )
        if choice is not None:
            choices.choose_payment(claim, choice, actor=person)
        db.session.commit()
    return claim


def make_approved_claim(person: User, worker: User, **fields):
    from youthhub.payments import services

    claim = make_claim(person, **fields)
    with in_a_request():
        services.approve_contribution(claim, actor=worker)
        db.session.commit()
    return claim


def make_stripe_ready(person: User, fake) -> str:
    """Give the young person a Stripe account that has finished onboarding (on the fake)."""
    from youthhub.payments import onboarding, services

    onboarding.onboarding_link(
        person, actor=person, refresh_url="http://test/refresh", return_url="http://test/return"
    )
    account_id = services.profile_for(person).stripe_account_id
    fake.state.finish_onboarding(account_id)
    onboarding.check_account(person, actor=person)
    db.session.commit()
    return account_id


def give_authenticator(user: User) -> tuple[str, list[str]]:
    """Set up an authenticator app for `user` as the security page does; returns its secret
    and the recovery codes shown once."""
    import pyotp

    secret = pyotp.random_base32()
    codes = mfa.set_up_authenticator(user, secret, pyotp.TOTP(secret).now(), actor=user)
    db.session.commit()
    return secret, codes


def authenticator_code(secret: str, steps_ahead: int = 1) -> str:
    """The code the app shows `steps_ahead` 30-second steps from now (the app accepts one step
    either way), so a test can use a code newer than the one used at set-up."""
    import pyotp

    from youthhub.core.time import utcnow

    return pyotp.TOTP(secret).at(utcnow().timestamp() + 30 * steps_ahead)


def recovery_code_for(user: User) -> str:
    """A recovery code `user` can log in with: an authenticator app and codes are set up if
    they have none, else their codes are renewed (the old ones stop working)."""
    if mfa.factors_of(user).authenticator is None:
        return give_authenticator(user)[1][0]
    code = mfa.new_recovery_codes(user, actor=user)[0]
    db.session.commit()
    return code
