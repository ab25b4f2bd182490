"""The journey each domain tells: activities attended and power groups, as highlights a young
person may put on their certificate and as entries on their keepsake's timeline."""

from datetime import UTC, datetime, time, timedelta

import pytest
from flask_babel import force_locale

from tests.activities.factories import make_activity, make_attendance, make_group, make_member
from tests.endings.pdfs import pdf_text
from tests.factories import log_in, make_certificate, make_worker, make_young_person
from youthhub.core.errors import DomainError
from youthhub.core.time import LONDON, london_today, utcnow
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
        # Welsh counts take six plural forms: "o" and the plural after 12, a soft mutation
        # after 2 (grŵp → rŵp).
        (
            "activities",
            12,
            "Took part in 12 activities",
            "Wedi cymryd rhan mewn 12 o weithgareddau",
        ),
        ("groups", 2, "Member of 2 power groups", "Aelod o 2 rŵp pŵer"),
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


def a_goal_setter():
    from tests.goals.factories import make_goal
    from youthhub.goals.models import GoalStatus, Win, WinKind

    person = make_young_person(name="Kai", created_at=utcnow() - timedelta(days=100))
    other = make_young_person()
    made = utcnow() - timedelta(days=90)
    licence = make_goal(person, title="Get my provisional licence", created_at=made)
    licence.status, licence.achieved_at = GoalStatus.ACHIEVED, utcnow() - timedelta(days=10)
    private = make_goal(person, title="A private goal about family", created_at=made)
    make_goal(person, title="Let this one go", status=GoalStatus.LET_GO)
    db.session.add(
        Win(
            owner_id=person.id,
            kind=WinKind.STEP_DONE,
            goal_id=licence.id,
            label="Booked my theory test",
            created_at=utcnow() - timedelta(days=40),
        )
    )
    db.session.commit()
    return person, other, licence, private, make_goal(other, title="Someone else's goal")


def test_goals_offer_their_numbers_as_highlights(app):
    person, *_ = a_goal_setter()
    found = {
        h.key: h.count for h in journey.available_highlights(person, services.ending_for(person))
    }
    assert (found["goals_worked_on"], found["goals_achieved"]) == (2, 1)


def test_only_the_goals_a_young_person_ticks_go_in_their_keepsake(app):
    person, _other, licence, _private, _theirs = a_goal_setter()
    ending = services.ending_for(person)
    assert [e for e in journey.timeline(person, ending) if "goal" in e.text] == []

    services.choose_keepsake_goals(ending, goal_ids=[licence.id], actor=person)
    texts = [entry.text for entry in journey.timeline(person, ending)]

    assert texts == [
        "Joined YouthHub",
        "Started my goal: Get my provisional licence",
        "Small win: Booked my theory test",
        "Achieved my goal: Get my provisional licence",
    ]
    assert not any("private goal" in text for text in texts)
    with app.test_request_context():
        pdf = certificates.keepsake_pdf(person, ending, language="en")
    assert "Achieved my goal: Get my provisional licence" in pdf_text(pdf)
    assert "A private goal about family" not in pdf_text(pdf)


def test_nobody_else_chooses_and_nobody_elses_goals_can_be_chosen(app):
    person, _other, licence, _private, theirs = a_goal_setter()
    ending = services.ending_for(person)
    with pytest.raises(DomainError, match="Choose from the list"):
        services.choose_keepsake_goals(ending, goal_ids=[theirs.id], actor=person)
    with pytest.raises(DomainError, match="Only the young person"):
        services.choose_keepsake_goals(ending, goal_ids=[licence.id], actor=make_worker())
    assert ending.keepsake_goal_ids == []


def test_the_young_person_ticks_goals_for_their_keepsake(client):
    person, _other, licence, _private, theirs = a_goal_setter()
    log_in(client, person)
    page = client.get("/my-ending/keepsake").get_data(as_text=True)
    assert "Get my provisional licence" in page and "Let this one go" not in page
    assert "Someone else" not in page
    response = client.post(
        "/my-ending/keepsake", data={"goals": [str(licence.id)]}, follow_redirects=True
    )
    assert "Those goals will be in your keepsake" in response.get_data(as_text=True)
    assert services.ending_for(person).keepsake_goal_ids == [licence.id]
    refused = client.post("/my-ending/keepsake", data={"goals": [str(theirs.id), "x"]})
    assert "Choose from the list." in refused.get_data(as_text=True)


def test_a_days_events_go_by_time_then_in_the_natural_order_of_kinds(app):
    def today_at(hour, minute=0):
        return datetime.combine(TODAY, time(hour, minute), LONDON).astimezone(UTC)

    person = make_young_person(name="Kai", created_at=today_at(9))
    make_member(make_group("Eat Club"), person).decided_at = today_at(10)
    workshop = make_activity(title="Cooking workshop", starts_in=timedelta(0))
    workshop.starts_at = today_at(10)  # the same moment as joining the group
    make_attendance(workshop, person)
    ending = services.ending_for(person)
    worker = make_worker()
    services.record_graduation(ending, graduated_on=TODAY, actor=worker)  # a date, no time
    certificate = services.issue_certificate(ending, actor=worker)
    certificate.issued_at = today_at(11)
    db.session.commit()
    texts = [entry.text for entry in journey.timeline(person, ending)]
    assert texts == [
        "Joined YouthHub",
        "Joined the power group Eat Club",
        "Went to Cooking workshop",
        "Graduated!",
        "Got my graduation certificate",
    ]
