"""The programme's own ending rules (set by an admin) and the planned ending they give each
young person who joins.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import add_months, london_today, utcnow
from youthhub.endings.models import (
    DEFAULT_LENGTH_MONTHS,
    DEFAULT_NEW_MEMBER_MONTHS,
    DEFAULT_NEW_MEMBER_SESSIONS,
    SETTINGS_ID,
    Ending,
    ProgrammeSettings,
)
from youthhub.endings.notify import DATE_CHANGED, tell_young_person
from youthhub.extensions import db

MAX_LENGTH_MONTHS = 60
MAX_REMINDER_DAY = 365
MAX_REMINDERS = 6
MAX_NEW_MEMBER_MONTHS = 60
MAX_NEW_MEMBER_SESSIONS = 500
KEEP = object()  # a setting left as it is


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def get_settings() -> ProgrammeSettings:
    """The programme's settings; the defaults (unsaved) until an admin first saves them."""
    settings = db.session.get(ProgrammeSettings, SETTINGS_ID)
    return settings or ProgrammeSettings(
        id=SETTINGS_ID,
        default_length_months=DEFAULT_LENGTH_MONTHS,
        programme_ends_on=None,
        reminder_days_csv="90,30,7",
        new_member_months=DEFAULT_NEW_MEMBER_MONTHS,
        new_member_sessions=DEFAULT_NEW_MEMBER_SESSIONS,
    )


def _check_new_member_point(months: int | None, sessions: int | None) -> None:
    if months is None and sessions is None:
        raise DomainError(_l("Give a number of months, of sessions, or both."))
    if months is not None and not 1 <= months <= MAX_NEW_MEMBER_MONTHS:
        raise DomainError(_l("Choose from 1 to 60 months."))
    if sessions is not None and not 1 <= sessions <= MAX_NEW_MEMBER_SESSIONS:
        raise DomainError(_l("Choose from 1 to 500 sessions."))


def update_settings(
    *,
    default_length_months: int,
    programme_ends_on: date | None,
    reminder_days,
    actor: User,
    new_member_months=KEEP,
    new_member_sessions=KEEP,
) -> ProgrammeSettings:
    """Save the programme's ending rules, and when a new member becomes a movement member
    (after `new_member_months` from their first session or `new_member_sessions` sessions,
    whichever comes first; None leaves that limit out). Planned endings after a new programme
    end move to it."""
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))
    if not 1 <= default_length_months <= MAX_LENGTH_MONTHS:
        raise DomainError(_l("Choose a length from 1 to 60 months."))
    if programme_ends_on is not None and programme_ends_on < london_today():
        raise DomainError(_l("The programme's end date can't be in the past."))
    days = sorted(set(reminder_days), reverse=True)
    if not days or len(days) > MAX_REMINDERS or not all(1 <= d <= MAX_REMINDER_DAY for d in days):
        raise DomainError(_l("Give up to 6 reminder days, each from 1 to 365."))
    settings = get_settings()
    if new_member_months is KEEP:
        new_member_months = settings.new_member_months
    if new_member_sessions is KEEP:
        new_member_sessions = settings.new_member_sessions
    _check_new_member_point(new_member_months, new_member_sessions)
    before = {
        "default_length_months": settings.default_length_months,
        "programme_ends_on": iso(settings.programme_ends_on),
        "reminder_days": settings.reminder_days,
        "new_member_months": settings.new_member_months,
        "new_member_sessions": settings.new_member_sessions,
    }
    settings.new_member_months = new_member_months
    settings.new_member_sessions = new_member_sessions
    settings.default_length_months = default_length_months
    settings.programme_ends_on = programme_ends_on
    settings.reminder_days_csv = ",".join(map(str, days))
    settings.updated_at = utcnow()
    settings.updated_by_id = actor.id
    db.session.add(settings)
    db.session.flush()
    after = {
        "default_length_months": default_length_months,
        "programme_ends_on": iso(programme_ends_on),
        "reminder_days": days,
        "new_member_months": new_member_months,
        "new_member_sessions": new_member_sessions,
    }
    record("programme.settings_changed", actor=actor, subject=settings, before=before, after=after)
    if programme_ends_on is not None:
        _bring_endings_within(programme_ends_on, actor=actor)
    return settings


def _bring_endings_within(programme_ends_on: date, *, actor: User) -> None:
    later = db.session.scalars(
        select(Ending).where(Ending.planned_on > programme_ends_on, Ending.graduated_on.is_(None))
    )
    for ending in later:
        before = ending.planned_on
        ending.planned_on = programme_ends_on
        record(
            "ending.date_changed",
            actor=actor,
            subject=ending,
            before=iso(before),
            after=iso(programme_ends_on),
            reason="The programme's end date moved earlier.",
        )
        tell_young_person(ending.person, DATE_CHANGED, when=programme_ends_on)


def default_ending_for(joined: date, settings: ProgrammeSettings | None = None) -> date:
    """The earlier of the default length from joining and the programme's own end."""
    settings = settings or get_settings()
    return ending_date(joined, settings.default_length_months, settings.programme_ends_on)


def ending_date(joined: date, length_months: int, programme_ends_on: date | None) -> date:
    """`default_ending_for` given the settings' two values (a page that read them itself)."""
    planned = add_months(joined, length_months)
    if programme_ends_on is not None:
        planned = min(planned, max(programme_ends_on, joined))
    return planned
