"""Who has looked at my data: a staff member opening a young person's record writes an access
entry; the young person sees them in plain words, and nobody else does."""

import html
import re

import pytest
from sqlalchemy import select

from tests.core.test_routes import (  # noqa: F401  (the fixtures: one of everything)
    ACCESS,
    client_as,
    committed_world,
    routes,
    world,
)
from tests.factories import log_in, make_young_person
from youthhub.core.access_log import AccessEntry
from youthhub.extensions import db

# Staff pages that list many young people at once (a queue, a register, a list of names) are
# not "opening a young person's record": noting each name on them would bury the looks that
# matter. Every other staff page that shows a young person's name must write a look.
LISTS = {
    "accounts_manage.people",
    "accounts_manage.my_young_people",
    "activities_manage.detail",
    "register.take",
    "groups_manage.index",
    "groups_manage.edit",
    "groups.group",
    "goals_manage.shared",
    "endings_manage.index",
    "payments_manage.claims",
    "payments_manage.finance",
    "payments_manage.new_claim",  # a form choosing among the worker's young people
    "home.staff_home",
    "notices.index",  # one's own news, e.g. "Alex would like you to get in touch"
    "rights_manage.requests",
}


def looks_at(person) -> list[AccessEntry]:
    db.session.expire_all()
    return db.session.scalars(select(AccessEntry).where(AccessEntry.person_id == person.id)).all()


@pytest.mark.parametrize("role", ["youth_worker", "finance", "admin"])
def test_every_staff_page_showing_a_young_persons_data_writes_a_look(app, world, role):  # noqa: F811
    young = world.people["young_person"]
    shows_them = re.compile(rf"{re.escape(young.preferred_name)}(?!\d)")
    client = client_as(app, world, role)
    silent = []
    for rule in routes(app, "GET"):
        if rule.endpoint in LISTS or ACCESS[rule.endpoint] == "public":
            continue  # public pages (a certificate's check) are not a staff member's look
        before = len(looks_at(young))
        response = client.get(world.url(rule))
        page = (
            html.unescape(response.get_data(as_text=True))
            if response.mimetype == "text/html"
            else ""
        )
        shown = response.status_code == 200 and shows_them.search(page)
        if shown and len(looks_at(young)) == before:
            silent.append(rule.endpoint)
    assert silent == []


def test_the_young_person_sees_who_looked_in_plain_words(app, world):  # noqa: F811
    young, worker = world.people["young_person"], world.people["youth_worker"]
    staff = client_as(app, world, "youth_worker")
    staff.get(f"/manage/goals/shared/{world.ids['goal_id']}")
    mine = client_as(app, world, "young_person")
    page = html.unescape(mine.get("/my-data/who-looked").get_data(as_text=True))
    assert f"{worker.preferred_name}, your youth worker, looked at your shared goal" in page
    assert "Get my provisional licence" in page
    entry = looks_at(young)[0]
    assert (entry.viewer_id, entry.what) == (worker.id, "shared_goal")


def test_nobody_else_sees_them(app, world):  # noqa: F811
    staff = client_as(app, world, "admin")
    staff.get(f"/manage/people/{world.people['young_person'].id}")
    other = app.test_client()
    log_in(other, make_young_person())
    page = other.get("/my-data/who-looked").get_data(as_text=True)
    assert world.people["admin"].preferred_name not in page
    for role in ("youth_worker", "finance", "admin"):
        assert client_as(app, world, role).get("/my-data/who-looked").status_code == 403


def test_a_refused_page_is_not_a_look(app, world):  # noqa: F811
    finance = client_as(app, world, "finance")
    assert finance.get(f"/manage/endings/{world.people['young_person'].id}").status_code == 403
    assert looks_at(world.people["young_person"]) == []


def test_a_look_is_written_even_though_the_page_rolled_back(app, world):  # noqa: F811
    client = client_as(app, world, "youth_worker")
    client.get(f"/manage/reports/people/{world.people['young_person'].id}/attendance")
    client.get(f"/manage/reports/people/{world.people['young_person'].id}/attendance")
    assert [entry.what for entry in looks_at(world.people["young_person"])] == [
        "attendance",
        "attendance",
    ]


def test_opening_their_certificate_pdf_is_a_look(app, world):  # noqa: F811
    client = client_as(app, world, "youth_worker")
    response = client.get(f"/manage/certificates/{world.ids['certificate_id']}.pdf")
    assert response.mimetype == "application/pdf"
    assert [entry.what for entry in looks_at(world.people["young_person"])] == ["certificate"]
