"""The staff home of someone who takes registers: today's and tomorrow's sessions (their own
first) with the register one tap away, and what is waiting for them, each count a link."""

import html
import re
from datetime import UTC, datetime, time, timedelta

import pytest

from tests.activities.factories import make_activity, make_group
from tests.factories import (
    log_in,
    make_admin,
    make_claim,
    make_finance,
    make_worker,
    make_young_person,
)
from tests.support.queries import count_queries
from youthhub.core.time import LONDON, london_today
from youthhub.endings import services as endings
from youthhub.extensions import db
from youthhub.goals.models import ContactRequest


def at(days_from_today: int, hour: int, minute: int = 0) -> datetime:
    """A London clock time `days_from_today` days from today, in UTC."""
    day = london_today() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def page(client) -> str:
    response = client.get("/manage/")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def section(text: str, heading: str) -> str:
    """The card whose heading starts with `heading`."""
    match = re.search(rf"<h2[^>]*>{re.escape(heading)}.*?</section>", text, re.S)
    assert match, heading
    return match.group(0)


def register_links(text: str) -> list[int]:
    return [int(found) for found in re.findall(r'href="/activities/(\d+)/register"', text)]


def ending_soon(person, days: int) -> None:
    endings.ending_for(person).planned_on = london_today() + timedelta(days=days)
    db.session.commit()


def test_the_day_opens_on_todays_sessions_with_the_workers_own_first(client):
    sam, ali = make_worker(name="Sam"), make_worker(name="Ali")
    others = make_activity(title="Drop-in", starts_at=at(0, 0, 1), created_by_id=ali.id)
    group = make_group("Vibes in the Kitchen", created_by_id=sam.id)
    own_group = make_activity(title="Eat Club", starts_at=at(0, 0, 3), group=group)
    own = make_activity(title="Panel prep", starts_at=at(0, 0, 2), created_by_id=sam.id)
    tomorrow = make_activity(title="Youth panel", starts_at=at(1, 10), created_by_id=sam.id)
    make_activity(title="Too far ahead", starts_at=at(2, 0, 1), created_by_id=sam.id)
    make_activity(title="Called off", starts_at=at(0, 0, 4), cancelled_at=at(0, 0))
    log_in(client, sam)

    text = page(client)

    today = section(text, "Today")
    assert [own.id, own_group.id, others.id] == [
        int(found) for found in re.findall(r'href="/manage/activities/(\d+)"', today)
    ]
    # One tap: today's registers are open, each its own link.
    assert register_links(today) == [own.id, own_group.id, others.id]
    assert today.count("Yours") == 2
    # Tomorrow's register opens on the day (the register's own rule), so no link yet.
    tomorrow_card = section(text, "Tomorrow")
    assert f'href="/manage/activities/{tomorrow.id}"' in tomorrow_card
    assert register_links(tomorrow_card) == []
    assert "Too far ahead" not in text and "Called off" not in text


def test_an_empty_day_says_so(client):
    log_in(client, make_worker())
    text = page(client)
    assert "No sessions today." in text and "No sessions tomorrow." in text


def test_what_is_waiting_for_the_worker_is_counted_and_linked(client):
    sam, ali = make_worker(name="Sam"), make_worker(name="Ali")
    jordan = make_young_person(name="Jordan", key_worker=sam)
    kai = make_young_person(name="Kai", key_worker=sam)
    someone_elses = make_young_person(name="Bo", key_worker=ali)
    make_claim(jordan)  # waiting, and Sam may approve it
    make_claim(kai, actor=ali)  # logged by Ali: Sam may approve it
    make_claim(kai, actor=sam)  # logged by Sam: someone else approves it (four eyes)
    ending_soon(jordan, 10)
    ending_soon(someone_elses, 5)  # not one of Sam's young people
    ending_soon(kai, 45)  # not within the next 30 days
    db.session.add(ContactRequest(young_person_id=kai.id, worker_id=sam.id))
    db.session.commit()
    log_in(client, sam)

    waiting = section(page(client), "Waiting for you")

    assert '<a href="/manage/claims">2 claims are waiting for you to approve</a>' in (waiting)
    assert (
        '<a href="/manage/goals/shared#waiting-heading">'
        "1 young person has asked you to get in touch.</a>"
    ) in waiting
    assert (
        '<a href="/manage/endings?mine=1">1 of your young people ends in the next 30 days</a>'
    ) in waiting


def test_an_admin_gets_the_day_and_everyones_endings_and_finance_neither(client):
    admin = make_admin()
    make_activity(title="Drop-in", starts_at=at(0, 0, 1))
    ending_soon(make_young_person(), 3)
    ending_soon(make_young_person(), 20)
    log_in(client, admin)
    text = page(client)
    assert len(register_links(section(text, "Today"))) == 1
    waiting = section(text, "Waiting for you")
    assert '<a href="/manage/endings">2 young people end in the next 30 days</a>' in waiting
    assert "claims" not in waiting

    log_in(client, make_finance())
    text = page(client)
    assert "Take the register" not in text and "Waiting for you" not in text


def busier(worker, how_many: int) -> None:
    for _ in range(how_many):
        young = make_young_person(key_worker=worker)
        make_activity(starts_at=at(0, 0, 5), created_by_id=worker.id)
        make_activity(starts_at=at(1, 9), group=make_group())
        make_claim(young)
        ending_soon(young, 7)
        db.session.add(ContactRequest(young_person_id=young.id, worker_id=worker.id))
    db.session.commit()


@pytest.mark.parametrize("make_person", [make_worker, make_admin])
def test_the_staff_home_runs_the_same_queries_however_busy_the_day(client, make_person):
    person = make_person()
    log_in(client, person)

    def queries() -> int:
        with count_queries(db.engine) as statements:
            assert client.get("/manage/").status_code == 200
        return len(statements)

    # An admin's day is everyone's sessions; a worker's also has their own claims and endings.
    busy_worker = person if person.has_role("youth_worker") else make_worker()
    busier(busy_worker, 2)
    few = queries()
    busier(busy_worker, 12)
    busier(make_worker(), 5)
    assert queries() == few
    assert few <= 8, few
