"""Pages run the same number of SQL queries however much data there is."""

import pytest

from tests.factories import log_in, make_admin, make_worker, make_young_person
from tests.support.queries import count_queries
from youthhub.accounts import services
from youthhub.accounts.models import Role
from youthhub.extensions import db


def queries_for(client, url) -> int:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def add_people(worker, admin, how_many: int) -> None:
    for number in range(how_many):
        make_young_person(key_worker=worker)
        services.invite_staff(
            f"staff{number}-{id(worker)}@example.org", [Role.FINANCE], actor=admin
        )
    db.session.commit()


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("admin", "/manage/"),
        ("admin", "/manage/people"),
        ("admin", "/manage/invites"),
        ("worker", "/manage/"),
        ("worker", "/manage/my-young-people"),
        ("young", "/"),
        ("young", "/profile"),
    ],
)
def test_queries_stay_constant_as_people_are_added(client, role, url):
    worker, admin = make_worker(), make_admin()
    young = make_young_person(key_worker=worker)
    log_in(client, {"admin": admin, "worker": worker, "young": young}[role])

    add_people(worker, admin, 3)
    few = queries_for(client, url)
    add_people(worker, admin, 30)
    many = queries_for(client, url)

    assert many == few
    # An admin's home gathers the most: people, invites, data rights, and (as they take
    # registers too) the day's sessions and what is waiting. The signed-in person and their
    # roles are one query of these (`accounts.sessions.session_for_token`).
    assert few <= (7 if (role, url) == ("admin", "/manage/") else 5), few
