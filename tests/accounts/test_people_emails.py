"""Young people without an account get no emails from any part of YouthHub (and nothing
crashes on their empty email); the hand-over link goes to the address a worker types."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from tests.factories import in_a_request, make_approved_claim, make_worker, make_young_person
from youthhub.accounts import emails, people
from youthhub.core.text import N_
from youthhub.core.time import london_today
from youthhub.endings import reminders
from youthhub.endings import services as endings
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.notices.services import notify
from youthhub.payments import emails as payment_emails
from youthhub.rights.retention import run_retention


def without_account():
    person = people.add_young_person(preferred_name="Remi", actor=make_worker())
    db.session.commit()
    return person


def notices_for(person) -> int:
    return db.session.scalar(select(func.count(Notice.id)).where(Notice.recipient_id == person.id))


def test_a_notice_waits_for_them_but_no_email_goes(app, smtp_inbox):
    person = without_account()
    with current_app.test_request_context():
        notify(person, N_("Hello"), subject=N_("Hello"))
        db.session.commit()
    assert notices_for(person) == 1
    assert smtp_inbox.messages == []


def test_money_news_sends_no_email(app, smtp_inbox):
    person = without_account()
    claim = make_approved_claim(person, make_worker())
    with in_a_request():
        payment_emails.payout_failed(person)
        db.session.commit()
    assert claim.person_id == person.id and notices_for(person) == 2
    assert smtp_inbox.messages == []


def test_their_planned_ending_stays_but_no_reminder_goes_until_they_take_over(app, smtp_inbox):
    person = without_account()
    ending = endings.ending_for(person)
    ending.planned_on = london_today() + timedelta(days=20)
    db.session.commit()
    with current_app.test_request_context():
        assert reminders.send_due_reminders() == 0
        db.session.commit()
        token = people.make_handover(person, actor=make_worker())
        people.take_over_record(token, email="remi@example.org", password="a long one!")
        db.session.commit()
        assert reminders.send_due_reminders() == 1  # now they have an email, it goes
        db.session.commit()
    assert [m["To"] for m in smtp_inbox.messages] == ["remi@example.org"]


def test_the_retention_reminder_is_a_notice_only(app, smtp_inbox):
    person = without_account()
    ending = endings.ending_for(person)
    ending.planned_on = add_months(london_today(), -24) + timedelta(days=10)
    db.session.commit()
    with current_app.test_request_context():
        result = run_retention(london_today())
        db.session.commit()
    assert result.reminded == [person.id]
    assert smtp_inbox.messages == []


def test_a_password_reset_for_an_empty_email_sends_nothing(app, smtp_inbox):
    without_account()
    with current_app.test_request_context():
        emails.send_password_reset("")
        db.session.commit()
    assert smtp_inbox.messages == []


def test_the_hand_over_link_goes_to_the_address_the_worker_typed(app, smtp_inbox):
    person = without_account()
    make_young_person()  # someone else, who gets nothing
    with current_app.test_request_context():
        token = people.make_handover(person, actor=make_worker())
        emails.send_record_handover(person, " remi.new@example.org ", token)
        db.session.commit()
    [message] = smtp_inbox.messages
    assert message["To"] == "remi.new@example.org"
    assert f"/take-over/{token}" in smtp_inbox.body()
    assert person.email is None  # the address typed is not kept
