"""YouthHub: participation programmes with care-experienced young people."""

from pathlib import Path

from flask import Flask

from youthhub.config import PROJECT_ROOT, load_config, trusted_hosts
from youthhub.core.connections import App


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings read from the environment (used by tests)."""
    app = App(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance_path = Path((config or {}).get("INSTANCE_PATH", app.instance_path))
    app.instance_path = str(instance_path)
    app.config.update(load_config(instance_path))
    app.config.update(config or {})
    if "TRUSTED_HOSTS" not in (config or {}):
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    configure_keys(app)

    serve_static(app)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_signals(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure_keys(app: Flask) -> None:
    """Keys a domain owns and reads from the environment itself (config.py knows no domain)."""
    from youthhub.endings.keys import configure_signing_key
    from youthhub.endings.rsa_key import configure_rsa_key
    from youthhub.notices.push_keys import configure_push_keys

    configure_signing_key(app)
    configure_rsa_key(app)
    configure_push_keys(app)


def serve_static(app: Flask) -> None:
    """WhiteNoise answers `/static/` with fingerprinted, pre-compressed files (core/assets.py),
    inside the trusted-host check like every other answer."""
    from youthhub.core.assets import serve_static as serve

    serve(app)


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client's address and scheme from their headers, so
    per-address login limits and https links see the real visitor; then answer only to the
    site's own hosts, whether named by `Host` or by a proxy's `X-Forwarded-Host`."""
    from youthhub.core.hosts import TrustedHostsOnly

    app.wsgi_app = TrustedHostsOnly(app.wsgi_app, app.config)
    count = app.config["PROXY_COUNT"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from youthhub.accounts.sessions import load_session_user
    from youthhub.core.connections import ping_idle_connections
    from youthhub.core.database import read_outside_transactions  # (and SQLite savepoints)
    from youthhub.core.described import describe_when_read
    from youthhub.core.i18n import select_locale, select_timezone
    from youthhub.core.session_cookie import use_session_cookie
    from youthhub.extensions import babel, csrf, db, limiter, login_manager, migrate

    use_session_cookie(app)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            read_outside_transactions(engine)  # first: the ping below reads
            ping_idle_connections(engine)
            describe_when_read(engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_session_user)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"


def register_blueprints(app: Flask) -> None:
    from youthhub.core.converters import IdConverter

    app.url_map.converters["id"] = IdConverter
    from youthhub.accounts.views import blueprint as accounts
    from youthhub.accounts.views_devices import blueprint as devices
    from youthhub.accounts.views_equality import blueprint as equality
    from youthhub.accounts.views_manage import blueprint as accounts_manage
    from youthhub.accounts.views_mfa import blueprint as accounts_mfa
    from youthhub.accounts.views_people import blueprint as people
    from youthhub.activities.views import blueprint as activities
    from youthhub.activities.views_manage import blueprint as activities_manage
    from youthhub.activities.views_register import blueprint as register
    from youthhub.core.views import blueprint as core
    from youthhub.endings.views import blueprint as endings
    from youthhub.endings.views_manage import blueprint as endings_manage
    from youthhub.goals.views import blueprint as goals
    from youthhub.goals.views_admin import blueprint as goals_admin
    from youthhub.goals.views_manage import blueprint as goals_manage
    from youthhub.groups.views import blueprint as groups
    from youthhub.groups.views_manage import blueprint as groups_manage
    from youthhub.home.views import blueprint as home
    from youthhub.notices.views import blueprint as notices
    from youthhub.notices.views_push import blueprint as push
    from youthhub.payments.views import blueprint as payments
    from youthhub.payments.views_manage import blueprint as payments_manage
    from youthhub.payments.views_rates import blueprint as rates
    from youthhub.payments.views_stripe import blueprint as stripe_webhooks
    from youthhub.pwa.views import blueprint as pwa
    from youthhub.reports.views import blueprint as reports
    from youthhub.reports.views_monitoring import blueprint as monitoring
    from youthhub.rights.views import blueprint as rights
    from youthhub.rights.views_manage import blueprint as rights_manage
    from youthhub.rights.views_merge import blueprint as merging
    from youthhub.support.views import blueprint as support

    for blueprint in (
        home,
        core,
        accounts,
        accounts_mfa,
        devices,
        equality,
        accounts_manage,
        people,
        pwa,
        activities,
        activities_manage,
        register,
        groups,
        groups_manage,
        notices,
        push,
        reports,
        monitoring,
        endings,
        endings_manage,
        payments,
        payments_manage,
        rates,
        stripe_webhooks,
        goals,
        goals_manage,
        goals_admin,
        support,
        rights,
        rights_manage,
        merging,
    ):
        app.register_blueprint(blueprint)


def register_signals(app: Flask) -> None:
    """Where a lower domain asks or tells a higher one (it never imports it): the register's
    paid roles become claims, a new young person gets a planned ending, and groups say who
    leads them; payments tells notices how its notices read when several wait; signing out
    everywhere forgets the person's phones' notification subscriptions."""
    from youthhub.endings.services import connect_endings
    from youthhub.groups.permissions import connect_group_leads
    from youthhub.notices.push import connect_push
    from youthhub.payments.notice_kinds import connect_notice_kinds
    from youthhub.payments.paid_roles import connect_paid_roles

    connect_paid_roles()
    connect_endings()
    connect_group_leads()
    connect_notice_kinds()
    connect_push()


def register_request_hooks(app: Flask) -> None:
    from youthhub.accounts.second_step import require_second_factor
    from youthhub.accounts.sessions import register_last_seen
    from youthhub.core.access import enforce_access, public
    from youthhub.core.access_log import register_access_log
    from youthhub.core.compression import register_compression
    from youthhub.core.security import register_security

    register_compression(app)  # first, so it runs last, on the finished page
    public(app.view_functions["static"])
    app.before_request(enforce_access)
    app.before_request(require_second_factor)  # after the access rule, for signed-in people
    register_security(app)
    register_access_log(app)  # before the request rule, so it runs after the rule's commit
    register_last_seen(app)  # the same


def register_errorhandlers(app: Flask) -> None:
    from youthhub.core.transaction import register_request_rule
    from youthhub.core.views import register_error_pages

    register_error_pages(app)
    register_request_rule(app)


def register_template_helpers(app: Flask) -> None:
    from youthhub.core.templating import register_templating

    register_templating(app)


def register_commands(app: Flask) -> None:
    from youthhub.home.commands import register_commands as register

    register(app)
