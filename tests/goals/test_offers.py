"""What a goals page offers is exactly what the services accept.

For every state of the records and every kind of person, the page is rendered, each button is
looked for, and then the action is tried: it must change something if and only if the page
offered it. An action not offered is either refused with a reason or changes nothing (the
second tap of a button already pressed, e.g. pausing a paused goal).
"""

import pytest
from sqlalchemy import func, select

from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from tests.goals.factories import make_goal
from tests.support.queries import ACCESS_LOG_INSERT, count_queries
from youthhub.core.errors import NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals import queries, services, services_ratings
from youthhub.goals.defaults import ensure_default_help_contacts
from youthhub.goals.models import ContactRequest, Goal, GoalComment, GoalStatus

WRITES = ("INSERT", "UPDATE", "DELETE")
STATES = [(status, shared) for status in GoalStatus for shared in (False, True)]
STATE_IDS = [f"{status.value}-{'shared' if shared else 'private'}" for status, shared in STATES]


def text(response) -> str:
    return response.get_data(as_text=True)


def goal_in(young, worker, status, shared, steps=("One",)) -> Goal:
    return make_goal(young, steps=steps, status=status, shared_with=worker if shared else None)


def snapshot(goal_id: int):
    """Everything a young person's action could change about a goal, read afresh."""
    db.session.expire_all()
    goal = db.session.get(Goal, goal_id)
    steps = [(step.text, step.done_at) for step in goal.steps]
    return goal.status, goal.shared_with_id, goal.title, goal.area_id, steps


# The goal page's actions: (how the page offers it, the POST that does it).
def _step_url(goal, verb):
    return f"/goals/{goal.id}/steps/{goal.steps[0].id}/{verb}"


OWNER_ACTIONS = {
    "tick": (
        lambda g: f'action="{_step_url(g, "toggle")}"',
        lambda g: (_step_url(g, "toggle"), {}),
    ),
    "remove step": (
        lambda g: f'action="{_step_url(g, "remove")}"',
        lambda g: (_step_url(g, "remove"), {}),
    ),
    "add step": (
        lambda g: f'action="/goals/{g.id}/steps"',
        lambda g: (f"/goals/{g.id}/steps", {"text": "A new step"}),
    ),
    "share": (lambda g: f'action="/goals/{g.id}/share"', lambda g: (f"/goals/{g.id}/share", {})),
    "stop sharing": (
        lambda g: f'action="/goals/{g.id}/unshare"',
        lambda g: (f"/goals/{g.id}/unshare", {}),
    ),
    "edit": (
        lambda g: f'href="/goals/{g.id}/edit"',
        lambda g: (f"/goals/{g.id}/edit", {"title": "New words", "area": g.area_id}),
    ),
    **{
        f"status {new.value}": (
            lambda g, new=new: f'name="status" value="{new.value}"',
            lambda g, new=new: (f"/goals/{g.id}/status", {"status": new.value}),
        )
        for new in GoalStatus
    },
}


def offered_then_tried(client, goal, action):
    """(whether the goal page offers `action`, whether doing it changed the goal)."""
    looks_for, does = OWNER_ACTIONS[action]
    offered = looks_for(goal) in text(client.get(f"/goals/{goal.id}"))
    before = snapshot(goal.id)
    url, data = does(db.session.get(Goal, goal.id))
    answer = text(client.post(url, data=data, follow_redirects=True))
    changed = snapshot(goal.id) != before
    if offered:
        assert "notice--error" not in answer, (action, answer)
    return offered, changed


class TestTheOwnersGoalPage:
    @pytest.mark.parametrize("action", OWNER_ACTIONS)
    @pytest.mark.parametrize(("status", "shared"), STATES, ids=STATE_IDS)
    def test_a_button_is_there_exactly_when_pressing_it_works(
        self, client, young, worker, status, shared, action
    ):
        goal = goal_in(young, worker, status, shared)
        log_in(client, young)
        offered, changed = offered_then_tried(client, goal, action)
        assert offered == changed, (action, offered, changed)

    @pytest.mark.parametrize("status", list(GoalStatus))
    def test_a_goal_with_thirty_steps_offers_no_more(self, client, young, worker, status):
        goal = goal_in(young, worker, status, False, steps=["s"] * services.STEPS_PER_GOAL)
        log_in(client, young)
        offered, changed = offered_then_tried(client, goal, "add step")
        assert offered is changed is False
        html = text(client.get(f"/goals/{goal.id}"))
        assert ("the most a goal can have" in html) == goal.is_open

    @pytest.mark.parametrize(
        "worker_state", ["none", "active", "switched off", "no longer a worker"]
    )
    @pytest.mark.parametrize("shared", [False, True])
    def test_sharing_is_offered_exactly_when_there_is_a_worker_to_share_with(
        self, client, worker_state, shared
    ):
        worker = make_worker(name="Sam")
        young = make_young_person(key_worker=None if worker_state == "none" else worker)
        goal = goal_in(young, worker, GoalStatus.ACTIVE, shared and worker_state != "none")
        if worker_state == "switched off":
            worker.disabled_at = utcnow()
        if worker_state == "no longer a worker":
            worker.role_grants.clear()
        db.session.commit()
        log_in(client, young)
        for action in ("share", "stop sharing"):
            offered, changed = offered_then_tried(client, goal, action)
            assert offered == changed, (action, offered, changed)

    @pytest.mark.parametrize(("status", "shared"), STATES, ids=STATE_IDS)
    def test_the_service_answers_the_page_question(self, young, worker, status, shared):
        goal = goal_in(young, worker, status, shared)
        actions = services.goal_actions(goal, actor=young)
        assert actions.moves == services.MOVES[status]
        assert actions.change_steps == actions.add_step == goal.is_open
        assert (actions.share, actions.stop_sharing) == (not shared, shared)


class TestEveryoneElse:
    @pytest.mark.parametrize(("status", "shared"), STATES, ids=STATE_IDS)
    def test_another_young_person_is_offered_nothing_and_can_do_nothing(
        self, client, young, worker, status, shared
    ):
        goal = goal_in(young, worker, status, shared)
        other = make_young_person(key_worker=worker)
        assert services.goal_actions(goal, actor=other) == services.GoalActions()
        log_in(client, other)
        assert client.get(f"/goals/{goal.id}").status_code == 404
        before = snapshot(goal.id)
        for action, (_looks_for, does) in OWNER_ACTIONS.items():
            url, data = does(db.session.get(Goal, goal.id))
            assert client.post(url, data=data).status_code == 404, action
        assert snapshot(goal.id) == before
        goal = db.session.get(Goal, goal.id)
        for refused in (
            lambda: services.add_step(goal, "x", actor=other),
            lambda: services.change_goal_status(goal, "achieved", actor=other),
            lambda: services.share_goal(goal, actor=other),
            lambda: services.stop_sharing(goal, actor=other),
        ):
            with pytest.raises(NotAllowed):
                refused()

    @pytest.mark.parametrize("make_staff", [make_worker, make_finance, make_admin])
    def test_staff_are_offered_nothing_on_a_young_persons_goal(
        self, client, young, worker, make_staff
    ):
        goal = goal_in(young, worker, GoalStatus.ACTIVE, True)
        staff = make_staff()
        assert services.goal_actions(goal, actor=staff) == services.GoalActions()
        log_in(client, staff)
        assert client.get(f"/goals/{goal.id}").status_code == 403
        assert client.post(f"/goals/{goal.id}/status", data={"status": "paused"}).status_code == 403


class TestTheWorkersPages:
    @pytest.mark.parametrize(
        "seen_by", ["key worker", "former key worker", "private", "shared with another"]
    )
    @pytest.mark.parametrize("status", list(GoalStatus))
    def test_the_comment_box_is_there_exactly_when_a_comment_is_taken(
        self, client, young, worker, status, seen_by
    ):
        shared_with = {"key worker": worker, "former key worker": worker}.get(seen_by)
        if seen_by == "shared with another":
            shared_with = make_worker()
        goal = make_goal(young, status=status, shared_with=shared_with)
        if seen_by == "former key worker":
            young.key_worker = make_worker()
            db.session.commit()
        log_in(client, worker)
        page = client.get(f"/manage/goals/shared/{goal.id}")
        form = f'action="/manage/goals/shared/{goal.id}/comments"'
        offered = page.status_code == 200 and form in text(page)
        assert offered == services.may_comment(goal, actor=worker)
        client.post(f"/manage/goals/shared/{goal.id}/comments", data={"body": "Well done!"})
        comments = db.session.scalar(select(func.count(GoalComment.id)))
        assert offered == (comments == 1), (offered, comments)

    @pytest.mark.parametrize("state", ["waiting", "handled", "another worker's"])
    def test_done_is_offered_exactly_for_requests_still_waiting_for_this_worker(
        self, client, young, worker, state
    ):
        with_worker = young if state != "another worker's" else None
        asker = with_worker or make_young_person(key_worker=make_worker())
        request = services_ratings.ask_worker_to_get_in_touch(actor=asker)
        if state == "handled":
            services_ratings.mark_contact_handled(request, actor=worker)
        db.session.commit()
        log_in(client, worker)
        done_url = f"/manage/goals/contact-requests/{request.id}/done"
        offered = done_url in text(client.get("/manage/goals/shared"))
        assert offered == services_ratings.may_mark_handled(request, actor=worker)
        handled_before = request.handled_at
        client.post(done_url)
        db.session.expire_all()
        changed = db.session.get(ContactRequest, request.id).handled_at != handled_before
        assert offered == changed == (state == "waiting")


class TestTheHelpPage:
    @pytest.mark.parametrize(
        "state",
        ["no worker", "worker", "switched-off worker", "no longer a worker", "asked", "answered"],
    )
    def test_ask_is_offered_exactly_when_it_would_ask(self, client, state):
        worker = make_worker(name="Sam")
        young = make_young_person(key_worker=None if state == "no worker" else worker)
        if state == "switched-off worker":
            worker.disabled_at = utcnow()
        if state == "no longer a worker":
            worker.role_grants.clear()
        if state in ("asked", "answered"):
            request = services_ratings.ask_worker_to_get_in_touch(actor=young)
            if state == "answered":
                services_ratings.mark_contact_handled(request, actor=worker)
        db.session.commit()
        log_in(client, young)
        offered = 'action="/goals/help/ask"' in text(client.get("/goals/help"))
        assert offered == services_ratings.may_ask_for_contact(actor=young)
        waiting = select(func.count(ContactRequest.id)).where(ContactRequest.handled_at.is_(None))
        before = db.session.scalar(waiting)
        answer = text(client.post("/goals/help/ask", follow_redirects=True))
        asked = db.session.scalar(waiting) > before
        assert offered == asked == (state in ("worker", "answered")), answer


class TestTheAdminsAreaList:
    def test_each_move_button_is_there_exactly_when_it_moves_the_area(self, client):
        log_in(client, make_admin())
        for area in queries.areas():
            for direction in ("up", "down"):
                html = text(client.get("/manage/goals/areas"))
                form = html.split(f'action="/manage/goals/areas/{area.id}/move"', 1)[1]
                form = form.split("</form>", 1)[0]
                offered = f'value="{direction}"' in form
                before = [each.id for each in queries.areas()]
                client.post(f"/manage/goals/areas/{area.id}/move", data={"direction": direction})
                db.session.expire_all()
                moved = [each.id for each in queries.areas()] != before
                assert offered == moved, (area.slug, direction)


class TestLookingNeverWrites:
    """A GET is rolled back, so a write on one would be lost without a word: none may try."""

    def test_no_goals_page_writes(self, app, client, young, worker):
        ensure_default_help_contacts()
        goal = make_goal(young, steps=["One"], shared_with=worker)
        services_ratings.ask_worker_to_get_in_touch(actor=young)
        db.session.commit()
        for person in (young, worker, make_admin()):
            log_in(client, person)
            for rule in app.url_map.iter_rules():
                if not rule.endpoint.startswith("goals") or "GET" not in rule.methods:
                    continue
                url = rule.rule.replace("<id:goal_id>", str(goal.id))
                url = url.replace("<id:area_id>", str(goal.area_id))
                url = url.replace("<id:contact_id>", "1")
                with count_queries(db.engine) as statements:
                    client.get(url)
                writes = [
                    s
                    for s in statements
                    if s.lstrip().upper().startswith(WRITES) and ACCESS_LOG_INSERT not in s
                ]
                assert writes == [], (person.email, url, writes)
            client.post("/logout")
