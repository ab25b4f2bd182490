"""Goal rules, tested through the services that enforce them."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_admin, make_user, make_worker, make_young_person
from tests.goals.factories import make_goal
from youthhub.accounts.models import Role
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.goals import services
from youthhub.goals.models import GoalStatus, Win, WinKind


def audit() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


GOALS_ACTIONS = ("goal.", "goal_area.", "help_contact.", "rating.", "contact.")


def actions() -> list[str]:
    """The goals domain's own audit entries (other domains, e.g. endings, write theirs too)."""
    return [entry.action for entry in audit() if entry.action.startswith(GOALS_ACTIONS)]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


class TestCreateGoal:
    def test_a_goal_in_their_own_words_with_first_steps(self, young, areas):
        goal = services.create_goal(
            area=areas["job"],
            title="  Get a Saturday job ",
            notes=" Ask at the café ",
            steps=["Write my CV", "  ", "", "Ask at three shops"],
            actor=young,
        )
        assert goal.title == "Get a Saturday job"
        assert goal.notes == "Ask at the café"
        assert [step.text for step in goal.steps] == ["Write my CV", "Ask at three shops"]
        assert goal.status == GoalStatus.ACTIVE
        assert goal.owner_id == young.id

    def test_goals_start_private(self, young, areas):
        goal = services.create_goal(area=areas["job"], title="Get a job", actor=young)
        assert goal.shared_with_id is None

    def test_the_audit_log_never_holds_the_goals_words(self, young, areas):
        services.create_goal(area=areas["job"], title="Something private", actor=young)
        entry = audit()[-1]
        assert entry.action == "goal.created"
        assert "Something private" not in str(entry.details)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"title": ""}, "Write your goal in a few words."),
            ({"title": "   \n "}, "Write your goal in a few words."),
            ({"title": "x" * 201}, "Keep your goal to 200 characters"),
            ({"notes": "x" * 2001}, "Keep your notes to 2,000 characters"),
            ({"steps": ["x" * 201]}, "Keep each step to 200 characters"),
            ({"steps": ["step"] * 31}, "up to 30 steps"),
            ({"target_date": london_today() - timedelta(days=1)}, "from today onwards"),
        ],
    )
    def test_bad_goals_are_refused_kindly(self, young, areas, changes, message):
        details = {"area": areas["job"], "title": "Get a job", **changes}
        with pytest.raises(DomainError, match=message):
            services.create_goal(**details, actor=young)

    def test_the_longest_allowed_goal_and_a_target_of_today_are_fine(self, young, areas):
        goal = services.create_goal(
            area=areas["job"],
            title="x" * 200,
            target_date=london_today(),
            steps=["s"] * 30,
            actor=young,
        )
        assert len(goal.steps) == 30

    def test_staff_cannot_set_goals(self, worker, areas):
        with pytest.raises(NotAllowed):
            services.create_goal(area=areas["job"], title="Mine", actor=worker)


class TestUpdateGoal:
    def test_changes_the_words_area_and_date(self, young, areas):
        goal = make_goal(young)
        aim = london_today() + timedelta(days=30)
        services.update_goal(
            goal, area=areas["happy"], title=" New words ", notes="", target_date=aim, actor=young
        )
        assert (goal.title, goal.area, goal.notes, goal.target_date) == (
            "New words",
            areas["happy"],
            None,
            aim,
        )
        assert actions()[-1] == "goal.updated"

    def test_a_past_target_date_can_stay_but_not_be_chosen(self, young, areas):
        past = london_today() - timedelta(days=3)
        goal = make_goal(young, target_date=past)
        services.update_goal(
            goal, area=goal.area, title="Still", notes=None, target_date=past, actor=young
        )
        with pytest.raises(DomainError, match="from today onwards"):
            services.update_goal(
                goal,
                area=goal.area,
                title="Still",
                notes=None,
                target_date=past - timedelta(days=1),
                actor=young,
            )

    def test_only_the_owner_can_change_a_goal(self, young, areas):
        goal = make_goal(young)
        for someone in (make_young_person(), make_admin(), make_worker()):
            with pytest.raises(NotAllowed):
                services.update_goal(
                    goal,
                    area=goal.area,
                    title="Hacked",
                    notes=None,
                    target_date=None,
                    actor=someone,
                )
        assert goal.title != "Hacked"


class TestStatus:
    def test_pause_and_pick_back_up(self, young):
        goal = make_goal(young)
        services.change_goal_status(goal, "paused", actor=young)
        assert goal.status == GoalStatus.PAUSED
        services.change_goal_status(goal, "active", actor=young)
        assert goal.status == GoalStatus.ACTIVE
        assert actions() == ["goal.status_changed", "goal.status_changed"]

    def test_achieving_a_goal_is_a_win_kept_once(self, young):
        goal = make_goal(young, title="Open a bank account")
        win = services.change_goal_status(goal, "achieved", actor=young)
        assert (win.kind, win.label, win.goal_id) == (WinKind.GOAL_ACHIEVED, goal.title, goal.id)
        assert goal.achieved_at is not None
        services.change_goal_status(goal, "active", actor=young)
        assert services.change_goal_status(goal, "achieved", actor=young) is None
        db.session.flush()
        assert count(Win) == 1

    def test_letting_a_goal_go_is_fine_and_reversible(self, young):
        goal = make_goal(young)
        services.change_goal_status(goal, "let_go", actor=young)
        assert goal.status == GoalStatus.LET_GO
        services.change_goal_status(goal, "active", actor=young)
        assert goal.status == GoalStatus.ACTIVE

    def test_the_same_status_changes_nothing(self, young):
        goal = make_goal(young)
        assert services.change_goal_status(goal, "active", actor=young) is None
        assert actions() == []

    @pytest.mark.parametrize("status", ["", "deleted", "ACTIVE", "x" * 500])
    def test_an_unknown_status_is_refused(self, young, status):
        with pytest.raises(DomainError, match="Choose from the list"):
            services.change_goal_status(make_goal(young), status, actor=young)

    def test_only_the_owner_can_change_the_status(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        with pytest.raises(NotAllowed):
            services.change_goal_status(goal, "achieved", actor=worker)


class TestSteps:
    def test_steps_are_added_at_the_end(self, young):
        goal = make_goal(young, steps=["One", "Two"])
        step = services.add_step(goal, "  Three ", actor=young)
        assert [s.text for s in goal.steps] == ["One", "Two", "Three"]
        assert step.position == 3
        assert actions() == ["goal.step_added"]

    def test_ticking_a_step_is_a_win_once(self, young):
        goal = make_goal(young, steps=["Call the college"])
        step = goal.steps[0]
        win = services.toggle_step(step, actor=young)
        assert step.is_done
        assert (win.kind, win.label, win.area) == (WinKind.STEP_DONE, "Call the college", goal.area)
        assert services.toggle_step(step, actor=young) is None
        assert not step.is_done
        assert services.toggle_step(step, actor=young) is None
        assert step.is_done
        db.session.flush()
        assert count(Win) == 1
        assert actions() == ["goal.step_ticked", "goal.step_unticked", "goal.step_ticked"]

    def test_removing_a_step(self, young):
        goal = make_goal(young, steps=["One", "Two"])
        services.remove_step(goal.steps[0], actor=young)
        db.session.flush()
        assert [s.text for s in goal.steps] == ["Two"]

    @pytest.mark.parametrize("status", [GoalStatus.ACHIEVED, GoalStatus.LET_GO])
    def test_a_finished_goal_keeps_its_steps_as_they_are(self, young, status):
        goal = make_goal(young, steps=["One"], status=status)
        for change in (
            lambda: services.add_step(goal, "More", actor=young),
            lambda: services.toggle_step(goal.steps[0], actor=young),
            lambda: services.remove_step(goal.steps[0], actor=young),
        ):
            with pytest.raises(DomainError, match="Pick it back up"):
                change()

    def test_a_paused_goal_can_still_have_steps(self, young):
        goal = make_goal(young, status=GoalStatus.PAUSED)
        services.add_step(goal, "Rest first", actor=young)

    @pytest.mark.parametrize(
        ("text", "message"),
        [("", "Write the step"), ("  ", "Write the step"), ("x" * 201, "200 characters")],
    )
    def test_bad_steps_are_refused(self, young, text, message):
        with pytest.raises(DomainError, match=message):
            services.add_step(make_goal(young), text, actor=young)

    def test_thirty_steps_at_most(self, young):
        goal = make_goal(young, steps=["s"] * 30)
        with pytest.raises(DomainError, match="up to 30 steps"):
            services.add_step(goal, "one more", actor=young)

    def test_only_the_owner_touches_steps(self, young, worker):
        goal = make_goal(young, steps=["One"], shared_with=worker)
        other = make_young_person()
        for change in (
            lambda: services.add_step(goal, "More", actor=other),
            lambda: services.toggle_step(goal.steps[0], actor=worker),
            lambda: services.remove_step(goal.steps[0], actor=other),
        ):
            with pytest.raises(NotAllowed):
                change()


class TestSharing:
    def test_sharing_with_the_key_worker_is_recorded(self, young, worker):
        goal = make_goal(young)
        assert services.share_goal(goal, actor=young) == worker
        assert goal.shared_with_id == worker.id
        assert goal.shared_at is not None
        assert services.worker_can_see(goal, worker)
        entry = audit()[-1]
        assert (entry.action, entry.subject_id, entry.details) == (
            "goal.shared",
            goal.id,
            {"worker_id": worker.id},
        )

    def test_sharing_twice_is_recorded_once(self, young):
        goal = make_goal(young)
        services.share_goal(goal, actor=young)
        services.share_goal(goal, actor=young)
        assert actions() == ["goal.shared"]

    def test_stopping_sharing_is_recorded_and_hides_the_goal(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        services.stop_sharing(goal, actor=young)
        assert goal.shared_with_id is None
        assert not services.worker_can_see(goal, worker)
        assert actions() == ["goal.unshared"]
        assert audit()[-1].details == {"worker_id": worker.id}

    def test_no_worker_means_nobody_to_share_with(self, areas):
        young = make_young_person()
        with pytest.raises(DomainError, match="not linked to a worker"):
            services.share_goal(make_goal(young), actor=young)

    def test_a_switched_off_worker_cannot_be_shared_with(self, young, worker):
        worker.disabled_at = utcnow()
        db.session.commit()
        with pytest.raises(DomainError, match="not linked to a worker"):
            services.share_goal(make_goal(young), actor=young)

    def test_only_the_owner_shares(self, young, worker):
        goal = make_goal(young)
        with pytest.raises(NotAllowed):
            services.share_goal(goal, actor=worker)
        with pytest.raises(NotAllowed):
            services.stop_sharing(make_goal(young, shared_with=worker), actor=worker)

    def test_who_can_see_a_shared_goal(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        other_worker = make_worker()
        admin = make_admin()
        admin_worker = make_user(Role.ADMIN, Role.YOUTH_WORKER)
        assert services.worker_can_see(goal, worker)
        assert not services.worker_can_see(goal, other_worker)
        assert not services.worker_can_see(goal, admin)
        assert not services.worker_can_see(goal, admin_worker)

    def test_a_new_key_worker_does_not_inherit_shared_goals(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        new_worker = make_worker()
        young.key_worker_id = new_worker.id
        db.session.commit()
        assert not services.worker_can_see(goal, worker)
        assert not services.worker_can_see(goal, new_worker)


class TestComments:
    def test_the_worker_leaves_an_encouraging_comment(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        comment = services.comment_on_goal(goal, "  Proud of you! ", actor=worker)
        assert (comment.body, comment.author_id, comment.goal_id) == (
            "Proud of you!",
            worker.id,
            goal.id,
        )
        assert actions() == ["goal.commented"]

    def test_no_comments_on_goals_not_shared_with_you(self, young, worker):
        private = make_goal(young)
        shared = make_goal(young, shared_with=worker)
        for goal, who in ((private, worker), (shared, make_worker()), (shared, make_admin())):
            with pytest.raises(NotAllowed):
                services.comment_on_goal(goal, "Hi", actor=who)

    @pytest.mark.parametrize(("body", "message"), [(" ", "Write a comment"), ("x" * 1001, "1,000")])
    def test_bad_comments_are_refused(self, young, worker, body, message):
        with pytest.raises(DomainError, match=message):
            services.comment_on_goal(make_goal(young, shared_with=worker), body, actor=worker)


@pytest.mark.parametrize(
    ("status", "new"),
    [
        (GoalStatus.ACHIEVED, "paused"),
        (GoalStatus.ACHIEVED, "let_go"),
        (GoalStatus.LET_GO, "achieved"),
        (GoalStatus.LET_GO, "paused"),
    ],
)
def test_a_finished_goal_only_goes_back_on(young, status, new):
    goal = make_goal(young, status=status)
    with pytest.raises(DomainError, match="isn't open for this goal"):
        services.change_goal_status(goal, new, actor=young)
    assert goal.status == status
