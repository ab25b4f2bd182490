"""A code is good once even when it arrives several times at the same moment (a replay racing
the real sign-in). Each thread is its own request, as with several workers; PostgreSQL only."""

import pytest

from tests.activities.test_concurrency import run_at_once
from tests.conftest import DATABASE_KIND
from tests.factories import authenticator_code, give_authenticator, make_finance
from youthhub.accounts import mfa
from youthhub.accounts.models import User
from youthhub.extensions import db

pytestmark = [
    pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.committing,
]
TRIES = 8


def check(person_id, code) -> str:
    return mfa.check_code(db.session.get(User, person_id), code)


def test_an_authenticator_code_sent_eight_times_at_once_works_once(app):
    finance = make_finance()
    secret, _ = give_authenticator(finance)
    code = authenticator_code(secret)
    outcomes = run_at_once(app, check, [(finance.id, code)] * TRIES)
    assert outcomes == ["DomainError"] * (TRIES - 1) + ["authenticator"]


def test_a_recovery_code_sent_eight_times_at_once_works_once(app):
    finance = make_finance()
    _, codes = give_authenticator(finance)
    outcomes = run_at_once(app, check, [(finance.id, codes[0])] * TRIES)
    assert outcomes == ["DomainError"] * (TRIES - 1) + ["recovery_code"]
