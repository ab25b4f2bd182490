"""Young people without an account: added by name (after a search, so nobody is added twice),
handed their record with a single-use link, and never emailed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_admin, make_worker, make_young_person
from youthhub.accounts import people, services
from youthhub.accounts.models import RecordHandover, Role
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.endings.models import Ending
from youthhub.extensions import db


def add(actor=None, **fields):
    fields.setdefault("preferred_name", "Remi")
    person = people.add_young_person(actor=actor or make_worker(), **fields)
    db.session.commit()
    return person


class TestAdding:
    def test_a_worker_adds_a_young_person_by_name_only(self, app):
        worker = make_worker()
        person = add(worker, preferred_name="  Remi   Okafor ")
        assert person.preferred_name == "Remi Okafor"
        assert person.roles == {Role.YOUNG_PERSON}
        assert person.email is None and person.password_hash is None
        assert not person.has_account
        assert person.added_by_id == worker.id and person.key_worker_id == worker.id
        assert person.pronouns is None and person.date_of_birth is None
        action = db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.actor_id == worker.id)
        )
        assert action == "young_person.added"

    def test_pronouns_and_date_of_birth_are_kept_when_given(self, app):
        person = add(pronouns=" they/them ", date_of_birth=date(2007, 3, 27))
        assert (person.pronouns, person.date_of_birth) == ("they/them", date(2007, 3, 27))

    def test_they_get_a_planned_ending_like_anyone(self, app):
        person = add()
        assert db.session.scalar(select(Ending).where(Ending.person_id == person.id))

    def test_an_admin_may_add_but_not_a_young_person_or_finance(self, app):
        assert add(make_admin()).added_by_id is not None
        with pytest.raises(NotAllowed):
            people.add_young_person(preferred_name="Remi", actor=make_young_person())

    def test_a_date_of_birth_in_the_future_is_refused(self, app):
        with pytest.raises(DomainError, match="can't be in the future"):
            add(date_of_birth=london_today() + timedelta(days=1))

    def test_someone_with_a_similar_name_is_offered_first(self, app):
        existing = make_young_person(name="Remi Okafor")
        with pytest.raises(people.MaybeAlreadyHere) as offered:
            add(preferred_name="remi")
        assert offered.value.people == [existing]
        # The worker looked and says this is someone new: then they are added.
        assert add(preferred_name="Remi", someone_new=True).id != existing.id

    def test_people_without_an_account_are_offered_too(self, app):
        first = add(preferred_name="Tayo Bello")
        with pytest.raises(people.MaybeAlreadyHere) as offered:
            add(preferred_name="Tayo")
        assert offered.value.people == [first]

    def test_the_same_name_and_date_of_birth_is_refused_even_as_someone_new(self, app):
        born = date(2006, 1, 2)
        existing = add(preferred_name="Remi", date_of_birth=born)
        with pytest.raises(people.MaybeAlreadyHere, match="already on") as refused:
            add(preferred_name="REMI", date_of_birth=born, someone_new=True)
        assert refused.value.people == [existing]

    def test_they_cannot_log_in(self, app):
        add()
        for email in ("", "None", "remi"):
            with pytest.raises(DomainError, match="don't match"):
                services.authenticate(email, PASSWORD)


def hand_over(person, actor=None) -> str:
    token = people.make_handover(person, actor=actor or make_worker())
    db.session.commit()
    return token


class TestHandingOver:
    def test_only_a_hash_of_the_token_is_kept(self, app):
        token = hand_over(add())
        row = db.session.scalar(select(RecordHandover))
        assert token not in row.token_hash and len(row.token_hash) == 64

    def test_the_young_person_sets_email_and_password_and_takes_over_their_history(self, app):
        person = add()
        token = hand_over(person)
        taken = people.take_over_record(token, email=" Remi@Example.org ", password="a long one!")
        db.session.commit()
        assert taken is person and person.has_account
        assert person.email == "remi@example.org"
        assert services.authenticate("remi@example.org", "a long one!") is person
        assert person.roles == {Role.YOUNG_PERSON}

    def test_the_link_works_once(self, app):
        token = hand_over(add())
        people.take_over_record(token, email="remi@example.org", password="a long one!")
        db.session.commit()
        assert people.handover_link_problem(token)
        with pytest.raises(DomainError, match="doesn't work any more"):
            people.take_over_record(token, email="other@example.org", password="a long one!")

    def test_the_link_expires(self, app):
        person = add()
        token = hand_over(person)
        db.session.scalar(select(RecordHandover)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        with pytest.raises(DomainError, match="doesn't work any more"):
            people.take_over_record(token, email="remi@example.org", password="a long one!")
        assert not person.has_account

    def test_a_new_link_stops_the_old_one(self, app):
        person = add()
        old = hand_over(person)
        new = hand_over(person)
        assert people.handover_link_problem(old) and people.handover_link_problem(new) is None

    def test_an_unknown_link_does_not_work(self, app):
        assert people.handover_link_problem("made-up")

    def test_an_email_with_an_account_is_refused_with_sign_ups_words(self, app):
        make_young_person(email="taken@example.org")
        token = hand_over(add())
        with pytest.raises(DomainError) as refused:
            people.take_over_record(token, email="Taken@example.org", password="a long one!")
        with pytest.raises(DomainError) as at_sign_up:
            services.sign_up_young_person(
                preferred_name="Someone",
                email="taken@example.org",
                password="a long one!",
                date_of_birth=date(2005, 1, 1),
            )
        assert str(refused.value.message) == str(at_sign_up.value.message)
        assert people.handover_link_problem(token) is None  # still usable with another email

    def test_the_password_rules_are_sign_ups(self, app):
        token = hand_over(add())
        with pytest.raises(DomainError, match="at least 8 characters"):
            people.take_over_record(token, email="remi@example.org", password="short")

    def test_only_a_record_without_an_account_can_be_handed_over(self, app):
        with pytest.raises(DomainError, match="already has an account"):
            hand_over(make_young_person())
        with pytest.raises(NotAllowed):
            hand_over(add(), actor=make_young_person())
