"""The app as a whole: health check, configuration, headers and error pages."""

import logging

import pytest

from tests.conftest import shared_rsa_key
from youthhub import create_app
from youthhub.config import ConfigError, load_config
from youthhub.endings import rsa_key
from youthhub.endings.keys import generate_private_pem


def test_healthz_reports_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_says_unavailable_when_the_database_is_down(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


@pytest.mark.parametrize("key", ["", "dev", "short-key"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, tmp_path, key):
    monkeypatch.setenv("YOUTHHUB_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def production(monkeypatch, **env):
    """Everything production needs, then `env` on top (a value of None removes a setting)."""
    settings = {
        "YOUTHHUB_ENV": "production",
        "SECRET_KEY": "k" * 48,
        "CREDENTIAL_SIGNING_KEY": generate_private_pem(),
        "CREDENTIAL_RSA_KEY": shared_rsa_key(),
        "CREDENTIAL_RSA_KEY_FILE": None,
        "PUBLIC_BASE_URL": "https://youthhub.example.org",
        "RATELIMIT_STORAGE_URI": None,
        "REDIS_URL": None,
        "WEB_CONCURRENCY": None,
        "TRUSTED_HOSTS": None,
        **env,
    }
    for name, value in settings.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_production_starts_with_a_strong_key_and_secure_cookies(monkeypatch, tmp_path):
    production(monkeypatch)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SHOW_DEMO_LOGINS"] is False


@pytest.mark.parametrize("url", [None, "", "youthhub.example.org", "http://youthhub.example.org"])
def test_production_refuses_to_start_without_its_public_https_address(monkeypatch, tmp_path, url):
    production(monkeypatch, PUBLIC_BASE_URL=url)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_answers_only_to_its_own_hosts(monkeypatch, tmp_path):
    production(monkeypatch, TRUSTED_HOSTS="www.youthhub.example.org, .staff.example.org")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    answers = {
        host: client.get("/privacy", headers={"Host": host}).status_code
        for host in (
            "youthhub.example.org",
            "www.youthhub.example.org",
            "a.staff.example.org",
            "localhost",
            "127.0.0.1",
            "evil.example",
            "youthhub.example.org.evil.example",
        )
    }
    assert answers == {
        "youthhub.example.org": 200,
        "www.youthhub.example.org": 200,
        "a.staff.example.org": 200,
        "localhost": 400,
        "127.0.0.1": 400,
        "evil.example": 400,
        "youthhub.example.org.evil.example": 400,
    }


def test_behind_a_proxy_a_forwarded_host_must_be_trusted_too(monkeypatch, tmp_path):
    production(monkeypatch)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PROXY_COUNT": 1})
    client = app.test_client()
    host = {"Host": "youthhub.example.org"}
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    good = {**host, **forwarded, "X-Forwarded-Host": "youthhub.example.org"}
    evil = {**host, **forwarded, "X-Forwarded-Host": "evil.example"}
    assert client.get("/privacy", headers=good).status_code == 200
    assert client.get("/privacy", headers=evil).status_code == 400


def test_development_trusts_only_this_machine_unless_told(monkeypatch, tmp_path):
    monkeypatch.delenv("YOUTHHUB_ENV", raising=False)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("TRUSTED_HOSTS", "phone-test.local")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert app.config["TRUSTED_HOSTS"] == ["phone-test.local", "localhost", "127.0.0.1"]


def test_production_refuses_memory_login_counts_with_several_workers(monkeypatch, tmp_path):
    production(monkeypatch, WEB_CONCURRENCY="4")
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_warns_about_memory_login_counts_with_one_worker(monkeypatch, tmp_path, caplog):
    production(monkeypatch, WEB_CONCURRENCY="1")
    with caplog.at_level(logging.WARNING, logger="youthhub"):
        create_app({"INSTANCE_PATH": str(tmp_path)})
    assert "RATELIMIT_STORAGE_URI is memory://" in caplog.text


def test_production_takes_a_shared_store_for_login_counts_with_several_workers(
    monkeypatch, tmp_path
):
    production(monkeypatch, WEB_CONCURRENCY="4", RATELIMIT_STORAGE_URI="redis://cache:6379/0")
    config = load_config(tmp_path)  # no Redis is reached while the settings are read
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"


def test_redis_url_alone_shares_login_counts_and_jobs_between_servers(monkeypatch, tmp_path):
    production(monkeypatch, WEB_CONCURRENCY="4", REDIS_URL="redis://cache:6379/1")
    config = load_config(tmp_path)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/1"
    assert config["REDIS_URL"] == "redis://cache:6379/1"


def test_redis_url_must_name_a_redis(monkeypatch, tmp_path):
    production(monkeypatch, REDIS_URL="http://cache:6379")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        load_config(tmp_path)


def test_development_makes_a_secret_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("YOUTHHUB_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    assert len(first) >= 32
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_urls_from_hosting_platforms_get_the_psycopg_driver(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal/youthhub")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal/youthhub"


def test_production_refuses_to_start_without_a_credential_signing_key(monkeypatch, tmp_path):
    production(monkeypatch, CREDENTIAL_SIGNING_KEY=None)
    with pytest.raises(ConfigError, match="CREDENTIAL_SIGNING_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize("key", ["not a key", "c2hvcnQ", "-----BEGIN PRIVATE KEY-----\nxx"])
def test_a_signing_key_that_is_not_ed25519_is_refused(monkeypatch, tmp_path, key):
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", key)
    with pytest.raises(ConfigError, match="Ed25519"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})


def test_a_signing_key_can_be_given_as_its_32_byte_seed(monkeypatch, tmp_path):
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", "A" * 43)  # base64url of 32 zero bytes
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert app.config["CREDENTIAL_SIGNING_KEY"] == "A" * 43


def test_development_makes_a_signing_key_once_and_keeps_it_private(monkeypatch, tmp_path):
    monkeypatch.delenv("YOUTHHUB_ENV", raising=False)
    monkeypatch.delenv("CREDENTIAL_SIGNING_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    second = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert first.config["CREDENTIAL_SIGNING_KEY"].startswith("-----BEGIN PRIVATE KEY-----")
    assert first.config["CREDENTIAL_SIGNING_KEY"] == second.config["CREDENTIAL_SIGNING_KEY"]
    key_file = tmp_path / "credential_signing_key.pem"
    assert key_file.stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_an_rsa_key(monkeypatch, tmp_path):
    production(monkeypatch, CREDENTIAL_RSA_KEY=None)
    with pytest.raises(ConfigError, match="CREDENTIAL_RSA_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_reads_the_rsa_key_from_a_file(monkeypatch, tmp_path):
    key_file = tmp_path / "badges.pem"
    key_file.write_text(shared_rsa_key())
    production(monkeypatch, CREDENTIAL_RSA_KEY=None, CREDENTIAL_RSA_KEY_FILE=str(key_file))
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["CREDENTIAL_RSA_KEY"] == shared_rsa_key()


@pytest.mark.parametrize(
    "key",
    [
        "not a key",
        "-----BEGIN PRIVATE KEY-----\nxx",
        generate_private_pem(),  # an Ed25519 key
        rsa_key.generate_private_pem(bits=1024),  # too short
    ],
    ids=["text", "broken-pem", "ed25519", "rsa-1024"],
)
def test_an_rsa_key_that_is_not_one_of_2048_bits_or_more_is_refused(monkeypatch, tmp_path, key):
    monkeypatch.setenv("CREDENTIAL_RSA_KEY", key)
    with pytest.raises(ConfigError, match="2048 bits"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})


def test_an_unreadable_rsa_key_file_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("CREDENTIAL_RSA_KEY", raising=False)
    monkeypatch.setenv("CREDENTIAL_RSA_KEY_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError, match="CREDENTIAL_RSA_KEY_FILE"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})


def test_development_makes_an_rsa_key_once_and_keeps_it_private(monkeypatch, tmp_path):
    monkeypatch.delenv("YOUTHHUB_ENV", raising=False)
    monkeypatch.delenv("CREDENTIAL_RSA_KEY", raising=False)
    monkeypatch.delenv("CREDENTIAL_RSA_KEY_FILE", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    second = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    assert first.config["CREDENTIAL_RSA_KEY"].startswith("-----BEGIN PRIVATE KEY-----")
    assert first.config["CREDENTIAL_RSA_KEY"] == second.config["CREDENTIAL_RSA_KEY"]
    key_file = tmp_path / "credential_rsa_key.pem"
    assert key_file.stat().st_mode & 0o077 == 0
