"""In-app notices: one person's messages, in their language, marked read only by them."""

from sqlalchemy import select

from tests.factories import log_in, make_young_person
from youthhub.core.text import N_
from youthhub.extensions import db
from youthhub.notices import services
from youthhub.notices.models import Notice


def test_a_notice_is_written_in_the_recipients_language_and_emailed(app, smtp_inbox):
    person = make_young_person(name="Kai", locale="cy")
    notice = services.notify(person, N_("Hi %(name)s,"), subject=N_("Log in"), name="Kai")
    db.session.commit()
    assert notice.text == "Haia Kai,"
    [message] = smtp_inbox.messages
    assert message["To"] == person.email
    assert "Haia Kai," in smtp_inbox.body()


def test_only_unread_notices_are_listed_newest_first(app):
    person = make_young_person()
    first = services.notify(person, "first", subject="x")
    second = services.notify(person, "second", subject="x")
    db.session.flush()
    assert services.unread_for(person) == [second, first]
    services.mark_read(second, actor=person)
    assert services.unread_for(person) == [first]
    services.mark_all_read(actor=person)
    assert services.unread_for(person) == []


def test_nobody_can_mark_someone_elses_notice(app, client):
    owner, other = make_young_person(), make_young_person()
    notice = services.notify(owner, "yours", subject="x")
    db.session.commit()
    log_in(client, other)
    assert client.post(f"/notices/{notice.id}/read").status_code == 404
    client.post("/notices/read-all")
    assert db.session.scalar(select(Notice.read_at)) is None
