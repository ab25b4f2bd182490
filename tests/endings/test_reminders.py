"""Reminders before a planned ending: due at each point once, by the daily command."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_admin, make_user, make_young_person
from youthhub.accounts.models import Role
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.endings import programme, reminders, services
from youthhub.endings.models import Ending, EndingReminder
from youthhub.extensions import db
from youthhub.notices.models import Notice

TODAY = london_today()


def ending_in(days: int, **person_fields) -> Ending:
    ending = services.ending_for(make_young_person(**person_fields))
    ending.planned_on = TODAY + timedelta(days=days)
    db.session.commit()
    return ending


def notices(person=None) -> list[str]:
    query = select(Notice.text).order_by(Notice.id)
    if person is not None:
        query = query.where(Notice.recipient_id == person.id)
    return list(db.session.scalars(query))


def send(on: date) -> int:
    sent = reminders.send_due_reminders(on)
    db.session.commit()
    return sent


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (120, None),
        (91, None),
        (90, 90),
        (50, 90),
        (31, 90),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, None),
        (-5, None),
    ],
)
def test_the_point_due_is_the_nearest_one_the_ending_is_within(app, days_left, expected):
    ending = Ending(planned_on=TODAY + timedelta(days=days_left))
    assert reminders.due_point(ending, TODAY, [90, 30, 7]) == expected


def test_ninety_thirty_and_seven_days_before(app):
    ending = ending_in(100)
    end = ending.planned_on
    assert send(end - timedelta(days=91)) == 0
    assert send(end - timedelta(days=90)) == 1
    assert send(end - timedelta(days=90)) == 0  # the same day again: nothing new
    assert send(end - timedelta(days=60)) == 0
    assert send(end - timedelta(days=30)) == 1
    assert send(end - timedelta(days=29)) == 0
    assert send(end - timedelta(days=7)) == 1
    assert send(end - timedelta(days=1)) == 0
    assert send(end) == 0
    texts = notices(ending.person)
    assert len(texts) == 3
    assert "good time to start your ending plan" in texts[0]
    assert "get your ending plan ready together" in texts[1]
    assert "Your last week" in texts[2]
    assert [r.days_before for r in db.session.scalars(select(EndingReminder))] == [90, 30, 7]


def test_joining_close_to_the_end_brings_one_reminder_not_a_pile(app):
    ending = ending_in(50)
    assert send(TODAY) == 1
    assert send(TODAY + timedelta(days=1)) == 0
    assert send(ending.planned_on - timedelta(days=30)) == 1
    assert len(notices(ending.person)) == 2


def test_a_missed_day_is_caught_up_the_next_day(app):
    ending = ending_in(100)
    assert send(ending.planned_on - timedelta(days=28)) == 1  # the 30-day run didn't happen
    assert "get your ending plan ready together" in notices(ending.person)[0]


def test_a_new_date_starts_the_reminders_again_for_that_date(app):
    ending = ending_in(20)
    assert send(TODAY) == 1
    services.change_planned_ending(
        ending, planned_on=TODAY + timedelta(days=80), reason="Extended", actor=make_admin()
    )
    db.session.commit()
    assert send(TODAY) == 1
    texts = notices(ending.person)
    assert len(texts) == 3  # the 30-day reminder, the change, the 90-day reminder for the new date


def test_the_date_in_the_reminder_is_written_in_the_persons_language(app):
    ending = ending_in(5, locale="cy")
    ending.planned_on = date(TODAY.year + 1, 3, 31)
    db.session.commit()
    send(ending.planned_on - timedelta(days=5))
    [text] = notices(ending.person)
    assert "31 Mawrth" in text
    assert "Your last week" not in text


def test_nobody_graduated_or_switched_off_is_reminded(app):
    graduated = ending_in(5)
    graduated.graduated_on = TODAY
    switched_off = ending_in(5, disabled_at=utcnow())
    db.session.commit()
    assert send(TODAY) == 0
    assert notices() == []
    assert switched_off.person.disabled_at is not None


def test_the_reminder_points_come_from_the_programme_settings(app):
    programme.update_settings(
        default_length_months=12, programme_ends_on=None, reminder_days=[14], actor=make_admin()
    )
    ending = ending_in(60)
    assert send(ending.planned_on - timedelta(days=30)) == 0
    assert send(ending.planned_on - timedelta(days=14)) == 1


def test_young_people_from_before_endings_get_one_from_the_command(app, runner):
    old_timer = make_user(Role.YOUNG_PERSON, created_at=utcnow() - timedelta(days=400))
    make_user(Role.FINANCE)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Planned endings started: 1." in result.output
    ending = db.session.scalar(select(Ending).where(Ending.person_id == old_timer.id))
    # A year from joining has passed: never a date in the past, but today, so they show as
    # ending soon and a worker gives them a real date.
    assert programme.add_months(old_timer.created_at.astimezone(LONDON).date(), 12) < TODAY
    assert ending.planned_on == TODAY


def test_the_command_is_safe_to_run_twice(app, runner, smtp_inbox):
    soon = ending_in(6)
    ending_in(200)
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])

    assert "Reminders sent: 1." in first.output
    assert "Reminders sent: 0." in second.output
    assert db.session.scalar(select(func.count(Notice.id))) == 1
    assert db.session.scalar(select(func.count(EndingReminder.id))) == 1
    [message] = smtp_inbox.messages
    assert message["To"] == soon.person.email
    assert message["Subject"] == "About your time with us"
    assert "Your last week" in smtp_inbox.body()


def test_the_command_links_back_to_the_app_when_it_knows_its_address(app, runner, smtp_inbox):
    app.config["PUBLIC_BASE_URL"] = "https://youthhub.example.org"
    ending_in(6)
    runner.invoke(args=["send-reminders"])
    assert len(smtp_inbox.messages) == 1
    assert "https://youthhub.example.org/my-ending" in smtp_inbox.body()


def test_two_runs_at_the_same_moment_send_it_once(app):
    ending = ending_in(6)
    # The other run wrote its row between our look and our write.
    db.session.add(EndingReminder(ending=ending, days_before=7, for_date=ending.planned_on))
    db.session.commit()
    assert reminders._claim(ending, 7) is False
    assert send(TODAY) == 0
