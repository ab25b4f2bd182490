"""Shared fixtures: one app per test session (per xdist worker) on a real, migrated database
(SQLite by default, PostgreSQL when YOUTHHUB_TEST_DATABASE=postgresql).

Each test runs inside a transaction that is rolled back at the end (tests/support/harness.py).
Tests marked `@pytest.mark.committing` get real commits instead, and every table is wiped after
them: the only way to let another connection, thread or process see the test's data.
"""

import contextlib
import functools
import hashlib
import logging
import os
from datetime import date
from email.message import EmailMessage

import flask_migrate
import pytest
from hypothesis import HealthCheck, settings

from devtools.fake_stripe import FakeStripe
from tests.support.client import YouthHubClient
from tests.support.harness import RollbackHarness, install_session_class, watch_engine
from tests.support.postgres import PostgresServer, empty_postgresql_tables
from youthhub import create_app
from youthhub.core import pdf
from youthhub.endings import rsa_key
from youthhub.extensions import db, limiter

# Property-based tests stay cheap in the everyday run: a few examples each, the same ones every
# time (derandomize), no example database. `HYPOTHESIS_PROFILE=thorough` tries many more.
_HYPOTHESIS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("default", max_examples=2, derandomize=True, **_HYPOTHESIS)
settings.register_profile("thorough", max_examples=100, **_HYPOTHESIS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATABASE_KIND = os.environ.get("YOUTHHUB_TEST_DATABASE", "sqlite")
# "gw0", "gw1", … under pytest-xdist: each worker has its own database, servers and app.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_report_header(config):
    return f"YouthHub test database: {DATABASE_KIND}"


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """Debian's redis-server on a free port, for the tests across machines (skipped without it)."""
    from tests.support.redis import RedisServer, redis_server_or_skip

    server = RedisServer(redis_server_or_skip()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    if DATABASE_KIND == "postgresql":
        server = request.getfixturevalue("postgres_server")
        return server.create_database(f"youthhub_test_{WORKER}")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / f'youthhub-test-{WORKER}.sqlite'}"


@functools.cache
def shared_rsa_key() -> str:
    return rsa_key.generate_private_pem(bits=2048)


# Apps the tests make themselves (create_app in development) would each make and keep a new RSA
# key in their instance folder; they get this one from the environment instead.
os.environ.setdefault("CREDENTIAL_RSA_KEY", shared_rsa_key())


def make_test_config(database_url: str, instance_path, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-to-pass",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance_path),
        # Cheap hashing keeps the suite fast; production uses the costs in accounts/passwords.py.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 64,
        "MAIL_SERVER": "",
        # Emails that must not show in response times go from a thread in production; tests
        # read the inbox straight after the request (tests/core/test_mail.py tries the thread).
        "MAIL_IN_BACKGROUND": False,
        # One RSA key for the whole run: making one per app would cost a second each time.
        "CREDENTIAL_RSA_KEY": shared_rsa_key(),
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated_database(database_url, tmp_path_factory):
    app = create_app(make_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        flask_migrate.upgrade()
        # Every test starts from empty tables, even of what the migrations seed.
        wipe_database()
        db.engine.dispose()
    return database_url


def wipe_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            empty_postgresql_tables(connection, tables)
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


@pytest.fixture(scope="session", autouse=True)
def quick_stripe_retries():
    """The Stripe client waits at least half a second before each retry: against the local fake
    Stripe that is only waiting. Retries still happen, with the same idempotency key."""
    from stripe._http_client import HTTPClient

    initial_delay = HTTPClient.INITIAL_DELAY
    HTTPClient.INITIAL_DELAY = 0.01
    yield
    HTTPClient.INITIAL_DELAY = initial_delay


class _EachPdfOnce:
    """Stands in for `PrintHTML` (WeasyPrint's HTML) in core/pdf.py: the same HTML with the same
    options is laid out and written once per run, and its bytes are given again after. The walks
    open every page for several roles and garbage values, and each one's board report (ten pages
    of tables laid out by WeasyPrint, seconds of CPU) came out of the same HTML every time. A test
    that changes what a PDF shows changes its HTML, so it still gets a PDF made for it."""

    weasyprint_html = pdf.PrintHTML
    written: dict[tuple, bytes] = {}

    def __init__(self, *, string: str, url_fetcher):
        self.string, self.url_fetcher = string, url_fetcher

    def write_pdf(self, **options) -> bytes:
        # A digest rather than the HTML itself: the run keeps hundreds of pages' worth.
        key = (hashlib.sha256(self.string.encode()).digest(), tuple(sorted(options.items())))
        if key not in self.written:
            html = self.weasyprint_html(string=self.string, url_fetcher=self.url_fetcher)
            self.written[key] = html.write_pdf(**options)
        return self.written[key]


@pytest.fixture(scope="session", autouse=True)
def each_pdf_written_once():
    pdf.PrintHTML = _EachPdfOnce
    yield
    pdf.PrintHTML = _EachPdfOnce.weasyprint_html


class _EmailsLoggedBriefly(logging.Filter):
    """The app logs each email whole when there is no MAIL_SERVER (development, and most tests),
    and pytest's log capture writes out every record, twice: writing an email with a character
    outside ASCII (a curly apostrophe) costs Python's email package milliseconds, and a run sends
    thousands. The tests read emails from the session's outbox or a real SMTP server; the log
    keeps whom and what about."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args[0], EmailMessage):
            message = record.args[0]
            record.args = (f"To: {message['To']}\nSubject: {message['Subject']}",)
        return True


# Put on the app's logger when an app is built (not before: the migrations' logging set-up,
# fileConfig, switches off every logger that already exists, and then no test could read the
# app's log).
EMAILS_LOGGED_BRIEFLY = _EmailsLoggedBriefly()


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


def read_when_built(setting: str) -> bool:
    """Settings that create_app (or an extension's init_app) reads once, when it builds the app:
    changing them on a running app would silently do nothing, so they get an app of their own."""
    return setting in {"PROXY_COUNT", "INSTANCE_PATH", "STATIC_BUILD_PATH"} or setting.startswith(
        ("SQLALCHEMY_", "RATELIMIT_", "BABEL_")
    )


@pytest.fixture(scope="session")
def build_app(migrated_database, tmp_path_factory, fake_stripe_server):
    """Apps for this session, one per distinct set of build-time settings, built on first use
    (werkzeug compiling every URL rule is the costly part of create_app)."""
    install_session_class()
    built: dict[str, object] = {}

    def build(settings: dict, *, own: bool = False):
        key = repr(sorted(settings.items()))
        if own or key not in built:
            instance = tmp_path_factory.mktemp("instance")
            config = {**stripe_config(fake_stripe_server), **settings}
            app = create_app(make_test_config(migrated_database, instance, **config))
            app.test_client_class = YouthHubClient
            app.logger.addFilter(EMAILS_LOGGED_BRIEFLY)  # once: a logger keeps no duplicates
            keep_limits_of(app)
            with app.app_context():
                watch_engine(db.engine)
            if own:
                return app
            built[key] = app
        return built[key]

    yield build
    for app in built.values():
        with app.app_context():
            db.engine.dispose()


# Flask-Limiter keeps one storage per `Limiter`, and the app has one `limiter`: the app built
# last (one with its limits in a Redis that isn't there, say) would count every other app's
# logins too, and `reset_limits` would clear the wrong storage. So each app built keeps what its
# `init_app` made, and a test puts its own app's back first.
LIMITER_STATE = ("_storage", "_limiter", "_storage_dead", "_fallback_storage", "_fallback_limiter")


def keep_limits_of(app) -> None:
    app.extensions["youthhub_test_limits"] = {
        name: getattr(limiter, name) for name in LIMITER_STATE if hasattr(limiter, name)
    }


def use_limits_of(app) -> None:
    for name, value in app.extensions["youthhub_test_limits"].items():
        setattr(limiter, name, value)


def reset_limits() -> None:
    """Each test starts with no attempts counted. A Redis that can't be reached (a test may point
    the limits at one on purpose) has nothing to clear."""
    from redis.exceptions import RedisError

    with contextlib.suppress(RedisError):
        limiter.reset()


def app_shape(app) -> tuple:
    return (len(app.url_map._rules), tuple(app.blueprints), tuple(app.view_functions))


@pytest.fixture
def app(request, build_app, app_config, fake_stripe):
    """The session's app, with this test's settings (`app_config`) applied and taken back off
    afterwards; its database work rolled back, or committed and wiped if marked `committing`.
    A test marked `own_app` changes the app itself (adds routes) and gets a new one."""
    own = request.node.get_closest_marker("own_app") is not None
    app = build_app({k: v for k, v in app_config.items() if read_when_built(k)}, own=own)
    settings, shape = dict(app.config), app_shape(app)
    app.config.update(app_config)
    use_limits_of(app)
    reset_limits()
    committing = request.node.get_closest_marker("committing") is not None
    harness = None
    with app.app_context():
        try:
            if not committing:
                harness = RollbackHarness(db.engine).start()
            yield app
        finally:
            db.session.remove()
            if harness:
                harness.stop()
            else:
                wipe_database()
            if own:
                db.engine.dispose()
            app.config.clear()
            app.config.update(settings)
            # The app keeps its Stripe client, made from the settings of whichever test used it
            # first (or put there by a test): the next test starts with none.
            app.extensions.pop("youthhub_stripe", None)
    if harness and harness.problems:
        pytest.fail("\n".join(dict.fromkeys(harness.problems)), pytrace=False)
    if not own and app_shape(app) != shape:
        pytest.fail("the test changed the shared app: mark it @pytest.mark.own_app", pytrace=False)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the whole run (per worker)."""
    from tests.support.smtp import start_smtp_server

    controller, inbox = start_smtp_server()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp_inbox(app, smtp_server):
    """Send the app's email to the SMTP server and collect what arrives in this test."""
    controller, inbox = smtp_server
    inbox.messages.clear()
    app.config.update(
        MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port, MAIL_USE_TLS=False
    )
    return inbox
