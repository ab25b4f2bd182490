"""Rating rules and asking a worker to get in touch, tested through their services."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_admin, make_worker, make_young_person
from tests.goals.factories import make_rating
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.mail import OUTBOX_KEY
from youthhub.extensions import db
from youthhub.goals import services_ratings
from youthhub.goals.models import ContactRequest, Rating, WinKind
from youthhub.notices.services import unread_for


def audit() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


GOALS_ACTIONS = ("goal.", "goal_area.", "help_contact.", "rating.", "contact.")


def actions() -> list[str]:
    """The goals domain's own audit entries (other domains, e.g. endings, write theirs too)."""
    return [entry.action for entry in audit() if entry.action.startswith(GOALS_ACTIONS)]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


class TestRatings:
    @pytest.mark.parametrize("score", [1, 5, 10])
    def test_a_rating_from_1_to_10_with_a_note(self, young, areas, score):
        outcome = services_ratings.record_rating(
            areas["job"], score, " Getting there ", actor=young
        )
        assert (outcome.rating.score, outcome.rating.note) == (score, "Getting there")
        assert outcome.win is None

    @pytest.mark.parametrize("score", [0, 11, -1, "5", 5.0, True, None])
    def test_anything_else_is_refused(self, young, areas, score):
        with pytest.raises(DomainError, match="Choose a number from 1 to 10"):
            services_ratings.record_rating(areas["job"], score, actor=young)
        assert count(Rating) == 0

    def test_a_long_note_is_refused(self, young, areas):
        with pytest.raises(DomainError, match="280 characters"):
            services_ratings.record_rating(areas["job"], 5, "x" * 281, actor=young)

    def test_going_up_is_a_win_and_the_same_or_lower_is_not(self, young, areas):
        make_rating(young, 4, area_slug="job", days_ago=3)
        up = services_ratings.record_rating(areas["job"], 6, actor=young)
        assert (up.win.kind, up.win.from_score, up.win.to_score) == (WinKind.RATING_UP, 4, 6)
        assert services_ratings.record_rating(areas["job"], 6, actor=young).win is None
        assert services_ratings.record_rating(areas["job"], 2, actor=young).win is None
        assert services_ratings.record_rating(areas["training"], 9, actor=young).win is None

    @pytest.mark.parametrize(
        ("slug", "score", "offered"),
        [
            ("happy", 1, True),
            ("happy", 3, True),
            ("healthy", 2, True),
            ("happy", 4, False),
            ("job", 1, False),
            ("family", 1, False),
        ],
    )
    def test_a_very_low_rating_in_feeling_happy_or_healthy_offers_help(
        self, young, areas, slug, score, offered
    ):
        assert services_ratings.record_rating(areas[slug], score, actor=young).offer_help is offered

    def test_how_low_is_very_low_is_configurable(self, app, young, areas):
        app.config["GOALS_LOW_RATING"] = 5
        assert services_ratings.record_rating(areas["happy"], 5, actor=young).offer_help

    def test_a_low_rating_tells_nobody_by_itself(self, young, areas):
        services_ratings.record_rating(areas["happy"], 1, actor=young)
        db.session.flush()
        assert count(ContactRequest) == 0

    def test_the_score_stays_out_of_the_audit_log(self, young, areas):
        services_ratings.record_rating(areas["happy"], 2, "awful week", actor=young)
        entry = audit()[-1]
        assert entry.action == "rating.recorded"
        assert entry.details == {"area_id": areas["happy"].id}

    def test_only_young_people_rate(self, worker, areas):
        with pytest.raises(NotAllowed):
            services_ratings.record_rating(areas["happy"], 5, actor=worker)


class TestAskingForAChat:
    def test_pressing_the_button_tells_the_key_worker(self, young, worker):
        request = services_ratings.ask_worker_to_get_in_touch(actor=young)
        assert (request.young_person_id, request.worker_id, request.handled_at) == (
            young.id,
            worker.id,
            None,
        )
        assert actions() == ["contact.requested"]

    def test_the_worker_gets_a_notice_and_an_email_with_only_a_name(self, young, worker):
        services_ratings.ask_worker_to_get_in_touch(actor=young)
        [email] = db.session.info[OUTBOX_KEY]
        db.session.commit()
        [notice] = unread_for(worker)
        assert notice.text == f"{young.preferred_name} would like you to get in touch."
        assert notice.link == "/manage/goals/shared"
        assert email["To"] == worker.email
        assert f"{young.preferred_name} would like you to get in touch." in email.get_content()

    def test_pressing_again_does_not_nag(self, young, worker):
        first = services_ratings.ask_worker_to_get_in_touch(actor=young)
        assert services_ratings.ask_worker_to_get_in_touch(actor=young) is first
        assert count(ContactRequest) == 1
        db.session.commit()
        assert len(unread_for(worker)) == 1

    def test_no_worker_no_button(self, areas):
        with pytest.raises(DomainError, match="not linked to a worker"):
            services_ratings.ask_worker_to_get_in_touch(actor=make_young_person())

    def test_the_worker_marks_it_done_and_a_new_ask_is_new(self, young, worker):
        request = services_ratings.ask_worker_to_get_in_touch(actor=young)
        services_ratings.mark_contact_handled(request, actor=worker)
        assert request.handled_at is not None
        assert services_ratings.ask_worker_to_get_in_touch(actor=young) is not request
        assert actions() == ["contact.requested", "contact.handled", "contact.requested"]

    def test_only_the_worker_asked_can_mark_it_done(self, young):
        request = services_ratings.ask_worker_to_get_in_touch(actor=young)
        for someone in (make_worker(), make_admin(), young):
            with pytest.raises(NotAllowed):
                services_ratings.mark_contact_handled(request, actor=someone)
