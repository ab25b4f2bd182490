"""Shared fixtures: an app on a real, migrated database (SQLite by default, PostgreSQL when
YOUTHHUB_TEST_DATABASE=postgresql), wiped clean after every test."""

import os
from datetime import date

import flask_migrate
import pytest
from sqlalchemy import text

from devtools.fake_stripe import FakeStripe
from tests.support.client import YouthHubClient
from tests.support.postgres import PostgresServer
from youthhub import create_app
from youthhub.extensions import db, limiter

DATABASE_KIND = os.environ.get("YOUTHHUB_TEST_DATABASE", "sqlite")


def pytest_report_header(config):
    return f"YouthHub test database: {DATABASE_KIND}"


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    if DATABASE_KIND == "postgresql":
        return request.getfixturevalue("postgres_server").create_database("youthhub_test")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'youthhub-test.sqlite'}"


def make_test_config(database_url: str, instance_path, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-to-pass",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance_path),
        # Cheap hashing keeps the suite fast; production uses argon2's recommended costs.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 64,
        "MAIL_SERVER": "",
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated_database(database_url, tmp_path_factory):
    app = create_app(make_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return database_url


def wipe_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def fake_stripe_server():
    """The project's own fake Stripe on a free loopback port, for the whole test run."""
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_stripe(fake_stripe_server):
    """The fake Stripe, emptied for this test (and delivering no webhooks unless asked)."""
    fake_stripe_server.reset()
    fake_stripe_server.webhook_url = None
    yield fake_stripe_server
    fake_stripe_server.webhook_url = None


def stripe_config(fake: FakeStripe) -> dict:
    return {
        "STRIPE_SECRET_KEY": fake.secret_key,
        "STRIPE_WEBHOOK_SECRET": fake.webhook_secret,
        "STRIPE_API_BASE": fake.url,
        "STRIPE_MAX_NETWORK_RETRIES": 2,
        "STRIPE_TIMEOUT_SECONDS": 5,
    }


@pytest.fixture(autouse=True)
def today_is_still_today(request):
    """Test modules that take `TODAY` when imported get the real date again before each test,
    so a run that crosses midnight in London does not fail them."""
    from youthhub.core.time import london_today

    module = request.module
    if isinstance(getattr(module, "TODAY", None), date):
        module.TODAY = london_today()


@pytest.fixture
def app_config():
    """Override in a test module to change settings for its tests."""
    return {}


@pytest.fixture
def app(migrated_database, tmp_path, app_config, fake_stripe):
    settings = {**stripe_config(fake_stripe), **app_config}
    app = create_app(make_test_config(migrated_database, tmp_path, **settings))
    app.test_client_class = YouthHubClient
    limiter.reset()
    with app.app_context():
        yield app
        db.session.remove()
        wipe_database()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def smtp_inbox(app):
    """Send the app's email to a real SMTP server on 127.0.0.1 and collect what arrives."""
    from tests.support.smtp import start_smtp_server

    controller, inbox = start_smtp_server()
    app.config.update(
        MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port, MAIL_USE_TLS=False
    )
    yield inbox
    controller.stop()
