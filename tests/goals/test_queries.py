"""What each person's questions can see: their own goals, or goals shared with them."""

from tests.factories import make_admin, make_user, make_worker, make_young_person
from tests.goals.factories import area, make_goal, make_rating
from youthhub.accounts.models import Role
from youthhub.extensions import db
from youthhub.goals import queries, services, services_ratings


class TestYoungPerson:
    def test_only_their_own_goals_and_steps(self, young):
        mine = make_goal(young, steps=["One"])
        theirs = make_goal(make_young_person(), steps=["Two"])
        assert queries.own_goal(young, mine.id) == mine
        assert queries.own_goal(young, theirs.id) is None
        assert queries.goal_page(young, theirs.id) is None
        assert queries.own_step(young, mine.id, mine.steps[0].id) == mine.steps[0]
        assert queries.own_step(young, mine.id, theirs.steps[0].id) is None
        assert queries.own_step(young, theirs.id, theirs.steps[0].id) is None

    def test_a_step_only_counts_under_its_own_goal(self, young):
        first = make_goal(young, steps=["One"])
        second = make_goal(young, steps=["Two"])
        assert queries.own_step(young, second.id, first.steps[0].id) is None

    def test_the_home_shows_the_latest_rating_per_area(self, young):
        make_rating(young, 3, area_slug="happy", days_ago=5)
        make_rating(young, 7, area_slug="happy", days_ago=1)
        make_rating(young, 5, area_slug="job", days_ago=2)
        make_rating(make_young_person(), 10, area_slug="family")
        home = queries.goals_home(young)
        assert home.scores == {area("happy").id: 7, area("job").id: 5}
        shown = [(a.id, a.name, a.icon) for a in home.areas]
        assert shown == [(a.id, a.name, a.icon) for a in queries.areas()]

    def test_goals_are_grouped_with_their_progress(self, young, worker):
        goal = make_goal(young, steps=["One", "Two"])
        services.toggle_step(goal.steps[0], actor=young)
        make_goal(young, status="paused")
        make_goal(make_young_person())
        db.session.commit()
        home = queries.goals_home(young)
        [summary] = home.goals["active"]
        assert (summary.goal.id, summary.steps_total, summary.steps_done) == (goal.id, 2, 1)
        assert (summary.goal.title, summary.goal.status) == (goal.title, "active")
        assert len(home.goals["paused"]) == 1
        assert home.wins == 1

    def test_history_keeps_the_newest_fifty_oldest_first(self, young):
        for days_ago in range(60, 0, -1):
            make_rating(young, days_ago % 10 + 1, area_slug="job", days_ago=days_ago)
        page = queries.area_page(young, queries.areas()[2].id)
        assert len(page.history) == queries.HISTORY_LIMIT
        assert page.history[0].rated_at < page.history[-1].rated_at
        assert page.history[-1].score == 1 + 1 % 10  # the newest, rated a day ago

    def test_an_area_not_rated_yet_has_a_page_and_no_history_and_none_is_none(self, young):
        make_rating(make_young_person(), 7, area_slug="job")  # someone else's
        page = queries.area_page(young, area("job").id)
        assert (page.area.id, page.history) == (area("job").id, [])
        assert queries.area_page(young, max(a.id for a in queries.areas()) + 1) is None


class TestWorker:
    def test_a_worker_sees_only_goals_shared_with_them_by_their_young_people(self, young, worker):
        shared = make_goal(young, shared_with=worker)
        make_goal(young)  # private
        other_worker = make_worker()
        make_goal(make_young_person(key_worker=other_worker), shared_with=other_worker)
        result = queries.shared_goals(worker)
        assert [[s.goal for s in summaries] for _, summaries in result.people] == [[shared]]
        assert queries.shared_goal(worker, shared.id) == shared
        assert queries.shared_goal(other_worker, shared.id) is None

    def test_ratings_show_only_for_areas_of_shared_goals(self, young, worker):
        shared = make_goal(young, area_slug="job", shared_with=worker)
        make_rating(young, 6, area_slug="job")
        make_rating(young, 1, area_slug="happy", note="private")
        result = queries.shared_goals(worker)
        assert {key: r.score for key, r in result.latest.items()} == {(young.id, shared.area_id): 6}

    def test_after_a_key_worker_change_the_old_worker_sees_nothing(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        young.key_worker_id = make_worker().id
        db.session.commit()
        assert queries.shared_goals(worker).people == []
        assert queries.shared_goal_page(worker, goal.id) is None

    def test_admins_see_no_goals_at_all(self, young, worker):
        goal = make_goal(young, shared_with=worker)
        for admin in (make_admin(), make_user(Role.ADMIN, Role.YOUTH_WORKER)):
            assert queries.shared_goals(admin).people == []
            assert queries.shared_goal_page(admin, goal.id) is None

    def test_the_staff_home_counts(self, young, worker):
        make_goal(young, shared_with=worker)
        make_goal(young)
        services_ratings.ask_worker_to_get_in_touch(actor=young)
        db.session.commit()
        assert queries.staff_summary(worker) == {"shared_goals": 1, "waiting_contacts": 1}
        assert queries.staff_summary(make_worker()) == {"shared_goals": 0, "waiting_contacts": 0}
