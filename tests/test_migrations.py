"""The models and the migrations describe the same schema (alembic's own `check`)."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from youthhub.extensions import db

# Alembic opens connections of its own.
pytestmark = pytest.mark.committing


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_alembic_check_finds_nothing_to_generate(app):
    # Exits with status 1 if autogenerate would write a new migration.
    flask_migrate.check()
