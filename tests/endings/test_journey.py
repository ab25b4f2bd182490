"""The journey each domain tells: activities attended and power groups, as highlights a young
person may put on their certificate and as entries on their keepsake's timeline."""

from datetime import timedelta

import pytest
from flask_babel import force_locale

from tests.activities.factories import make_activity, make_attendance, make_group, make_member
from tests.endings.pdfs import pdf_text
from tests.factories import log_in, make_certificate, make_worker, make_young_person
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today, utcnow
from youthhub.endings import certificates, journey, services
from youthhub.extensions import db
from youthhub.groups.models import MembershipStatus

TODAY = london_today()


def a_busy_year():
    """Someone who came to two activities (missed one; another was cancelled), is in one group
    and leads it, left another, and has asked to join a third."""
    person = make_young_person(name="Kai", created_at=utcnow() - timedelta(days=400))
    for title, days_ago in (("Theatre trip", 200), ("Cooking workshop", 30)):
        make_attendance(make_activity(title=title, starts_in=timedelta(days=-days_ago)), person)
    make_attendance(make_activity(title="Missed it", starts_in=timedelta(days=-20)), person, False)
    cancelled = make_activity(title="Rained off", starts_in=timedelta(days=-10))
    cancelled.cancelled_at = utcnow()
    make_attendance(cancelled, person)
    make_member(make_group("Eat Club"), person, lead=True).decided_at = utcnow() - timedelta(days=5)
    left = make_member(make_group("Vibes in the Kitchen"), person)
    left.status, left.decided_at = MembershipStatus.LEFT, utcnow() - timedelta(days=100)
    make_member(make_group("Brothers"), person, status=MembershipStatus.REQUESTED)
    db.session.commit()
    return person


def test_each_domain_counts_its_highlights(app):
    person = a_busy_year()
    found = {
        h.key: h.count for h in journey.available_highlights(person, services.ending_for(person))
    }
    assert found == {"months": 13, "activities": 2, "groups": 2, "groups_led": 1}


def test_highlights_with_nothing_to_show_are_not_offered(app):
    person = make_young_person(created_at=utcnow() - timedelta(days=40))
    assert [h.key for h in journey.available_highlights(person, services.ending_for(person))] == [
        "months"
    ]


@pytest.mark.parametrize(
    ("key", "count", "english", "welsh"),
    [
        ("activities", 1, "Took part in 1 activity", "Wedi cymryd rhan mewn 1 gweithgaredd"),
        ("activities", 12, "Took part in 12 activities", "Wedi cymryd rhan mewn 12 gweithgaredd"),
        ("groups", 2, "Member of 2 power groups", "Aelod o 2 grŵp pŵer"),
        ("groups_led", 1, "Led 1 power group", "Wedi arwain 1 grŵp pŵer"),
        ("months", 2, "2 months with us", "2 fis gyda ni"),
    ],
)
def test_highlights_are_said_in_both_languages(app, key, count, english, welsh):
    item = {"key": key, "count": count}
    assert journey.describe(item) == english
    with force_locale("cy"):
        assert journey.describe(item) == welsh


def test_a_highlight_kind_that_no_longer_exists_is_left_out(app):
    assert journey.describe({"key": "retired", "count": 3}) is None


def test_the_timeline_tells_the_year_in_order(app):
    person = a_busy_year()
    ending = services.ending_for(person)
    party = make_activity(title="Graduation party", starts_in=timedelta(days=-1))
    services.record_graduation(ending, graduated_on=TODAY, event=party, actor=make_worker())
    texts = [entry.text for entry in journey.timeline(person, ending)]
    assert texts == [
        "Joined YouthHub",
        "Went to Theatre trip",
        "Joined the power group Vibes in the Kitchen",
        "Went to Cooking workshop",
        "Joined the power group Eat Club",
        "Graduated at Graduation party!",
    ]


def test_the_certificate_prints_the_chosen_activity_and_group_highlights(app):
    person = a_busy_year()
    certificate = make_certificate(person, highlight_keys=["activities", "groups_led"])
    with app.test_request_context():
        text = pdf_text(certificates.certificate_pdf(certificate))
    assert "Took part in 2 activities" in text
    assert "Led 1 power group" in text
    assert "Member of" not in text
    assert "months with us" not in text


def test_the_keepsake_lists_the_activities_and_groups(app):
    person = a_busy_year()
    with app.test_request_context():
        text = pdf_text(
            certificates.keepsake_pdf(person, services.ending_for(person), language="en")
        )
    for expected in (
        "Went to Theatre trip",
        "Joined the power group Eat Club",
        "Led 1 power group",
    ):
        assert expected in text
    assert "Rained off" not in text and "Missed it" not in text


def test_a_cancelled_activity_cannot_be_the_graduation_event(app):
    event = make_activity(starts_in=timedelta(days=-1))
    event.cancelled_at = utcnow()
    with pytest.raises(DomainError, match="cancelled"):
        services.record_graduation(
            services.ending_for(make_young_person()),
            graduated_on=TODAY,
            event=event,
            actor=make_worker(),
        )


def test_a_worker_picks_the_graduation_event_from_recent_activities(client):
    person = make_young_person()
    party = make_activity(title="Celebration night", starts_in=timedelta(days=-2))
    make_activity(title="Long ago", starts_in=timedelta(days=-400))
    log_in(client, make_worker())
    page = client.get(f"/manage/endings/{person.id}").get_data(as_text=True)
    assert "Celebration night" in page and "Long ago" not in page

    response = client.post(
        f"/manage/endings/{person.id}/graduation",
        data={"graduated_on": TODAY.isoformat(), "activity_id": str(party.id)},
        follow_redirects=True,
    )
    assert "at Celebration night" in response.get_data(as_text=True)
    assert services.ending_for(person).graduation_activity_id == party.id

    wrong = client.post(
        f"/manage/endings/{person.id}/graduation",
        data={"graduated_on": TODAY.isoformat(), "activity_id": "99999"},
    )
    assert "Choose from the list." in wrong.get_data(as_text=True)
