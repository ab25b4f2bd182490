"""Benches sign people in the quick way the tests do (`tests.factories.log_in`): a session in the
session table, with the second factor taken as checked, so a page's time is the page's, not the
login form's or the second-factor set-up a finance or admin person would be sent to first."""

import sys
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.factories

from tests.factories import log_in
from youthhub.accounts.models import User
from youthhub.extensions import db


def sign_in(client, email: str) -> None:
    with client.application.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None, f"no bench account {email}"
        log_in(client, person)
    answer = client.get("/profile")
    assert answer.status_code == 200, f"{email} is not signed in ({answer.status_code})"
