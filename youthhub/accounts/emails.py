"""Account emails, written in the recipient's own language."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from youthhub.accounts import services
from youthhub.accounts.models import User
from youthhub.core.i18n import locale_for
from youthhub.core.links import public_url
from youthhub.core.mail import queue_email, write_email
from youthhub.extensions import db


def send_password_reset(email: str) -> None:
    """Queue a reset link if an active account has this email; say nothing either way, and
    take the same time: without an account the email is written all the same, for nobody."""
    user = services.find_user_by_email(email)
    found = user is not None and user.is_active
    person = user if found else User(email=email, preferred_name="", password_hash="")
    link = public_url("accounts.reset_password", token=services.make_password_reset_token(person))
    with force_locale(locale_for(person.locale)):
        subject = _(
            "Reset your %(programme)s password", programme=current_app.config["PROGRAMME_NAME"]
        )
        body = render_template(
            "accounts/email/password_reset.txt",
            user=person,
            link=link,
            minutes=current_app.config["PASSWORD_RESET_MINUTES"],
        )
    if found:
        queue_email(db.session, to=user.email, subject=subject, body=body, quietly=True)
    else:
        write_email(to=email, subject=subject, body=body)


def confirm_taken_over_email(user: User) -> None:
    """A young person who took over their record typed their email on the spot: like a sign-up,
    it opens for logging in once the link we email there is opened."""
    _email(
        user,
        "accounts/email/confirm_sign_up.txt",
        _finish_subject,
        link=public_url("accounts.confirm_sign_up", token=services.make_sign_up_token(user)),
        hours=current_app.config["SIGN_UP_LINK_HOURS"],
    )


def sign_up(*, locale, **details) -> None:
    """Sign a young person up and email them the link that finishes it; if the email already
    has an account, email its owner instead. Either way the person signing up sees the same."""
    user = services.sign_up_young_person(locale=locale, **details)
    if user is not None:
        _email(
            user,
            "accounts/email/confirm_sign_up.txt",
            _finish_subject,
            locale=locale,
            link=public_url("accounts.confirm_sign_up", token=services.make_sign_up_token(user)),
            hours=current_app.config["SIGN_UP_LINK_HOURS"],
        )
        return
    owner = services.find_user_by_email(details["email"])
    _email(
        owner,
        "accounts/email/sign_up_taken.txt",
        _taken_subject,
        login_link=public_url("accounts.login"),
        reset_link=public_url("accounts.forgot_password"),
    )


def _finish_subject(programme: str) -> str:
    return _("Finish signing up to %(programme)s", programme=programme)


def _taken_subject(programme: str) -> str:
    return _("Someone tried to sign up to %(programme)s with your email", programme=programme)


def _email(user, template: str, subject, *, locale=None, **values) -> None:
    """An email to `user` in their language (or the one they chose while signing up)."""
    programme = current_app.config["PROGRAMME_NAME"]
    with force_locale(locale_for(locale or user.locale)):
        queue_email(
            db.session,
            to=user.email,
            subject=subject(programme),
            body=render_template(template, user=user, programme=programme, **values),
            quietly=True,
        )


def send_staff_invite(invite, token: str) -> str:
    """Queue the invite email and return the link, so the admin can also pass it on."""
    link = public_url("accounts.accept_invite", token=token)
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
    link = public_url("people.take_over", token=token)
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
