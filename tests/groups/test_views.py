"""Power groups through the web pages: young people, their leads, and staff."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.activities.factories import make_activity, make_group, make_member
from tests.activities.test_views import ACTIVITY_FORM, text
from tests.factories import log_in, make_worker, make_young_person
from youthhub.activities.models import Activity
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus


@pytest.fixture
def group(app):
    return make_group("Vibes in the Kitchen", meets="Every Thursday", about="Cooking together")


@pytest.fixture
def lead(client, group):
    person = make_young_person(name="Lead Lina")
    make_member(group, person, lead=True)
    log_in(client, person)
    return person


class TestBrowsingAndJoining:
    def test_young_people_browse_groups_and_ask_to_join(self, client, group):
        young = make_young_person()
        log_in(client, young)
        listing = text(client.get("/groups/"))
        assert "Vibes in the Kitchen" in listing and "Every Thursday" in listing
        response = client.post(f"/groups/{group.id}/join", follow_redirects=True)
        assert "A group lead will get back to you soon" in text(response)
        assert "You've asked to join" in text(client.get("/groups/"))

    def test_members_are_shown_only_to_members_and_staff(self, client, group):
        make_member(group, make_young_person(name="Member Mo"))
        outsider = make_young_person()
        log_in(client, outsider)
        page = text(client.get(f"/groups/{group.id}"))
        assert "Cooking together" in page and "Member Mo" not in page
        make_member(group, outsider)
        assert "Member Mo" in text(client.get(f"/groups/{group.id}"))

    def test_next_sessions_are_on_the_group_page(self, client, group):
        make_activity(title="Jollof night", group=group)
        make_activity(title="Long gone", group=group, starts_in=timedelta(days=-5))
        log_in(client, make_young_person())
        page = text(client.get(f"/groups/{group.id}"))
        assert "Jollof night" in page and "Long gone" not in page

    def test_an_unknown_group_is_404(self, client):
        log_in(client, make_young_person())
        assert client.get("/groups/424242").status_code == 404


class TestLeads:
    def test_a_lead_lets_someone_in(self, client, group, lead):
        asking = make_member(
            group, make_young_person(name="Asking Ash"), status=MembershipStatus.REQUESTED
        )
        page = text(client.get(f"/groups/{group.id}"))
        assert "Let Asking Ash in" in page
        response = client.post(
            f"/groups/{group.id}/requests/{asking.id}/accept", follow_redirects=True
        )
        assert "Asking Ash is in the group." in text(response)
        assert db.session.get(Membership, asking.id).status == MembershipStatus.MEMBER

    def test_a_lead_plans_a_session_for_their_group(self, client, group, lead):
        data = {**ACTIVITY_FORM, "repeat": "none", "group_id": "999"}
        response = client.post(f"/groups/{group.id}/sessions/new", data=data)
        assert response.status_code == 302
        activity = db.session.scalar(select(Activity))
        assert activity.group_id == group.id and not activity.is_paid_role

    def test_a_lead_cannot_make_a_paid_role(self, client, group, lead):
        data = {**ACTIVITY_FORM, "is_paid_role": "y", "contribution_kind": "Panel"}
        response = client.post(f"/groups/{group.id}/sessions/new", data=data)
        assert "Only staff can set up or change a paid role." in text(response)
        assert db.session.scalar(select(Activity.id)) is None

    def test_a_lead_edits_and_cancels_a_session(self, client, group, lead):
        session = make_activity(title="Old name", group=group)
        page = text(client.get(f"/groups/{group.id}/sessions/{session.id}/edit"))
        assert 'value="Old name"' in page
        data = {**ACTIVITY_FORM, "title": "New name", "group_id": str(group.id)}
        assert (
            client.post(f"/groups/{group.id}/sessions/{session.id}/edit", data=data).status_code
            == 302
        )
        client.post(f"/groups/{group.id}/sessions/{session.id}/cancel", data={"reason": "Ill"})
        db.session.refresh(session)
        assert session.title == "New name" and session.is_cancelled

    def test_a_lead_cannot_touch_another_group(self, client, group, lead):
        other = make_group("Brothers")
        theirs = make_activity(group=other)
        asking = make_member(other, make_young_person(), status=MembershipStatus.REQUESTED)
        assert client.get(f"/groups/{other.id}/sessions/new").status_code == 403
        assert client.get(f"/groups/{other.id}/sessions/{theirs.id}/edit").status_code == 403
        assert client.post(f"/groups/{other.id}/sessions/{theirs.id}/cancel").status_code == 403
        assert client.post(f"/groups/{other.id}/requests/{asking.id}/accept").status_code == 403
        # Their session or request reached through the lead's own group is not found.
        assert client.get(f"/groups/{group.id}/sessions/{theirs.id}/edit").status_code == 404
        assert client.post(f"/groups/{group.id}/requests/{asking.id}/accept").status_code == 404
        assert db.session.get(Membership, asking.id).status == MembershipStatus.REQUESTED
        assert not db.session.get(Activity, theirs.id).is_cancelled

    def test_a_lead_steps_down_and_loses_the_tools(self, client, group, lead):
        response = client.post(f"/groups/{group.id}/step-down", follow_redirects=True)
        assert "stepped down" in text(response)
        assert client.get(f"/groups/{group.id}/sessions/new").status_code == 403

    def test_a_lead_is_not_staff(self, client, lead):
        assert client.get("/manage/groups/").status_code == 403
        assert client.get("/manage/activities/").status_code == 403


class TestStaff:
    def test_a_worker_sets_up_a_group_and_makes_a_lead(self, client):
        log_in(client, make_worker())
        response = client.post(
            "/manage/groups/new",
            data={"name": "Parent Power", "about": "Parents together", "meets": "Mondays"},
        )
        group = db.session.scalar(select(Group))
        assert response.headers["Location"].endswith(f"/groups/{group.id}")
        member = make_member(group, make_young_person(name="Pat"))
        assert "Make Pat a lead" in text(client.get(f"/groups/{group.id}"))
        client.post(f"/manage/groups/{group.id}/members/{member.id}/lead")
        assert db.session.get(Membership, member.id).is_lead
        client.post(f"/manage/groups/{group.id}/members/{member.id}/not-lead")
        assert not db.session.get(Membership, member.id).is_lead

    def test_a_refused_group_form_keeps_what_was_typed(self, client, group):
        log_in(client, make_worker())
        response = client.post(
            "/manage/groups/new", data={"name": "vibes in the kitchen", "meets": "Sundays"}
        )
        html = text(response)
        assert "already a group called" in html and 'value="Sundays"' in html

    def test_editing_a_group(self, client, group):
        log_in(client, make_worker())
        page = text(client.get(f"/manage/groups/{group.id}/edit"))
        assert 'value="Every Thursday"' in page
        client.post(
            f"/manage/groups/{group.id}/edit",
            data={"name": "Vibes", "meets": "Fridays", "audience": ["open_to_all"]},
        )
        db.session.refresh(group)
        assert (group.name, group.meets, group.audience_csv) == ("Vibes", "Fridays", "open_to_all")

    def test_a_membership_of_another_group_is_404(self, client, group):
        log_in(client, make_worker())
        other = make_member(make_group(), make_young_person())
        url = f"/manage/groups/{group.id}/members/{other.id}/lead"
        assert client.post(url).status_code == 404


def test_sessions_of_a_group_that_were_cancelled_are_marked(client, group):
    make_activity(title="Off", group=group, cancelled_at=utcnow())
    log_in(client, make_worker())
    assert "Cancelled" in text(client.get(f"/groups/{group.id}"))
