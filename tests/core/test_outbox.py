"""Changes sent from a phone's outbox: each applied once per person and key, with the time it was
really made, and a refusal said in words the phone can show (core/outbox.py). Driven through the
young person's real forms: a rating, a ticked step and a claim."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from tests.factories import log_in, make_worker, make_young_person
from tests.goals.factories import area, default_areas, make_goal
from youthhub.core.outbox import KEEP_DAYS, OfflineSend, forget_old_sends, taken_at
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.models import GoalStatus, Rating, Win
from youthhub.rights.registry import sources

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def areas(app):
    return default_areas()


@pytest.fixture
def young():
    return make_young_person(name="Jordan", key_worker=make_worker(name="Sam"))


@pytest.fixture
def as_young(client, young):
    log_in(client, young)
    return client


def key() -> str:
    return str(uuid.uuid4())


def rate(client, score="6", headers=None, **fields):
    return client.post(
        f"/goals/areas/{area('job').id}/rate", data={"score": score, **fields}, headers=headers
    )


def ratings(person) -> list[Rating]:
    return list(db.session.scalars(select(Rating).where(Rating.owner_id == person.id)))


class TestOnce:
    def test_the_same_key_twice_is_applied_once_and_answered_the_same(self, as_young, young):
        sent = key()
        first = rate(as_young, headers={"Idempotency-Key": sent})
        again = rate(as_young, headers={"Idempotency-Key": sent})
        assert first.status_code == again.status_code == 302
        assert again.location == first.location
        assert len(ratings(young)) == 1

    def test_a_replay_asked_as_json_says_it_arrived_without_applying_it_again(
        self, as_young, young
    ):
        sent = key()
        first = rate(as_young, headers={**JSON, "Idempotency-Key": sent})
        again = rate(as_young, headers={**JSON, "Idempotency-Key": sent})
        assert first.status_code == 200
        assert first.json["ok"] is True
        assert first.json["messages"] == ["Thanks. Your rating is saved."]
        assert again.json == {
            "ok": True,
            "location": first.json["location"],
            "messages": [],
            "replayed": True,
        }
        assert len(ratings(young)) == 1

    def test_the_key_may_come_as_a_hidden_field(self, as_young, young):
        sent = key()
        rate(as_young, idempotency_key=sent)
        rate(as_young, idempotency_key=sent)
        assert len(ratings(young)) == 1

    def test_without_a_key_each_post_is_a_change_as_before(self, as_young, young):
        rate(as_young)
        rate(as_young)
        assert len(ratings(young)) == 2

    def test_one_key_from_two_people_is_two_changes(self, client, app, young):
        other = make_young_person(name="Riley")
        sent = key()
        log_in(client, young)
        rate(client, headers={"Idempotency-Key": sent})
        second = app.test_client()
        log_in(second, other)
        assert rate(second, headers={"Idempotency-Key": sent}).status_code == 302
        assert len(ratings(young)) == len(ratings(other)) == 1

    def test_a_change_queued_by_someone_else_is_never_applied(self, as_young, young):
        answer = rate(as_young, headers={**JSON, "Idempotency-Key": key(), "X-Outbox-Owner": "0"})
        assert answer.status_code == 409
        assert answer.json["ok"] is False
        assert ratings(young) == []

    def test_a_ticked_step_sent_twice_with_two_keys_stays_ticked(self, as_young, young):
        goal = make_goal(young, steps=["Book the test"])
        step = goal.steps[0]
        path = f"/goals/{goal.id}/steps/{step.id}/toggle"
        for _try in range(2):
            as_young.post(path, data={"done": "1"}, headers={"Idempotency-Key": key()})
        db.session.refresh(step)
        assert step.is_done
        assert db.session.scalar(select(func.count(Win.id)).where(Win.owner_id == young.id)) == 1

    def test_a_new_step_written_offline_and_sent_twice_is_one_step(self, as_young, young):
        goal = make_goal(young, steps=["Book the test"])
        sent = {"Idempotency-Key": key()}
        for _try in range(2):
            answer = as_young.post(
                f"/goals/{goal.id}/steps", data={"text": "Buy a map"}, headers=sent
            )
            assert answer.status_code == 302
        db.session.refresh(goal)
        assert [step.text for step in goal.steps] == ["Book the test", "Buy a map"]


class TestRefused:
    def test_a_refusal_is_answered_with_its_words_and_leaves_the_key_free(self, as_young, young):
        goal = make_goal(young, steps=["Book the test"], status=GoalStatus.ACHIEVED)
        step = goal.steps[0]
        path = f"/goals/{goal.id}/steps/{step.id}/toggle"
        sent = key()
        answer = as_young.post(path, data={"done": "1"}, headers={**JSON, "Idempotency-Key": sent})
        assert answer.status_code == 400
        message = "This goal is finished. Pick it back up to change its steps."
        assert answer.json["ok"] is False
        assert answer.json["message"] == message
        # The rule no longer stands in the way: the same change, sent again, is applied.
        goal.status = GoalStatus.ACTIVE
        db.session.commit()
        again = as_young.post(path, data={"done": "1"}, headers={**JSON, "Idempotency-Key": sent})
        assert again.json["ok"] is True
        db.session.refresh(step)
        assert step.is_done

    def test_the_refusal_is_in_welsh_for_a_welsh_phone(self, as_young, young, app):
        goal = make_goal(young, steps=["Book the test"], status=GoalStatus.ACHIEVED)
        step = goal.steps[0]
        headers = {**JSON, "Idempotency-Key": key(), "Accept-Language": "cy"}
        answer = as_young.post(
            f"/goals/{goal.id}/steps/{step.id}/toggle", data={"done": "1"}, headers=headers
        )
        english = "This goal is finished. Pick it back up to change its steps."
        with app.test_request_context(), force_locale("cy"):
            welsh = _(english)
        assert welsh != english
        assert answer.json["message"] == welsh

    def test_a_form_with_a_problem_is_answered_as_json_and_applies_nothing(self, as_young, young):
        sent = key()
        answer = rate(as_young, score="11", headers={**JSON, "Idempotency-Key": sent})
        assert answer.status_code == 400
        assert answer.json["ok"] is False
        assert answer.json["message"]
        assert rate(as_young, headers={**JSON, "Idempotency-Key": sent}).json["ok"] is True
        assert len(ratings(young)) == 1

    def test_without_json_the_form_page_shows_the_problem_as_today(self, as_young, young):
        answer = rate(as_young, score="11", headers={"Idempotency-Key": key()})
        assert answer.status_code == 200
        assert "<form" in answer.get_data(as_text=True)
        assert db.session.scalar(select(func.count(OfflineSend.id))) == 0


class TestTakenAt:
    def test_a_rating_made_offline_keeps_its_time(self, as_young, young):
        made = (utcnow() - timedelta(days=2)).replace(microsecond=0)
        rate(as_young, headers={"Idempotency-Key": key(), "X-Taken-At": made.isoformat()})
        assert ratings(young)[0].rated_at == made

    def test_a_rating_up_from_an_earlier_one_is_a_win_at_its_own_time(self, as_young, young):
        rate(as_young, score="3", headers={"X-Taken-At": _ago(days=5)})
        made = _ago(days=1)
        rate(as_young, score="8", taken_at=made)
        win = db.session.scalar(select(Win).where(Win.owner_id == young.id))
        assert (win.from_score, win.to_score) == (3, 8)
        assert win.created_at == datetime.fromisoformat(made)

    @pytest.mark.parametrize(
        ("sent", "expected"),
        [
            ("2000-01-01T00:00:00+00:00", "oldest"),
            ("2999-01-01T00:00:00+00:00", "now"),
            ("2026-11-30T10:00:00", "now"),  # no time zone: whose clock?
            ("yesterday", "now"),
            ("", "now"),
        ],
    )
    def test_a_time_is_clamped_to_the_last_month_and_never_the_future(self, app, sent, expected):
        with app.test_request_context(headers={"X-Taken-At": sent}):
            before = utcnow()
            when = taken_at()
            after = utcnow()
        if expected == "now":
            assert before <= when <= after
        else:
            assert before - timedelta(days=KEEP_DAYS) <= when <= after - timedelta(days=KEEP_DAYS)


def _ago(**delta) -> str:
    return (utcnow() - timedelta(**delta)).replace(microsecond=0).isoformat()


class TestKeptAMonth:
    def test_keys_older_than_a_month_are_forgotten(self, as_young, young):
        rate(as_young, headers={"Idempotency-Key": key()})
        now = datetime.now(UTC)
        assert forget_old_sends(now + timedelta(days=KEEP_DAYS - 1)) == 0
        assert forget_old_sends(now + timedelta(days=KEEP_DAYS + 1)) == 1

    def test_the_download_says_which_arrived_and_erasure_forgets_them(self, as_young, young):
        rate(as_young, headers={"Idempotency-Key": key()})
        source = next(source for source in sources() if source.key == "offline_sends")
        [sent] = source.export(young)
        assert sent["address"] == f"/goals/areas/{area('job').id}/rate"
        source.erase(young)
        assert source.export(young) == []


class TestCost:
    def test_a_key_costs_a_few_statements_and_a_replay_applies_nothing(self, as_young, app):
        from tests.support.queries import count_queries

        rate(as_young)  # the first request of a session looks up more (its session's row)
        with count_queries(db.engine) as plain:
            rate(as_young)
        sent = key()
        with count_queries(db.engine) as keyed:
            rate(as_young, headers={"Idempotency-Key": sent})
        with count_queries(db.engine) as replayed:
            rate(as_young, headers={"Idempotency-Key": sent})
        kinds = lambda statements: Counter(s.split()[0] for s in statements)  # noqa: E731
        # Looked up, written down inside a savepoint, then its outcome: five statements.
        added = kinds(keyed) - kinds(plain)
        assert added == Counter(["SELECT", "SAVEPOINT", "INSERT", "RELEASE", "UPDATE"]), keyed
        assert not any(s.startswith(("INSERT", "UPDATE")) for s in replayed), replayed


def test_a_change_sent_without_its_session_is_answered_in_json_starting_no_session(app):
    """The phone changed hands: a queued change goes with a stale CSRF token and no cookie. Its
    answer starts no session, so it cannot replace the token of the login form being filled."""
    client = app.test_client()
    client.send_csrf = False
    page = rate(client, csrf_token="from the last person")
    sent = rate(client, headers=JSON, csrf_token="from the last person")
    assert (page.status_code, page.mimetype) == (400, "text/html")
    assert (sent.status_code, sent.json) == (400, {"ok": False, "status": 400})
    assert "Set-Cookie" not in sent.headers
