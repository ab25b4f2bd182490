"""Configuration, read only from environment variables (see the table in README.md)."""

import ipaddress
import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WEAK_SECRET_KEYS = {"", "dev", "change-me", "changeme", "secret"}


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can safely run with."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _secret_key(instance_path: Path, production: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if production:
        if key in WEAK_SECRET_KEYS or len(key) < 32:
            raise ConfigError(
                "YOUTHHUB_ENV=production needs SECRET_KEY set to a random value of 32+ characters."
            )
        return key
    if key:
        return key
    # Development only: make a key once and keep it, so sessions survive restarts.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'youthhub.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _public_base_url(production: bool) -> str:
    """The site's public address, the only source of absolute links (emails, QR codes, badges,
    calendar UIDs): a link must never take its host from whoever sent the request."""
    url = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if not url and not production:
        return ""
    parts = urlsplit(url)
    allowed = {"https"} if production else {"http", "https"}
    if parts.scheme not in allowed or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            "PUBLIC_BASE_URL must be the site's public address, like https://youthhub.example.org"
            " (YOUTHHUB_ENV=production needs it, on https: every link in emails is built from it)."
        )
    return url


def trusted_hosts(config: dict) -> list[str]:
    """The hosts the app answers to (Flask's TRUSTED_HOSTS, checked for Host and, behind
    PROXY_COUNT proxies, X-Forwarded-Host alike): PUBLIC_BASE_URL's, any listed in
    TRUSTED_HOSTS, and in development this machine's own names."""
    hosts = list(config.get("EXTRA_TRUSTED_HOSTS", []))
    if config.get("PUBLIC_BASE_URL"):
        hosts.insert(0, urlsplit(config["PUBLIC_BASE_URL"]).hostname)
    if config.get("YOUTHHUB_ENV") != "production":
        hosts += ["localhost", "127.0.0.1"]
    return list(dict.fromkeys(hosts))


def _redis_url() -> str:
    """The Redis that app servers and job workers share (login limits, the job queue); empty
    means none: limits in memory and jobs run in the app itself, after the commit."""
    url = os.environ.get("REDIS_URL", "").strip()
    if url and urlsplit(url).scheme not in {"redis", "rediss"}:
        raise ConfigError("REDIS_URL must be a redis:// or rediss:// address.")
    return url


def _ratelimit_storage(production: bool, redis_url: str) -> str:
    """Where login attempt counts live: RATELIMIT_STORAGE_URI, else REDIS_URL's Redis, else
    memory. `memory://` is each worker's own: with several workers (or machines) the limits
    multiply, so production refuses it when WEB_CONCURRENCY (gunicorn's own setting for its
    number of workers) says more than one, and warns on every start otherwise."""
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "").strip() or redis_url or "memory://"
    if production and uri.startswith("memory://"):
        workers = _int("WEB_CONCURRENCY", 1)
        if workers > 1:
            raise ConfigError(
                f"WEB_CONCURRENCY={workers} workers would each keep their own login attempt "
                "counts with RATELIMIT_STORAGE_URI=memory://: set REDIS_URL (or "
                "RATELIMIT_STORAGE_URI) to a shared store, e.g. redis://localhost:6379/0."
            )
        logging.getLogger("youthhub").warning(
            "RATELIMIT_STORAGE_URI is memory://: login limits hold only while one worker "
            "(WEB_CONCURRENCY=1) serves the app. Set REDIS_URL for more."
        )
    return uri


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _stripe_api_base(production: bool) -> str:
    """Empty means Stripe itself. Anything else is the local fake Stripe, which may only be
    reached over loopback, and never in production."""
    base = os.environ.get("STRIPE_API_BASE", "").strip().rstrip("/")
    if not base or base == "https://api.stripe.com":
        return ""
    parts = urlsplit(base)
    if production or parts.scheme != "http" or not _is_loopback(parts.hostname or ""):
        raise ConfigError(
            "STRIPE_API_BASE is only for the local fake Stripe: an http:// address on "
            "127.0.0.1 or localhost, and never with YOUTHHUB_ENV=production."
        )
    return base


def _payment_settings(production: bool) -> dict:
    return {
        # Without a key, paying through Stripe is switched off (`make run` starts the local
        # fake Stripe and sets these for it).
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY", "").strip(),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET", "").strip(),
        "STRIPE_API_BASE": _stripe_api_base(production),
        "STRIPE_MAX_NETWORK_RETRIES": _int("STRIPE_MAX_NETWORK_RETRIES", 2),
        "STRIPE_TIMEOUT_SECONDS": _int("STRIPE_TIMEOUT_SECONDS", 30),
        "PAYMENTS_THRESHOLD_PENCE": _int("PAYMENTS_THRESHOLD_PENCE", 100_000),
        "PAYMENTS_WARNING_PERCENT": _int("PAYMENTS_WARNING_PERCENT", 75),
        "PAYMENTS_ADVICE_URL": os.environ.get(
            "PAYMENTS_ADVICE_URL", "https://www.citizensadvice.org.uk/benefits/"
        ).strip(),
        "PAYMENTS_PAYING_GRACE_MINUTES": _int("PAYMENTS_PAYING_GRACE_MINUTES", 10),
    }


def _session_settings(production: bool) -> dict:
    young_person_idle_days = _int("YOUNG_PERSON_IDLE_DAYS", 30)
    return {
        # How long a signed-in session may go without a request (`accounts/sessions.py`).
        "STAFF_IDLE_MINUTES": _int("STAFF_IDLE_MINUTES", 30),
        "YOUNG_PERSON_IDLE_DAYS": young_person_idle_days,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # "Remember me" keeps the session cookie after the browser closes, as long as a young
        # person's session may stay idle (the server still ends it: the cookie is only a key).
        "PERMANENT_SESSION_LIFETIME": timedelta(days=young_person_idle_days),
        # Flask-Login's own remember cookie is never set; these only govern clearing old ones.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
    }


def load_config(instance_path: Path) -> dict:
    """Build the app's settings from the environment."""
    production = os.environ.get("YOUTHHUB_ENV", "development").strip() == "production"
    redis_url = _redis_url()
    return {
        "YOUTHHUB_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "PUBLIC_BASE_URL": _public_base_url(production),
        "EXTRA_TRUSTED_HOSTS": _list("TRUSTED_HOSTS"),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # No ping before every use: connections idle a while are tried, and a request whose
        # connection dropped in use is answered again when safe (core/connections.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": _int("DATABASE_RECYCLE_SECONDS", 1800)},
        "PROGRAMME_NAME": os.environ.get("PROGRAMME_NAME", "YouthHub"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "YouthHub <no-reply@localhost>"),
        "MAIL_IN_BACKGROUND": _flag("MAIL_IN_BACKGROUND", True),
        "STAFF_INVITE_HOURS": _int("STAFF_INVITE_HOURS", 72),
        "RECORD_HANDOVER_HOURS": _int("RECORD_HANDOVER_HOURS", 72),
        "PASSWORD_RESET_MINUTES": _int("PASSWORD_RESET_MINUTES", 60),
        "SIGN_UP_LINK_HOURS": _int("SIGN_UP_LINK_HOURS", 48),
        "MY_DATA_LINK_MINUTES": _int("MY_DATA_LINK_MINUTES", 30),
        "ERASURE_HOLD_DAYS": _int("ERASURE_HOLD_DAYS", 30),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": _ratelimit_storage(production, redis_url),
        # While Redis is down, each worker counts in its own memory (limits looser, but still
        # there) rather than every login failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes"),
        "LOGIN_LIMIT_PER_DEVICE": os.environ.get("LOGIN_LIMIT_PER_DEVICE", "5 per 15 minutes"),
        "LOGIN_DEVICE_DAYS": _int("LOGIN_DEVICE_DAYS", 365),
        "FACTOR_LIMIT_PER_ACCOUNT": os.environ.get("FACTOR_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "STEP_UP_MINUTES": _int("STEP_UP_MINUTES", 10),
        "VERIFY_LIMIT": os.environ.get("VERIFY_LIMIT", "30 per minute"),
        "GOALS_LOW_RATING": _int("GOALS_LOW_RATING", 3),
        "REPORT_SMALL_NUMBER_THRESHOLD": _int("REPORT_SMALL_NUMBER_THRESHOLD", 10),
        "SHOW_DEMO_LOGINS": not production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "PROXY_COUNT": _int("PROXY_COUNT", 0),
        # Where the fingerprinted, compressed copies of static/ go (core/assets.py): made, not kept.
        "STATIC_BUILD_PATH": Path(
            os.environ.get("STATIC_BUILD_PATH", "").strip() or PROJECT_ROOT / "build" / "static"
        ),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": {"en": "English", "cy": "Cymraeg"},
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        **_session_settings(production),
        **_payment_settings(production),
    }
