"""Result columns described on demand (core/described.py): the same description psycopg makes,
made only when read, and not made at all for a statement SQLAlchemy has run before."""

import psycopg
import pytest
from sqlalchemy import literal, select, text

from tests.conftest import DATABASE_KIND
from youthhub.accounts.models import User
from youthhub.core import described
from youthhub.extensions import db
from youthhub.groups.models import Group

pytestmark = pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="psycopg's cursors")

QUERY = "SELECT 1 AS one, 'two'::text AS two, now() AS three"


def driver_connection():
    return db.session.connection().connection.dbapi_connection


def as_tuples(description) -> list[tuple]:
    return [tuple(column) for column in description]


def test_the_description_is_psycopgs_own(app):
    with app.app_context():
        connection = driver_connection()
        assert connection.cursor_factory is described.Cursor
        with connection.cursor() as ours, psycopg.Cursor(connection) as theirs:
            ours.execute(QUERY)
            theirs.execute(QUERY)
            assert as_tuples(ours.description) == as_tuples(theirs.description)
            assert len(ours.description) == 3
            assert [column.name for column in ours.description[-2:]] == ["two", "three"]
            assert ours.description[0].type_code == theirs.description[0].type_code


def test_a_statement_without_rows_has_no_description(app):
    with app.app_context(), driver_connection().cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        assert cursor.description is None


def test_a_description_keeps_its_own_result(app):
    with app.app_context(), driver_connection().cursor() as cursor:
        cursor.execute(QUERY)
        first = cursor.description
        cursor.execute("SELECT 1 AS other")
        assert [column.name for column in first] == ["one", "two", "three"]


def made_columns(monkeypatch) -> list:
    made = []
    original = psycopg.Column.__init__

    def counted(self, cursor, index):
        made.append(index)
        original(self, cursor, index)

    monkeypatch.setattr(psycopg.Column, "__init__", counted)
    return made


def test_a_statement_run_before_makes_no_columns(app, monkeypatch):
    # Statements of this test's own, so no other test has run them before in this process.
    rows = select(Group.id, Group.name, literal("described").label("test"))
    people = select(User, literal("described").label("test")).limit(1)
    with app.app_context():
        made = made_columns(monkeypatch)
        db.session.execute(rows).all()  # the first run: SQLAlchemy reads the columns
        db.session.scalars(people).all()
        assert len(made) == 3 + 1 + len(User.__table__.columns)
        made.clear()
        db.session.execute(rows).all()
        db.session.scalars(people).all()
        assert made == []


def test_rows_read_by_column_name_from_plain_sql(app):
    with app.app_context():
        row = db.session.execute(text(QUERY)).one()
        assert (row.one, row.two) == (1, "two")
