"""The register taken on a phone without signal and sent later: each change applied once, at
the time it was really taken, through the register's own rules; two workers merged; a real
disagreement kept for a worker to decide, never overwritten."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from tests.activities.factories import make_activity, make_booking, make_group, make_member
from tests.conftest import DATABASE_KIND
from tests.factories import (
    log_in,
    make_evaluator,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.accounts.models import User
from youthhub.activities import register_sync
from youthhub.activities.models import (
    Activity,
    Attendance,
    RegisterChange,
    RegisterConflict,
)
from youthhub.core.audit import AuditEntry
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db


def today_activity(**fields) -> Activity:
    now = datetime.now(LONDON)
    start = now.replace(hour=0, minute=1) if now.hour > 0 else now
    return make_activity(starts_at=start.astimezone(UTC), **fields)


def taken(minutes_ago: int) -> datetime:
    return (utcnow() - timedelta(minutes=minutes_ago)).replace(microsecond=0)


def change(activity, by, kind="mark", *, at=None, key=None, **fields) -> dict:
    return {
        "key": key or str(uuid.uuid4()),
        "activity": activity.id,
        "by": by.id,
        "kind": kind,
        "taken_at": (at or taken(5)).isoformat(),
        **fields,
    }


def mark(activity, by, person, came=True, was=None, **options) -> dict:
    return change(activity, by, person=person.id, came=came, was=was, **options)


def sync(client, *changes):
    response = client.post(
        "/activities/registers/sync",
        data=json.dumps({"changes": list(changes)}),
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token()},
    )
    return response


def answers(client, *changes) -> list[tuple[str, str]]:
    response = sync(client, *changes)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [(each["outcome"], each["message"]) for each in response.json["answers"]]


def marks(activity) -> dict[int, bool]:
    rows = select(Attendance.person_id, Attendance.attended).where(
        Attendance.activity_id == activity.id
    )
    return dict(db.session.execute(rows).all())


def worker_client(app, worker=None):
    client = app.test_client()
    worker = worker or make_worker()
    log_in(client, worker)
    return client, worker


def test_a_change_sent_twice_is_applied_once_with_the_time_it_was_taken(app, client):
    activity, worker, sam = today_activity(), make_worker(), make_young_person(name="Sam")
    make_booking(activity, sam)
    log_in(client, worker)
    at = taken(42)
    sent = mark(activity, worker, sam, at=at)

    assert answers(client, sent) == [("applied", "Sent.")]
    # The answer was lost on the way back, so the phone sends it again.
    assert answers(client, sent) == [("applied", "Sent.")]

    [row] = db.session.scalars(select(Attendance).where(Attendance.activity_id == activity.id))
    assert row.attended and row.recorded_by_id == worker.id
    assert row.recorded_at == at
    saved = select(func.count()).where(AuditEntry.action == "register.saved")
    assert db.session.scalar(saved) == 1
    assert db.session.scalar(select(func.count(RegisterChange.key))) == 1


def test_a_walk_in_by_name_and_the_headcounts_arrive_with_their_times(app, client):
    activity, worker = today_activity(), make_worker()
    log_in(client, worker)
    at = taken(30)

    result = answers(
        client,
        change(activity, worker, "walk_in", name="  Remi  ", pronouns="they/them", at=at),
        change(activity, worker, "count", count="professionals", value=3, was=0),
        change(activity, worker, "count", count="guests", value=2, was=0),
        change(activity, worker, "count", count="unnamed", value=12, was=0),
    )

    assert [outcome for outcome, _ in result] == ["applied"] * 4
    remi = db.session.scalar(select(User).where(User.preferred_name == "Remi"))
    assert remi.pronouns == "they/them" and not remi.has_account
    [row] = db.session.scalars(select(Attendance).where(Attendance.person_id == remi.id))
    assert row.attended and row.walk_in
    assert row.recorded_at == at
    db.session.refresh(activity)
    counts = activity.professionals_count, activity.guests_count, activity.unnamed_young_people
    assert counts == (3, 2, 12)


def test_two_workers_offline_are_merged(app):
    activity = today_activity()
    sam, jo, ash = (make_young_person(name=name) for name in ("Sam", "Jo", "Ash"))
    for person in (sam, jo, ash):
        make_booking(activity, person)
    first, worker_a = worker_client(app)
    second, worker_b = worker_client(app)

    assert answers(first, mark(activity, worker_a, sam), mark(activity, worker_a, ash))[0][0] == (
        "applied"
    )
    result = answers(
        second,
        mark(activity, worker_b, jo, came=False),  # someone the first didn't mark
        mark(activity, worker_b, ash),  # the same answer as the first
        change(activity, worker_b, "walk_in", name="Remi"),
    )
    assert [outcome for outcome, _ in result] == ["applied", "merged", "applied"]
    # Both added Remi, who walked in: one Remi, on the register once.
    assert answers(first, change(activity, worker_a, "walk_in", name="remi"))[0][0] == "merged"

    remi = db.session.scalar(select(User.id).where(User.preferred_name == "Remi"))
    assert marks(activity) == {sam.id: True, jo.id: False, ash.id: True, remi: True}
    ash_row = db.session.scalar(select(Attendance).where(Attendance.person_id == ash.id))
    assert ash_row.recorded_by_id == worker_a.id
    assert db.session.scalar(select(func.count(RegisterConflict.id))) == 0


def test_came_against_didnt_come_is_kept_for_a_worker_to_decide(app):
    activity = today_activity()
    sam = make_young_person(name="Sam")
    make_booking(activity, sam)
    first, worker_a = worker_client(app, make_worker(name="Alex"))
    second, worker_b = worker_client(app, make_worker(name="Jo"))

    at_first, at_second = taken(20), taken(15)
    answers(first, mark(activity, worker_a, sam, came=True, at=at_first))
    [(outcome, message)] = answers(second, mark(activity, worker_b, sam, came=False, at=at_second))

    assert outcome == "conflict" and "Decide" in message
    assert marks(activity) == {sam.id: True}  # nothing overwritten
    page = unescape(first.get(f"/activities/{activity.id}/register").get_data(as_text=True))
    first_time = at_first.astimezone(LONDON).strftime("%H:%M")
    second_time = at_second.astimezone(LONDON).strftime("%H:%M")
    assert f"Alex marked Sam as came at {first_time}." in page
    assert f"Jo marked Sam as didn't come at {second_time}." in page

    conflict = db.session.scalar(select(RegisterConflict))
    response = second.post(
        f"/activities/{activity.id}/register/decide",
        data={"conflict": conflict.id, "answer": "0"},
        follow_redirects=True,
    )
    assert "The register now says what you decided." in response.get_data(as_text=True)
    assert marks(activity) == {sam.id: False}
    db.session.refresh(conflict)
    assert conflict.decided_by_id == worker_b.id and conflict.decided_at is not None
    page = first.get(f"/activities/{activity.id}/register").get_data(as_text=True)
    assert "Which is right?" not in page


def test_a_change_made_on_top_of_what_the_worker_saw_is_applied(app):
    """ "Came", then corrected to "didn't come" on the same phone: the second saw the first."""
    activity, sam = today_activity(), make_young_person()
    make_booking(activity, sam)
    client, worker = worker_client(app)
    result = answers(
        client,
        mark(activity, worker, sam, came=True, was=None),
        mark(activity, worker, sam, came=False, was=1),
    )
    assert [outcome for outcome, _ in result] == ["applied", "applied"]
    assert marks(activity) == {sam.id: False}


def test_two_different_counts_are_kept_to_decide(app):
    activity = today_activity()
    first, worker_a = worker_client(app)
    second, worker_b = worker_client(app)
    answers(first, change(activity, worker_a, "count", count="professionals", value=3, was=0))
    [(outcome, _)] = answers(
        second, change(activity, worker_b, "count", count="professionals", value=4, was=0)
    )
    assert outcome == "conflict"
    db.session.refresh(activity)
    assert activity.professionals_count == 3

    conflict = db.session.scalar(select(RegisterConflict))
    assert (conflict.kind, conflict.first_value, conflict.second_value) == ("count", 3, 4)
    page = first.get(f"/activities/{activity.id}/register").get_data(as_text=True)
    assert "counted 4 professionals at" in page
    first.post(
        f"/activities/{activity.id}/register/decide", data={"conflict": conflict.id, "answer": 4}
    )
    db.session.refresh(activity)
    assert activity.professionals_count == 4


def test_more_people_than_places_is_applied_and_kept_to_check(app):
    activity = today_activity(capacity=1)
    sam = make_young_person()
    make_booking(activity, sam)
    client, worker = worker_client(app)
    result = answers(
        client,
        mark(activity, worker, sam),
        change(activity, worker, "walk_in", name="Remi"),
        change(activity, worker, "walk_in", name="Kit"),
    )

    assert [outcome for outcome, _ in result] == ["applied"] * 3
    assert sync(client, mark(activity, worker, sam)).json["answers"][0]["decide"] is False
    [conflict] = db.session.scalars(select(RegisterConflict)).all()
    assert (conflict.kind, conflict.first_value, conflict.second_value) == ("places", 1, 3)
    page = client.get(f"/activities/{activity.id}/register").get_data(as_text=True)
    assert "3 young people are marked as came, but there are 1 places." in page

    # Fewer is not an answer: the marks are corrected on the register itself.
    decide = f"/activities/{activity.id}/register/decide"
    fewer = {"conflict": conflict.id, "answer": 2}
    refused = client.post(decide, data=fewer, follow_redirects=True)
    assert "Choose one of the answers." in refused.get_data(as_text=True)
    client.post(decide, data={"conflict": conflict.id, "answer": 3})
    db.session.refresh(conflict)
    assert conflict.decided_at is not None
    assert len(marks(activity)) == 3


def test_a_refusal_comes_back_with_its_reason_and_the_rest_still_apply(app):
    today, tomorrow = today_activity(), make_activity(starts_in=timedelta(days=2))
    sam = make_young_person()
    make_booking(today, sam)
    make_booking(tomorrow, sam)
    client, worker = worker_client(app)
    late = mark(tomorrow, worker, sam)

    result = answers(client, late, mark(today, worker, sam))

    assert result == [
        ("refused", "The register opens on the day of the activity."),
        ("applied", "Sent."),
    ]
    assert marks(tomorrow) == {} and marks(today) == {sam.id: True}
    # Sent again, the same answer: kept, not tried again.
    assert answers(client, late) == [("refused", "The register opens on the day of the activity.")]


def test_someone_not_on_the_register_or_unreadable_is_refused(app):
    activity = today_activity()
    client, worker = worker_client(app)
    stranger = make_young_person()
    broken = change(activity, worker, "count", count="professionals", value=-3, was=0)
    result = answers(client, mark(activity, worker, stranger), broken, {"key": "not a key"})
    assert result == [
        ("refused", "Someone on this register isn't booked. Add them as a walk-in."),
        ("refused", "This change couldn't be read, so it wasn't applied."),
    ]
    assert sync(client).json == {"answers": []}
    bad = client.post(
        "/activities/registers/sync",
        data="[1, 2",
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token()},
    )
    assert bad.status_code == 400


def test_only_people_who_may_take_that_register_can_send_to_it(app):
    group, other_group = make_group(), make_group()
    lead = make_young_person()
    make_member(group, lead, lead=True)
    theirs, not_theirs = today_activity(group=group), today_activity(group=other_group)
    sam = make_young_person()
    for activity in (theirs, not_theirs):
        make_booking(activity, sam)

    client, _ = worker_client(app, lead)
    result = answers(client, mark(theirs, lead, sam), mark(not_theirs, lead, sam))
    assert result == [
        ("applied", "Sent."),
        ("refused", "Only staff, or a lead of this group, can do that."),
    ]
    young, young_person = worker_client(app, make_young_person())
    [(outcome, message)] = answers(young, mark(theirs, young_person, sam, came=False, was=1))
    assert outcome == "refused" and "Only staff" in message
    for role in (make_evaluator(), make_finance()):
        other, _ = worker_client(app, role)
        assert sync(other, mark(theirs, role, sam)).status_code == 403
    assert marks(theirs) == {sam.id: True} and marks(not_theirs) == {}


def test_a_change_taken_by_someone_else_on_the_phone_is_not_sent_as_this_person(app):
    activity, sam = today_activity(), make_young_person()
    make_booking(activity, sam)
    client, _ = worker_client(app)
    [(outcome, message)] = answers(client, mark(activity, make_worker(), sam))
    assert outcome == "refused" and "Someone else took this change" in message
    assert marks(activity) == {}


def test_todays_registers_for_the_phone(app):
    activity = today_activity(capacity=8, place="Hall")
    tomorrow = make_activity(starts_in=timedelta(days=1, hours=2))
    sam = make_young_person(name="Sam", pronouns="he/him")
    make_booking(activity, sam)
    make_booking(tomorrow, sam)
    client, worker = worker_client(app)
    answers(client, mark(activity, worker, sam), change(activity, worker, "walk_in", name="Remi"))

    response = client.get("/activities/registers/today.json")

    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.json
    assert body["person"] == worker.id
    [register] = body["registers"]
    assert register["activity"] == activity.id
    assert register["url"] == f"/activities/{activity.id}/register"
    assert (register["places"], register["booked"], register["place"]) == (8, 1, "Hall")
    assert register["counts"] == {"professionals": 0, "guests": 0, "unnamed": 0}
    assert [line["name"] for line in register["lines"]] == ["Remi", "Sam"]
    sam_line = register["lines"][1]
    # Names and pronouns only: nothing else about them leaves for the phone.
    assert set(sam_line) == {"person", "name", "pronouns", "booked", "walk_in", "came"}
    assert (sam_line["pronouns"], sam_line["booked"], sam_line["came"]) == ("he/him", True, True)
    assert register["lines"][0]["walk_in"] is True


@pytest.mark.committing
@pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="row locks need PostgreSQL")
def test_the_same_change_sent_twice_at_once_is_applied_once(app):
    from tests.activities.test_concurrency import run_at_once

    activity, sam, worker = today_activity(), make_young_person(), make_worker()
    make_booking(activity, sam)
    sent = mark(activity, worker, sam)

    def send(worker_id):
        actor = db.session.get(User, worker_id)
        [answer] = register_sync.apply_changes([sent], actor=actor)
        return answer.outcome.value

    outcomes = run_at_once(app, send, [(worker.id,)] * 4)

    assert outcomes.count("applied") >= 1 and set(outcomes) <= {"applied", "merged"}
    assert db.session.scalar(select(func.count(Attendance.id))) == 1
    saved = select(func.count()).where(AuditEntry.action == "register.saved")
    assert db.session.scalar(saved) == 1
