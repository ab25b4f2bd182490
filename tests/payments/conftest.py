"""People for the money tests: a young person aged 20, two workers, two finance staff."""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import make_admin, make_finance, make_worker, make_young_person
from youthhub.accounts.models import User
from youthhub.extensions import db
from youthhub.payments.rates import ensure_default_rate_card


@dataclass
class Cast:
    young: User
    teen: User  # 17: too young for Stripe
    worker: User
    other_worker: User
    finance: User
    other_finance: User
    admin: User


@pytest.fixture
def cast(app) -> Cast:
    ensure_default_rate_card()
    db.session.commit()
    worker = make_worker(name="Sam")
    return Cast(
        young=make_young_person(name="Jordan", key_worker=worker, date_of_birth=date(2006, 4, 1)),
        teen=make_young_person(name="Kai", key_worker=worker, date_of_birth=date(2009, 6, 1)),
        worker=worker,
        other_worker=make_worker(name="Ali"),
        finance=make_finance(name="Priya"),
        other_finance=make_finance(name="Dee"),
        admin=make_admin(name="Alex"),
    )


@pytest.fixture(autouse=True)
def request_context(app, monkeypatch):
    """Services write emails with links, as they do inside a request (or the CLI's context);
    the links are on the site's configured address."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://youthhub.example")
    monkeypatch.setitem(
        app.config, "TRUSTED_HOSTS", [*app.config["TRUSTED_HOSTS"], "youthhub.example"]
    )
    with app.test_request_context():
        yield
