"""What the group page offers is exactly what the groups services accept: for every state of a
membership and every kind of person, a button is on the page if and only if pressing it works.

Each case builds its scene, reads the page, then presses the action (it always posts, whether or
not the button was there) and checks whether anything changed."""

import re
from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_group, make_member
from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from youthhub.extensions import db
from youthhub.groups.models import Membership, MembershipStatus

OWN_STATES = ["none", "requested", "member", "lead", "declined", "left"]
OWN_ACTIONS = ["join", "leave", "step-down"]


def snapshot(group) -> list[tuple]:
    db.session.expire_all()
    rows = db.session.query(Membership).filter_by(group_id=group.id).order_by(Membership.id)
    return [(m.person_id, m.status, m.is_lead) for m in rows]


def offered(html: str, path: str) -> bool:
    return re.search(rf'action="{re.escape(path)}"', html) is not None


def own_scene(state: str):
    group = make_group("Eat Club")
    young = make_young_person(name="Jo")
    if state == "lead":
        make_member(group, young, lead=True)
    elif state != "none":
        make_member(group, young, status=MembershipStatus(state))
    return group, young


@pytest.mark.parametrize("action", OWN_ACTIONS)
@pytest.mark.parametrize("state", OWN_STATES)
def test_a_young_persons_own_buttons_are_exactly_what_works(client, state, action):
    group, young = own_scene(state)
    log_in(client, young)
    path = f"/groups/{group.id}/{action}"
    shown = offered(client.get(f"/groups/{group.id}").get_data(as_text=True), path)
    before = snapshot(group)
    response = client.post(path)
    assert response.status_code == 302
    assert (snapshot(group) != before) == shown, (state, action, shown)


@pytest.mark.parametrize(
    ("state", "buttons"),
    [
        ("none", {"join"}),
        ("requested", {"leave"}),
        ("member", {"leave"}),
        ("lead", {"leave", "step-down"}),
        ("declined", {"join"}),
        ("left", {"join"}),
    ],
)
def test_each_state_shows_the_buttons_a_person_expects(client, state, buttons):
    group, young = own_scene(state)
    log_in(client, young)
    html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    shown = {action for action in OWN_ACTIONS if offered(html, f"/groups/{group.id}/{action}")}
    assert shown == buttons


ANSWERERS = ["worker", "admin", "lead", "member", "finance"]


def person_as(role: str, group):
    if role == "worker":
        return make_worker()
    if role == "admin":
        return make_admin()
    if role == "finance":
        return make_finance()
    person = make_young_person()
    make_member(group, person, lead=role == "lead")
    return person


def can_see_group(role: str) -> bool:
    return role != "finance"


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize("request_state", ["requested", "member", "declined"])
@pytest.mark.parametrize("role", ANSWERERS)
def test_answer_buttons_are_exactly_what_works(client, role, request_state, answer):
    group = make_group("Parent Power")
    asking = make_member(group, make_young_person(), status=MembershipStatus(request_state))
    log_in(client, person_as(role, group))
    path = f"/groups/{group.id}/requests/{asking.id}/{answer}"
    page = client.get(f"/groups/{group.id}")
    shown = page.status_code == 200 and offered(page.get_data(as_text=True), path)
    before = snapshot(group)
    client.post(path)
    assert (snapshot(group) != before) == shown, (role, request_state, answer, shown)
    if role in {"worker", "admin", "lead"} and request_state == "requested":
        assert shown  # the matrix is not passing on pages that offer nothing


@pytest.mark.parametrize("change", ["lead", "not-lead"])
@pytest.mark.parametrize("member_state", ["member", "lead", "requested"])
@pytest.mark.parametrize("role", ANSWERERS)
def test_lead_buttons_are_exactly_what_works(client, role, member_state, change):
    group = make_group("Brothers")
    person = make_young_person()
    if member_state == "lead":
        member = make_member(group, person, lead=True)
    else:
        member = make_member(group, person, status=MembershipStatus(member_state))
    log_in(client, person_as(role, group))
    path = f"/manage/groups/{group.id}/members/{member.id}/{change}"
    page = client.get(f"/groups/{group.id}")
    shown = page.status_code == 200 and offered(page.get_data(as_text=True), path)
    before = snapshot(group)
    client.post(path)
    changed = snapshot(group) != before
    would_change = (change == "lead") != (member_state == "lead")
    # A button is shown exactly when the service accepts it and pressing it changes something.
    assert changed == (shown and would_change), (role, member_state, change, shown)
    if role in {"worker", "admin"} and member_state != "requested":
        assert shown == would_change


@pytest.mark.parametrize("when", ["coming", "over", "cancelled"])
@pytest.mark.parametrize("role", ["worker", "lead"])
def test_the_cancel_form_on_a_session_is_offered_exactly_when_it_works(client, role, when):
    group = make_group("Vibes in the Kitchen")
    starts_in = timedelta(days=3) if when != "over" else timedelta(days=-3)
    activity = make_activity(title="Jollof night", group=group, starts_in=starts_in)
    if when == "cancelled":
        from youthhub.core.time import utcnow

        activity.cancelled_at = utcnow()
        db.session.commit()
    log_in(client, person_as(role, group))
    path = f"/groups/{group.id}/sessions/{activity.id}/cancel"
    page = client.get(f"/groups/{group.id}/sessions/{activity.id}/edit")
    shown = offered(page.get_data(as_text=True), path)
    was_cancelled = activity.cancelled_at
    client.post(path, data={"reason": "Rain"})
    db.session.expire_all()
    assert (activity.cancelled_at != was_cancelled) == shown, (role, when, shown)
    assert shown == (when == "coming")
