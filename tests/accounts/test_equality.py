"""Equality monitoring answers: only the young person answers, changes or removes them; the
audit log says that they did, never what they said; the form keeps what was chosen."""

import re

import pytest
from sqlalchemy import select, update

from tests.factories import log_in, make_admin, make_worker, make_young_person
from youthhub.accounts import equality
from youthhub.accounts.equality import EqualityAnswers
from youthhub.accounts.models import User
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db

ANSWERS = {
    "age_band": "18-21",
    "ethnicity": "black-caribbean",
    "gender": "prefer-not",
    "disability": "no",
    "care_status": "care-leaver",
    "parent": None,
}


def stored(person) -> dict | None:
    row = db.session.scalar(select(EqualityAnswers).where(EqualityAnswers.person_id == person.id))
    return row.answers() if row else None


def audit_for(person) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.subject_type == "User",
                AuditEntry.subject_id == person.id,
                AuditEntry.action.like("equality.%"),
            )
            .order_by(AuditEntry.id)  # as written: PostgreSQL keeps no order of its own
        )
    )


class TestServices:
    def test_a_young_person_saves_changes_and_removes_their_answers(self, app):
        person = make_young_person()
        equality.save_answers(person, ANSWERS, actor=person)
        db.session.commit()
        assert stored(person) == ANSWERS
        equality.save_answers(person, {**ANSWERS, "parent": "yes", "gender": ""}, actor=person)
        db.session.commit()
        assert stored(person) == {**ANSWERS, "parent": "yes", "gender": None}
        equality.remove_answers(person, actor=person)
        db.session.commit()
        assert stored(person) is None
        with pytest.raises(DomainError, match="no answers to remove"):
            equality.remove_answers(person, actor=person)

    def test_answering_nothing_keeps_nothing(self, app):
        person = make_young_person()
        equality.save_answers(person, ANSWERS, actor=person)
        equality.save_answers(person, {}, actor=person)
        db.session.commit()
        assert stored(person) is None

    @pytest.mark.parametrize("make_actor", [make_worker, make_admin, make_young_person])
    def test_nobody_else_may_see_or_write_them(self, app, make_actor):
        person, someone = make_young_person(), make_actor()
        equality.save_answers(person, ANSWERS, actor=person)
        for action in (
            lambda: equality.save_answers(person, ANSWERS, actor=someone),
            lambda: equality.remove_answers(person, actor=someone),
            lambda: equality.answers_of(person, actor=someone),
        ):
            with pytest.raises(NotAllowed):
                action()

    def test_only_a_young_person_has_answers(self, app):
        worker = make_worker()
        with pytest.raises(NotAllowed):
            equality.save_answers(worker, ANSWERS, actor=worker)

    def test_an_answer_not_on_the_list_is_refused(self, app):
        person = make_young_person()
        with pytest.raises(DomainError, match="Choose an answer from the list"):
            equality.save_answers(person, {**ANSWERS, "ethnicity": "martian"}, actor=person)
        with pytest.raises(DomainError):
            equality.save_answers(person, {"gender": "yes"}, actor=person)  # another question's

    def test_the_audit_log_never_holds_the_answers(self, app):
        person = make_young_person()
        equality.save_answers(person, ANSWERS, actor=person)
        equality.remove_answers(person, actor=person)
        db.session.commit()
        entries = audit_for(person)
        assert [entry.action for entry in entries] == [
            "equality.answers_saved",
            "equality.answers_removed",
        ]
        assert entries[0].details == {"answered": 5}
        logged = repr([(entry.action, entry.details) for entry in entries])
        assert not [code for code in ANSWERS.values() if code and code in logged]


def people_of(ids):
    """A query of these young people's ids, as monitoring asks who came."""
    return select(User.id).where(User.id.in_(ids))


class TestTally:
    def test_counts_each_group_and_those_who_did_not_answer(self, app):
        people = [make_young_person() for _ in range(4)]
        equality.save_answers(people[0], ANSWERS, actor=people[0])
        equality.save_answers(people[1], {"parent": "no"}, actor=people[1])
        db.session.commit()
        ids = [person.id for person in people]
        everyone, two = equality.tally(*(people_of(group) for group in (ids, ids[1:3])))
        assert (everyone.people, everyone.answered) == (4, 2)
        assert everyone.counts["parent"] == {"no": 1, None: 3}
        assert everyone.counts["ethnicity"] == {"black-caribbean": 1, None: 3}
        assert (two.people, two.answered, two.counts["parent"]) == (2, 1, {"no": 1, None: 1})

    def test_an_answer_no_longer_offered_counts_as_not_answered(self, app):
        """The table's rows still add up to everyone who came: an answer the questions no
        longer offer (written before a list changed) is counted with those who did not
        answer it."""
        person = make_young_person()
        equality.save_answers(person, {"parent": "no", "gender": "woman"}, actor=person)
        db.session.commit()
        db.session.execute(
            update(equality.EqualityAnswers)
            .where(equality.EqualityAnswers.person_id == person.id)
            .values(parent="retired-answer")
        )
        (counted,) = equality.tally(people_of([person.id]))
        assert (counted.people, counted.answered) == (1, 1)
        assert counted.counts["parent"] == {None: 1}
        assert counted.counts["gender"] == {"woman": 1, None: 0}


def page_text(response) -> str:
    return response.get_data(as_text=True)


def checked(html: str, name: str) -> list[str]:
    radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', radio).group(1) for radio in radios if "checked" in radio]


def selected(html: str, name: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option selected value="([^"]*)"', select_html)


FORM = {key: value or "" for key, value in ANSWERS.items()}


class TestForm:
    def test_the_profile_links_to_the_optional_questions(self, client):
        log_in(client, make_young_person())
        page = page_text(client.get("/profile"))
        assert "About you (optional)" in page and 'href="/profile/about-you"' in page

    def test_it_starts_at_skip_and_says_why_and_how(self, client):
        log_in(client, make_young_person())
        page = page_text(client.get("/profile/about-you"))
        assert "Why we ask" in page and "No youth worker or other staff member" in page
        assert checked(page, "parent") == [""] and selected(page, "ethnicity") == [""]
        assert "Remove my answers" not in page
        assert 'href="/profile"' in page  # skipping it all is one tap

    def test_saving_shows_the_answers_next_time(self, client):
        person = make_young_person()
        log_in(client, person)
        response = client.post("/profile/about-you", data=FORM, follow_redirects=True)
        page = page_text(response)
        assert "Your answers are saved" in page
        assert checked(page, "age_band") == ["18-21"]
        assert checked(page, "gender") == ["prefer-not"]
        assert checked(page, "parent") == [""]
        assert selected(page, "ethnicity") == ["black-caribbean"]
        assert stored(person) == ANSWERS

    def test_a_made_up_answer_is_refused_and_the_others_are_kept(self, client):
        person = make_young_person()
        log_in(client, person)
        response = client.post("/profile/about-you", data={**FORM, "ethnicity": "x", "parent": "z"})
        assert response.status_code == 200
        page = page_text(response)
        assert page.count("Choose an answer from the list, or skip the question.") >= 2
        assert checked(page, "age_band") == ["18-21"] and checked(page, "disability") == ["no"]
        assert stored(person) is None

    def test_removing_the_answers(self, client):
        person = make_young_person()
        equality.save_answers(person, ANSWERS, actor=person)
        db.session.commit()
        log_in(client, person)
        assert "Remove my answers" in page_text(client.get("/profile/about-you"))
        response = client.post("/profile/about-you/remove", follow_redirects=True)
        assert "Your answers are removed" in page_text(response)
        assert stored(person) is None

    def test_staff_cannot_open_it(self, client):
        log_in(client, make_worker())
        assert client.get("/profile/about-you").status_code == 403
