"""The signed-in person and their roles come from the database in one query, whatever page they
open (Flask-Login's user loader: `accounts.sessions.load_session_user`)."""

from sqlalchemy import inspect

from tests.factories import in_a_request, log_in, make_admin, make_young_person
from tests.support.queries import count_queries
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.sessions import load_session_user, open_session
from youthhub.extensions import db


def loader_statements(client, url) -> list[str]:
    """The statements of a GET of `url` up to and including the one that reads the roles."""
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    roles_read = [n for n, text in enumerate(statements) if "role_grants" in text]
    return statements[: roles_read[0] + 1]


def test_the_person_and_all_their_roles_are_read_in_one_query(client):
    admin = make_admin()
    admin.role_grants.append(RoleGrant(role=Role.YOUTH_WORKER))
    db.session.commit()
    log_in(client, admin)

    statements = loader_statements(client, "/profile")

    assert len(statements) == 1, statements
    assert "user_sessions" in statements[0] and "users" in statements[0]


def test_a_young_person_page_knows_their_role_without_asking_again(client):
    young = make_young_person()
    log_in(client, young)

    with count_queries(db.engine) as statements:
        page = client.get("/profile")

    assert page.status_code == 200
    # Only the person's own query reads the grants (their names, as one column).
    reading_grants = [text for text in statements if "role_grants" in text]
    assert len(reading_grants) == 1 and "user_sessions" in reading_grants[0], reading_grants


def signed_in_as_read(user) -> User:
    """`user` as a page reads them: through their session's token, in a fresh ORM session."""
    token = open_session(user, remember=False, user_agent=None)
    db.session.commit()
    db.session.expunge_all()
    with in_a_request():
        return load_session_user(token)


def test_the_roles_read_with_the_person_are_theirs_and_load_no_grants(app):
    admin = make_admin()
    admin.role_grants.append(RoleGrant(role=Role.YOUTH_WORKER))
    db.session.commit()

    person = signed_in_as_read(admin)

    assert person.roles == {"admin", "youth_worker"}
    assert person.is_staff and not person.is_young_person
    assert "role_grants" in inspect(person).unloaded


def test_a_change_to_the_grants_of_the_person_read_shows_at_once(app):
    person = signed_in_as_read(make_young_person())
    assert person.roles == {"young_person"}

    person.role_grants.append(RoleGrant(role=Role.YOUTH_WORKER))
    assert person.roles == {"young_person", "youth_worker"}

    person.take_read_roles(frozenset({"young_person", "youth_worker"}))
    person.role_grants.remove(person.role_grants[0])
    assert person.roles == {"youth_worker"}

    person.take_read_roles(frozenset({"youth_worker"}))
    person.role_grants = [RoleGrant(role=Role.ADMIN)]
    assert person.roles == {"admin"}


def test_someone_with_no_roles_left_has_none(app):
    young = make_young_person()
    young.role_grants = []
    db.session.commit()

    assert signed_in_as_read(young).roles == frozenset()
