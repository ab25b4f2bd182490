"""Telling a young person about their ending, in their own language (an in-app notice, and an
email when mail is set up)."""

from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date

from youthhub.accounts.models import User
from youthhub.core.i18n import locale_for
from youthhub.core.text import N_, path_for
from youthhub.notices.services import notify

SUBJECT = N_("About your time with us")
DATE_CHANGED = N_(
    "Your planned ending date is now %(date)s. Your worker can talk it through with you."
)


def tell_young_person(
    person: User, message: str, *, when: date | None = None, kind: str | None = None
) -> None:
    """`message` is an untranslated msgid (marked with `N_`) that may use %(date)s and
    %(programme)s; the date is written the way the person's language writes dates."""
    with force_locale(locale_for(person.locale)):
        written = format_date(when, "long") if when else ""
    notify(
        person,
        message,
        subject=SUBJECT,
        link=path_for("endings.my_ending"),
        kind=kind,
        date=written,
        programme=current_app.config["PROGRAMME_NAME"],
    )
