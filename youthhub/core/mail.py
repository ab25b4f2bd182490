"""Email that leaves only after the request's data is safely committed.

Services call `queue_email`; the message waits on the database session and is sent when that
session commits (and dropped if it rolls back), so nobody gets an email about something that
did not happen. Without MAIL_SERVER, emails are written to the log instead (development).
"""

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

OUTBOX_KEY = "youthhub_outbox"


def queue_email(session: Session, *, to: str | None, subject: str, body: str) -> None:
    """Queue an email to `to`; nothing for a person without an email (a young person a worker
    added on the register gets no emails until they take over their record)."""
    if not to:
        return
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    session.info.setdefault(OUTBOX_KEY, []).append(message)


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


@event.listens_for(Session, "after_commit")
def _send_outbox(session):
    for message in session.info.pop(OUTBOX_KEY, []):
        try:
            send_now(message)
        except (OSError, smtplib.SMTPException):
            # The change is committed; a lost email must not turn it into an error page.
            current_app.logger.exception("Could not send email to %s", message["To"])


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session):
    session.info.pop(OUTBOX_KEY, None)
