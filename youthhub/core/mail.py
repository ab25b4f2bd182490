"""Email that leaves only after the request's data is safely committed.

Services call `queue_email`; the message waits on the database session and is sent when that
session commits (and dropped if it rolls back), so nobody gets an email about something that
did not happen. With REDIS_URL, each message goes on the job queue then and a worker sends it
(tried again later if the SMTP server is down); without, it is sent here (`core.jobs`). Without
MAIL_SERVER, emails are written to the log instead (development).
"""

import email
import email.policy
import smtplib
import threading
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from youthhub.core import jobs

OUTBOX_KEY = "youthhub_outbox"
QUIET_KEY = "youthhub_quiet_outbox"


def queue_email(
    session: Session, *, to: str | None, subject: str, body: str, quietly: bool = False
) -> None:
    """Send after the commit; nothing for a person without an email (a young person a worker
    added on the register gets no emails until they take over their record). `quietly`: from a
    background thread (MAIL_IN_BACKGROUND), for emails whose sending must not show in the
    response time (whether an email has an account: password resets, sign-ups)."""
    if not to:
        return
    message = write_email(to=to, subject=subject, body=body)
    quiet = quietly and current_app.config["MAIL_IN_BACKGROUND"]
    session.info.setdefault(QUIET_KEY if quiet else OUTBOX_KEY, []).append(message)


def write_email(*, to: str, subject: str, body: str) -> EmailMessage:
    """The message itself (also written and dropped when no account should get one, so that
    costs the same time)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_now(message: EmailMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        current_app.logger.warning("Email (not sent: no MAIL_SERVER):\n%s", message)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


@jobs.job(retries=3, timeout=60)
def send_email(raw: str) -> None:
    """The job: send one message, written out as text (a failure fails the job, to be retried)."""
    send_now(email.message_from_string(raw, policy=email.policy.default))


def _send_logged(message: EmailMessage) -> None:
    try:
        send_now(message)
    except (OSError, smtplib.SMTPException):
        # The change is committed; a lost email must not turn it into an error page.
        current_app.logger.exception("Could not send email to %s", message["To"])


def _send_in_background(app, messages: list[EmailMessage]) -> None:
    with app.app_context():
        for message in messages:
            _send_logged(message)


@event.listens_for(Session, "after_commit")
def _send_outbox(session):
    outbox, quiet = session.info.pop(OUTBOX_KEY, []), session.info.pop(QUIET_KEY, [])
    if not outbox and not quiet:
        return
    if jobs.uses_queue():
        for message in outbox + quiet:
            jobs.start(send_email, message.as_string())
        return
    for message in outbox:
        _send_logged(message)
    if quiet:
        app = current_app._get_current_object()
        threading.Thread(target=_send_in_background, args=(app, quiet), daemon=True).start()


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session):
    session.info.pop(OUTBOX_KEY, None)
    session.info.pop(QUIET_KEY, None)
