"""Account emails, written in the recipient's own language."""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from youthhub.accounts import services
from youthhub.core.i18n import locale_for
from youthhub.core.mail import queue_email
from youthhub.extensions import db


def send_password_reset(email: str) -> None:
    """Queue a reset link if an active account has this email; say nothing either way."""
    user = services.find_user_by_email(email)
    if user is None or not user.is_active:
        return
    link = url_for(
        "accounts.reset_password", token=services.make_password_reset_token(user), _external=True
    )
    with force_locale(locale_for(user.locale)):
        queue_email(
            db.session,
            to=user.email,
            subject=_(
                "Reset your %(programme)s password", programme=current_app.config["PROGRAMME_NAME"]
            ),
            body=render_template(
                "accounts/email/password_reset.txt",
                user=user,
                link=link,
                minutes=current_app.config["PASSWORD_RESET_MINUTES"],
            ),
        )


def send_staff_invite(invite, token: str) -> str:
    """Queue the invite email and return the link, so the admin can also pass it on."""
    link = url_for("accounts.accept_invite", token=token, _external=True)
    queue_email(
        db.session,
        to=invite.email,
        subject=_(
            "You're invited to %(programme)s", programme=current_app.config["PROGRAMME_NAME"]
        ),
        body=render_template(
            "accounts/email/staff_invite.txt",
            invite=invite,
            link=link,
            hours=current_app.config["STAFF_INVITE_HOURS"],
        ),
    )
    return link


def send_record_handover(person, email: str, token: str) -> None:
    """Queue the link that lets a young person take over their record, to the address their
    worker typed (the address is not kept: they choose their login email on the page)."""
    link = url_for("people.take_over", token=token, _external=True)
    queue_email(
        db.session,
        to=email.strip(),
        subject=_(
            "Your %(programme)s record is ready for you",
            programme=current_app.config["PROGRAMME_NAME"],
        ),
        body=render_template(
            "accounts/email/record_handover.txt",
            person=person,
            link=link,
            hours=current_app.config["RECORD_HANDOVER_HOURS"],
        ),
    )
