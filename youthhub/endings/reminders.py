"""The daily reminders before a young person's planned ending, and the command that sends them.

`flask --app youthhub send-reminders` is meant to run once a day (cron or a scheduler), and is
safe to run again: each reminder point goes out at most once for each planned date, kept by a
unique row in `ending_reminders`, so a second run (even at the same moment) sends nothing new.
"""

import logging
from datetime import date

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.core import jobs
from youthhub.core.text import N_
from youthhub.core.time import london_today
from youthhub.core.transaction import run_after_commit
from youthhub.endings.models import Ending, EndingReminder
from youthhub.endings.notify import tell_young_person
from youthhub.endings.programme import get_settings
from youthhub.endings.services import start_ending
from youthhub.extensions import db

log = logging.getLogger(__name__)

FAR = N_(
    "Your time with %(programme)s runs until %(date)s. It's a good time to start your ending "
    "plan with your worker."
)
NEAR = N_(
    "Your time with %(programme)s runs until %(date)s. Let's get your ending plan ready together."
)
LAST_WEEK = N_(
    "Your last week with %(programme)s is coming up: your time runs until %(date)s. "
    "We're proud of you, and we'll celebrate together."
)


def due_point(ending: Ending, today: date, reminder_days: list[int]) -> int | None:
    """The reminder point due today: the nearest one the ending is within, if any.

    Someone who joins with 50 days left gets one reminder now, not the 90-day one and then
    another; a worker's new date starts the points again for that date.
    """
    days_left = (ending.planned_on - today).days
    if days_left <= 0 or ending.graduated_on is not None:
        return None
    within = [days for days in reminder_days if days_left <= days]
    return min(within) if within else None


def _message_for(days_left: int) -> str:
    if days_left <= 7:
        return LAST_WEEK
    return NEAR if days_left <= 30 else FAR


def start_missing_endings() -> int:
    """Give a planned ending to every young person without one (people from before endings)."""
    missing = db.session.scalars(
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(Ending, Ending.person_id == User.id)
        .where(RoleGrant.role == Role.YOUNG_PERSON, Ending.id.is_(None))
    ).all()
    for person in missing:
        start_ending(person)
    return len(missing)


def _claim(ending: Ending, days_before: int) -> bool:
    """Write down that this reminder is going out; False if it already went."""
    try:
        with db.session.begin_nested():
            db.session.add(
                EndingReminder(ending=ending, days_before=days_before, for_date=ending.planned_on)
            )
            db.session.flush()
    except IntegrityError:
        return False
    return True


def send_due_reminders(today: date | None = None) -> int:
    """Send every reminder due today; returns how many went out. The caller commits."""
    today = today or london_today()
    reminder_days = get_settings().reminder_days
    horizon = max(reminder_days, default=0)
    candidates = db.session.scalars(
        select(Ending)
        .options(joinedload(Ending.person))
        .where(
            Ending.graduated_on.is_(None),
            Ending.planned_on > today,
            Ending.planned_on <= date.fromordinal(today.toordinal() + horizon),
        )
    ).all()
    already = {
        (row.ending_id, row.days_before, row.for_date)
        for row in db.session.scalars(
            select(EndingReminder).where(EndingReminder.ending_id.in_([e.id for e in candidates]))
        )
    }
    sent = 0
    for ending in candidates:
        point = due_point(ending, today, reminder_days)
        # A young person without an account keeps their planned ending but gets no reminder
        # until they take over their record (then the nearest point due goes out).
        if point is None or not ending.person.is_active or not ending.person.has_account:
            continue
        if (ending.id, point, ending.planned_on) in already or not _claim(ending, point):
            continue
        days_left = (ending.planned_on - today).days
        tell_young_person(
            ending.person, _message_for(days_left), when=ending.planned_on, kind="ending_reminder"
        )
        sent += 1
    return sent


@jobs.job(timeout=600)
def ending_reminders_job() -> None:
    """The run as a worker does it (`--queue`)."""
    started = start_missing_endings()
    log.info("Planned endings started: %s. Reminders sent: %s.", started, send_due_reminders())


@click.command("send-reminders")
@click.option("--queue", "on_queue", is_flag=True, help="Leave the run to a job worker.")
def send_reminders_command(on_queue):
    """Send the reminders due today before young people's planned endings (safe to rerun)."""
    if on_queue:
        jobs.queue_from_command(ending_reminders_job)
        click.echo("Ending reminders: queued for a worker.")
        return
    base_url = current_app.config["PUBLIC_BASE_URL"]
    # With the site's address known, emails can carry a full link back to the app.
    context = current_app.test_request_context(base_url=base_url) if base_url else None
    if context:
        context.push()
    try:
        started = start_missing_endings()
        sent = send_due_reminders()
        db.session.commit()
        run_after_commit()  # the reminders' pushes to phones
    finally:
        if context:
            context.pop()
    click.echo(f"Planned endings started: {started}. Reminders sent: {sent}.")
