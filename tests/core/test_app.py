"""The app as a whole: health check, configuration, headers and error pages."""

import pytest

from youthhub import create_app
from youthhub.config import ConfigError
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


def test_production_starts_with_a_strong_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("YOUTHHUB_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", generate_private_pem())
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SHOW_DEMO_LOGINS"] is False


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
    monkeypatch.setenv("YOUTHHUB_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.delenv("CREDENTIAL_SIGNING_KEY", raising=False)
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
