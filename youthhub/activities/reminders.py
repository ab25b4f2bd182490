""" "Your session starts in 2 hours": the reminder a young person gets before a session they're
booked on, and the command that sends them.

`flask --app youthhub send-session-reminders` is meant to run every 15 minutes (cron or a
scheduler). It reminds everyone booked on a session that starts within the next two hours,
once a booking: the booking's `reminded_at` is set by a conditional UPDATE, so two runs at the
same moment still send each reminder once. With `--queue` (and REDIS_URL) the command only puts
the run on the job queue, for a worker to do. Someone who books with less than two hours to go is
reminded by the next run.
"""

import logging
from datetime import datetime, timedelta

import click
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from youthhub.activities.models import Activity, Booking, BookingStatus
from youthhub.activities.services import when
from youthhub.core import jobs
from youthhub.core.text import N_, path_for
from youthhub.core.time import utcnow
from youthhub.core.transaction import run_after_commit
from youthhub.extensions import db
from youthhub.notices.services import notify

AHEAD = timedelta(hours=2)
log = logging.getLogger(__name__)
STARTS_SOON = N_("%(title)s starts soon, at %(when)s. See you there!")
STARTS_SOON_SUBJECT = N_("Your session starts soon")


def _claim(booking: Booking, now: datetime) -> bool:
    """Write down that this reminder is going; False if another run already sent it."""
    claimed = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def send_session_reminders(now: datetime | None = None) -> int:
    """Remind everyone booked on a session starting within two hours; returns how many were
    reminded. The caller commits."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Booking)
        .join(Activity, Activity.id == Booking.activity_id)
        .options(joinedload(Booking.activity), joinedload(Booking.person))
        .where(
            Booking.status == BookingStatus.BOOKED,
            Booking.reminded_at.is_(None),
            Activity.cancelled_at.is_(None),
            Activity.starts_at > now,
            Activity.starts_at <= now + AHEAD,
        )
        .order_by(Booking.id)
    ).all()
    sent = 0
    for booking in due:
        person = booking.person
        # Someone a worker added without an account gets nothing until they take it over.
        if not person.is_active or not person.has_account or not _claim(booking, now):
            continue
        activity = booking.activity
        notify(
            person,
            STARTS_SOON,
            subject=STARTS_SOON_SUBJECT,
            link=path_for("activities.activity", activity_id=activity.id),
            kind="session_soon",
            title=activity.title,
            when=when(activity.starts_at),
        )
        sent += 1
    return sent


@jobs.job(timeout=600)
def session_reminders_job() -> None:
    """The run as a worker does it (`--queue`)."""
    log.info("Session reminders sent: %s.", send_session_reminders())


@click.command("send-session-reminders")
@click.option("--queue", "on_queue", is_flag=True, help="Leave the run to a job worker.")
def send_session_reminders_command(on_queue):
    """Remind young people of sessions they're booked on that start within 2 hours."""
    if on_queue:
        jobs.queue_from_command(session_reminders_job)
        click.echo("Session reminders: queued for a worker.")
        return
    base_url = current_app.config["PUBLIC_BASE_URL"]
    context = current_app.test_request_context(base_url=base_url) if base_url else None
    if context:
        context.push()
    try:
        sent = send_session_reminders()
        db.session.commit()
        run_after_commit()  # the pushes to phones
    finally:
        if context:
            context.pop()
    click.echo(f"Session reminders sent: {sent}.")
