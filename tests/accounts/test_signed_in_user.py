"""The signed-in person and their roles come from the database in one query, whatever page they
open (Flask-Login's user loader: `accounts.sessions.load_session_user`)."""

from tests.factories import log_in, make_admin, make_young_person
from tests.support.queries import count_queries
from youthhub.accounts.models import Role, RoleGrant
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
    assert sum("FROM role_grants" in text for text in statements) == 0
