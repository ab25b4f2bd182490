"""Retention: personal data is kept for a set time after a young person's planned ending (and
after a staff account is switched off), then erased, with a reminder a month before.

`flask --app youthhub data retention` is meant to run once a day and is safe to run again: a
reminder is written down once per erasure date (a unique row in `retention_reminders`), and an
erased account is never a candidate again. It also deletes erased people's money records once
HMRC's six years are over (`payments.personal_data.delete_expired_records`; a deleted record
is gone, so never deleted twice), and reports erasure requests that are overdue
(`overdue.py`). `--dry-run` says what would happen and keeps nothing (nor calls Stripe). With
`--queue` (and REDIS_URL) the command only puts the run on the job queue, for a worker to do.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

import click
from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.personal_data import ERASED_EMAIL_DOMAIN
from youthhub.accounts.sessions import forget_old_sessions
from youthhub.core import jobs
from youthhub.core.outbox import forget_old_sends
from youthhub.core.text import N_, path_for
from youthhub.core.time import LONDON, london_today
from youthhub.core.transaction import forget_after_commit, run_after_commit
from youthhub.endings.models import Ending
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.notices.services import notify
from youthhub.payments.personal_data import delete_expired_records
from youthhub.rights.models import RetentionReminder
from youthhub.rights.overdue import overdue_requests
from youthhub.rights.registry import reasons_to_wait
from youthhub.rights.services import erase_person, get_data_settings

REMIND_DAYS_BEFORE = 30
SUBJECT = N_("Your data with us")
REMINDER = N_(
    "We keep your data for a while after your time with %(programme)s ends. On %(date)s we'll "
    "erase it. Download your keepsake and your data before then, so you keep them."
)


@dataclass
class RetentionRun:
    reminded: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # due, but something is still in progress
    money_records_deleted: int = 0  # claims (with their payments) past HMRC's six years
    overdue: list[int] = field(default_factory=list)  # erasure requests stuck (`overdue.py`)
    sessions_deleted: int = 0  # signed-in sessions that ended over a month ago
    sends_deleted: int = 0  # keys of changes sent from phones' outboxes, kept a month


def erase_on(ended: date, keep_months: int) -> date:
    return add_months(ended, keep_months)


def _not_erased():
    # People without an account have no email (NULL): they are not erased either.
    return or_(User.email.is_(None), ~User.email.like(f"%@{ERASED_EMAIL_DOMAIN}"))


def young_people_with_endings() -> list[tuple[User, date]]:
    rows = db.session.execute(
        select(User, Ending.planned_on)
        .join(Ending, Ending.person_id == User.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.YOUNG_PERSON, _not_erased())
    ).all()
    return [(person, planned_on) for person, planned_on in rows]


def switched_off_staff() -> list[tuple[User, date]]:
    people = db.session.scalars(
        select(User).where(User.disabled_at.is_not(None), _not_erased())
    ).all()
    return [
        (person, person.disabled_at.astimezone(LONDON).date())
        for person in people
        if person.is_staff and not person.is_young_person
    ]


def _remind(person: User, due: date) -> bool:
    try:
        with db.session.begin_nested():
            db.session.add(RetentionReminder(person_id=person.id, erase_on=due))
            db.session.flush()
    except IntegrityError:
        return False
    from flask_babel import force_locale, format_date

    from youthhub.core.i18n import locale_for

    with force_locale(locale_for(person.locale)):
        written = format_date(due, "long")
    notify(
        person,
        REMINDER,
        subject=SUBJECT,
        link=path_for("rights.my_data"),
        date=written,
        programme=current_app.config["PROGRAMME_NAME"],
    )
    return True


def run_retention(today: date | None = None) -> RetentionRun:
    """Remind those a month from erasure and erase those due, and delete sessions that ended
    over a month ago and outbox keys older than a month; the caller commits."""
    today = today or london_today()
    keep = get_data_settings().keep_months
    run = RetentionRun()
    already = {
        (row.person_id, row.erase_on) for row in db.session.scalars(select(RetentionReminder))
    }
    for person, planned_on in young_people_with_endings():
        due = erase_on(planned_on, keep)
        if due <= today:
            _erase_if_nothing_waits(person, run)
        elif (
            due - timedelta(days=REMIND_DAYS_BEFORE) <= today
            and person.is_active
            and (person.id, due) not in already
            and _remind(person, due)
        ):
            run.reminded.append(person.id)
    for person, switched_off_on in switched_off_staff():
        if erase_on(switched_off_on, keep) <= today:
            _erase_if_nothing_waits(person, run)
    run.money_records_deleted = delete_expired_records(today)
    run.overdue = [ask.id for ask in overdue_requests(today)]
    run.sessions_deleted = forget_old_sessions()
    run.sends_deleted = forget_old_sends()
    return run


def _erase_if_nothing_waits(person: User, run: RetentionRun) -> None:
    if reasons_to_wait(person):
        run.waiting.append(person.id)
        return
    erase_person(person, actor=None)
    run.erased.append(person.id)


@click.group("data")
def data_command():
    """Personal data: retention."""


@jobs.job(timeout=1800)
def retention_job() -> None:
    """The run as a worker does it (`--queue`): what it did goes to the worker's log."""
    run = run_retention()
    logging.getLogger(__name__).info(
        "Retention: reminded %s, erased %s, waiting %s, money records deleted %s, "
        "old sessions deleted %s, old outbox keys deleted %s, overdue requests %s.",
        len(run.reminded),
        len(run.erased),
        len(run.waiting),
        run.money_records_deleted,
        run.sessions_deleted,
        run.sends_deleted,
        run.overdue,
    )


@data_command.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what would happen, change nothing.")
@click.option("--queue", "on_queue", is_flag=True, help="Leave the run to a job worker.")
def retention_command(dry_run, on_queue):
    """Remind people a month before their data is erased, and erase it when due (safe to rerun)."""
    if on_queue and not dry_run:
        jobs.queue_from_command(retention_job)
        click.echo("Retention: queued for a worker.")
        return
    base_url = current_app.config["PUBLIC_BASE_URL"]
    context = current_app.test_request_context(base_url=base_url or "http://localhost")
    context.push()
    try:
        run = run_retention()
        if dry_run:
            db.session.rollback()
            forget_after_commit()
        else:
            db.session.commit()
            run_after_commit()  # close erased people's Stripe accounts
    finally:
        context.pop()
    prefix = "Would have: " if dry_run else ""
    click.echo(
        f"{prefix}Reminded: {len(run.reminded)}. Erased: {len(run.erased)}. "
        f"Waiting (something still in progress): {len(run.waiting)}. "
        f"Money records past six years deleted: {run.money_records_deleted}. "
        f"Old sessions deleted: {run.sessions_deleted}. "
        f"Old outbox keys deleted: {run.sends_deleted}."
    )
    if run.overdue:
        ids = ", ".join(str(ask_id) for ask_id in run.overdue)
        click.echo(f"Overdue requests to be erased (see Data rights): {len(run.overdue)} ({ids}).")
