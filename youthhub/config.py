"""Configuration, read only from environment variables (see the table in README.md)."""

import ipaddress
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


def load_config(instance_path: Path) -> dict:
    """Build the app's settings from the environment."""
    production = os.environ.get("YOUTHHUB_ENV", "development").strip() == "production"
    return {
        "YOUTHHUB_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/"),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PROGRAMME_NAME": os.environ.get("PROGRAMME_NAME", "YouthHub"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "YouthHub <no-reply@localhost>"),
        "STAFF_INVITE_HOURS": _int("STAFF_INVITE_HOURS", 72),
        "RECORD_HANDOVER_HOURS": _int("RECORD_HANDOVER_HOURS", 72),
        "PASSWORD_RESET_MINUTES": _int("PASSWORD_RESET_MINUTES", 60),
        "MY_DATA_LINK_MINUTES": _int("MY_DATA_LINK_MINUTES", 30),
        "ERASURE_HOLD_DAYS": _int("ERASURE_HOLD_DAYS", 30),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes"),
        "FACTOR_LIMIT_PER_ACCOUNT": os.environ.get("FACTOR_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "STEP_UP_MINUTES": _int("STEP_UP_MINUTES", 10),
        "VERIFY_LIMIT": os.environ.get("VERIFY_LIMIT", "30 per minute"),
        "GOALS_LOW_RATING": _int("GOALS_LOW_RATING", 3),
        "REPORT_SMALL_NUMBER_THRESHOLD": _int("REPORT_SMALL_NUMBER_THRESHOLD", 10),
        "SHOW_DEMO_LOGINS": not production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "PROXY_COUNT": _int("PROXY_COUNT", 0),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": {"en": "English", "cy": "Cymraeg"},
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        **_payment_settings(production),
    }
