"""The app as a whole: health check, configuration, headers and error pages."""

import pytest

from youthhub import create_app
from youthhub.config import ConfigError


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
