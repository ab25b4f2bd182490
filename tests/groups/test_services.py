"""Power group rules: joining, answering requests, leads, and the limits of a lead's power."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.activities.factories import make_activity, make_group, make_member
from tests.activities.test_services import details
from tests.factories import make_admin, make_finance, make_worker, make_young_person
from youthhub.activities import publishing
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db
from youthhub.groups import services
from youthhub.groups.models import MembershipStatus
from youthhub.groups.services import GroupDetails
from youthhub.notices.models import Notice


@pytest.fixture
def led_group(app):
    group, lead = make_group("Parent Power"), make_young_person()
    make_member(group, lead, lead=True)
    return group, lead


class TestSettingUp:
    def test_staff_set_up_a_group(self, app):
        group = services.create_group(
            GroupDetails(name=" Eat Club ", meets="Fridays", audience=["new_members"]),
            actor=make_worker(),
        )
        assert (group.name, group.meets, group.audience_csv) == (
            "Eat Club",
            "Fridays",
            "new_members",
        )

    @pytest.mark.parametrize("actor", [make_young_person, make_finance])
    def test_only_youth_workers_and_admins_set_up_groups(self, app, actor):
        with pytest.raises(NotAllowed):
            services.create_group(GroupDetails(name="Brothers"), actor=actor())

    def test_names_are_unique_whatever_the_case(self, app):
        make_group("Brothers")
        with pytest.raises(DomainError, match="already a group called"):
            services.create_group(GroupDetails(name="brothers"), actor=make_admin())


class TestJoining:
    def test_a_young_person_asks_and_a_lead_lets_them_in(self, app, led_group):
        group, lead = led_group
        young = make_young_person()
        membership = services.request_to_join(group, actor=young)
        assert membership.status == MembershipStatus.REQUESTED
        services.accept_member(membership, group, actor=lead)
        assert membership.status == MembershipStatus.MEMBER
        text = db.session.scalar(select(Notice.text).where(Notice.recipient_id == young.id))
        assert "Welcome to Parent Power" in text

    def test_asking_twice_or_when_in_is_refused(self, app, led_group):
        group, lead = led_group
        young = make_young_person()
        services.request_to_join(group, actor=young)
        with pytest.raises(DomainError, match="already asked"):
            services.request_to_join(group, actor=young)
        with pytest.raises(DomainError, match="already in"):
            services.request_to_join(group, actor=lead)

    def test_a_declined_person_may_ask_again_later(self, app, led_group):
        group, lead = led_group
        young = make_young_person()
        membership = services.request_to_join(group, actor=young)
        services.decline_member(membership, group, actor=lead)
        with pytest.raises(DomainError, match="already been answered"):
            services.accept_member(membership, group, actor=lead)
        assert services.request_to_join(group, actor=young).status == MembershipStatus.REQUESTED

    def test_staff_do_not_join_groups(self, app, led_group):
        with pytest.raises(NotAllowed):
            services.request_to_join(led_group[0], actor=make_worker())

    def test_a_member_leaves(self, app, led_group):
        group, _lead = led_group
        young = make_young_person()
        make_member(group, young)
        services.leave_group(group, actor=young)
        with pytest.raises(DomainError, match="not in this group"):
            services.leave_group(group, actor=young)


class TestLeads:
    def test_staff_make_a_member_a_lead_and_a_lead_can_step_down(self, app):
        group, young = make_group(), make_young_person()
        membership = make_member(group, young)
        services.set_lead(membership, group, True, actor=make_worker())
        assert membership.is_lead
        services.step_down(group, actor=young)
        assert not membership.is_lead and membership.status == MembershipStatus.MEMBER
        with pytest.raises(DomainError, match="not a lead"):
            services.step_down(group, actor=young)

    def test_a_lead_cannot_make_leads(self, app, led_group):
        group, lead = led_group
        other = make_member(group, make_young_person())
        with pytest.raises(NotAllowed):
            services.set_lead(other, group, True, actor=lead)

    def test_someone_who_only_asked_cannot_be_a_lead(self, app):
        group = make_group()
        asked = make_member(group, make_young_person(), status=MembershipStatus.REQUESTED)
        with pytest.raises(DomainError, match="Only members"):
            services.set_lead(asked, group, True, actor=make_admin())

    def test_a_lead_answers_only_their_own_groups_requests(self, app, led_group):
        group, lead = led_group
        other_group = make_group("Brothers")
        request = services.request_to_join(other_group, actor=make_young_person())
        with pytest.raises(NotAllowed):
            services.accept_member(request, other_group, actor=lead)
        with pytest.raises(NotAllowed, match="another group"):
            services.accept_member(request, group, actor=lead)

    def test_a_member_who_is_not_a_lead_answers_nothing(self, app, led_group):
        group, _lead = led_group
        member = make_young_person()
        make_member(group, member)
        request = services.request_to_join(group, actor=make_young_person())
        with pytest.raises(NotAllowed):
            services.accept_member(request, group, actor=member)

    def test_a_lead_who_stepped_down_loses_the_power(self, app, led_group):
        group, lead = led_group
        services.step_down(group, actor=lead)
        request = services.request_to_join(group, actor=make_young_person())
        with pytest.raises(NotAllowed):
            services.accept_member(request, group, actor=lead)


class TestLeadsAndSessions:
    def test_a_lead_schedules_edits_and_cancels_their_groups_sessions(self, app, led_group):
        group, lead = led_group
        [session] = publishing.create_activities(details(group=group), actor=lead)
        assert session.group_id == group.id
        publishing.update_activity(session, details(group=group, title="New"), actor=lead)
        assert session.title == "New"
        publishing.cancel_activity(session, actor=lead)
        assert session.is_cancelled

    def test_a_lead_schedules_nothing_outside_their_group(self, app, led_group):
        _group, lead = led_group
        other = make_group("Vibes in the Kitchen")
        with pytest.raises(NotAllowed):
            publishing.create_activities(details(group=other), actor=lead)
        with pytest.raises(NotAllowed):
            publishing.create_activities(details(group=None), actor=lead)

    def test_a_lead_cannot_touch_other_activities(self, app, led_group):
        _group, lead = led_group
        theirs = make_activity(group=make_group("Brothers"))
        nobodys = make_activity()
        for activity in (theirs, nobodys):
            with pytest.raises(NotAllowed):
                publishing.update_activity(activity, details(), actor=lead)
            with pytest.raises(NotAllowed):
                publishing.cancel_activity(activity, actor=lead)

    def test_a_lead_cannot_move_a_session_to_another_group(self, app, led_group):
        group, lead = led_group
        session = make_activity(group=group)
        with pytest.raises(NotAllowed):
            publishing.update_activity(session, details(group=make_group("Eat Club")), actor=lead)

    def test_a_lead_may_edit_a_paid_session_without_changing_the_paid_part(self, app, led_group):
        group, lead = led_group
        session = make_activity(
            group=group, is_paid_role=True, contribution_kind="Panel", expected_minutes=90
        )
        same_pay = details(
            group=group, is_paid_role=True, contribution_kind="Panel", expected_minutes=90
        )
        publishing.update_activity(session, same_pay, actor=lead)
        more_pay = details(
            group=group, is_paid_role=True, contribution_kind="Panel", expected_minutes=600
        )
        with pytest.raises(NotAllowed, match="paid role"):
            publishing.update_activity(session, more_pay, actor=lead)

    def test_staff_run_any_groups_sessions(self, app, led_group):
        group, _lead = led_group
        start = make_activity().starts_at + timedelta(days=1)
        [session] = publishing.create_activities(
            details(group=group, starts_at=start, ends_at=start + timedelta(hours=1)),
            actor=make_worker(),
        )
        assert session.group_id == group.id
