"""Read-only questions about endings and certificates, each answered in a fixed number of
queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.activities.models import Activity
from youthhub.core import reads
from youthhub.core.journey import joined_on
from youthhub.core.time import london_today, utcnow
from youthhub.endings.codes import normalise_code
from youthhub.endings.models import (
    DEFAULT_LENGTH_MONTHS,
    PLAN_FIELDS,
    SETTINGS_ID,
    Certificate,
    Ending,
    ProgrammeSettings,
    plan_is_empty,
)
from youthhub.endings.programme import ending_date
from youthhub.extensions import db

LIST_LIMIT = 200


def graduation_events(around: int = 120, limit: int = 50) -> list[Activity]:
    """Activities that could be a graduation event: not cancelled, within `around` days."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.cancelled_at.is_(None),
                Activity.starts_at >= now - timedelta(days=around),
                Activity.starts_at <= now + timedelta(days=around),
            )
            .order_by(Activity.starts_at.desc())
            .limit(limit)
        )
    )


def ending_of(person: User) -> Ending | None:
    return db.session.scalar(select(Ending).where(Ending.person_id == person.id))


def current_certificate(person: User) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.person_id == person.id, Certificate.revoked_at.is_(None)
        )
    )


def certificates_of(person: User) -> list[Certificate]:
    """Every certificate a person has had, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.person_id == person.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate a typed or scanned code belongs to; None if malformed or unknown."""
    code = normalise_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


@dataclass(frozen=True)
class HomeEnding:
    planned_on: date
    graduated_on: date | None
    plan_started: bool


# The home page's card in one query, built once, whether or not the person has an ending yet
# (someone who joined before endings were planned is shown the date the programme's settings
# give them; with no settings saved, the defaults): only the columns the card shows.
_HOME_ENDING = (
    select(
        Ending.planned_on,
        Ending.graduated_on,
        ProgrammeSettings.default_length_months,
        ProgrammeSettings.programme_ends_on,
        *(getattr(Ending, name) for name in PLAN_FIELDS),
    )
    .select_from(User)
    .outerjoin(Ending, Ending.person_id == User.id)
    .outerjoin(ProgrammeSettings, ProgrammeSettings.id == SETTINGS_ID)
    .where(User.id == bindparam("person_id"))
)


def home_ending(person: User) -> HomeEnding:
    """What the young person's home page says about their ending (in one query)."""
    planned_on, graduated_on, length_months, programme_ends_on, *plan = reads.rows(
        _HOME_ENDING, {"person_id": person.id}
    ).one()
    if planned_on is None:  # no ending yet: the date they will get
        length_months = DEFAULT_LENGTH_MONTHS if length_months is None else length_months
        planned_on = ending_date(joined_on(person), length_months, programme_ends_on)
        return HomeEnding(planned_on, None, False)
    return HomeEnding(planned_on, graduated_on, not plan_is_empty(plan))


@dataclass(frozen=True)
class EndingRow:
    person_id: int
    name: str
    pronouns: str | None
    planned_on: date
    worker_name: str | None
    plan_empty: bool


def _still_ending(*conditions, worker: User | None = None) -> list:
    """Who the endings lists are about: young people still here and not graduated yet (only a
    worker's own, if given), and whatever else the list asks."""
    mine = [User.key_worker_id == worker.id] if worker is not None else []
    return [
        Ending.graduated_on.is_(None),
        User.disabled_at.is_(None),
        User.role_grants.any(RoleGrant.role == Role.YOUNG_PERSON),
        *mine,
        *conditions,
    ]


def _ending_rows(*conditions, worker: User | None = None) -> list[EndingRow]:
    key_worker = aliased(User)
    query = (
        select(Ending, User.preferred_name, User.pronouns, key_worker.preferred_name)
        .join(User, User.id == Ending.person_id)
        .outerjoin(key_worker, key_worker.id == User.key_worker_id)
        .where(*_still_ending(*conditions, worker=worker))
        .order_by(Ending.planned_on, User.preferred_name, User.id)
        .limit(LIST_LIMIT)
    )
    return [
        EndingRow(e.person_id, name, pronouns, e.planned_on, worker_name, e.plan_is_empty)
        for e, name, pronouns, worker_name in db.session.execute(query)
    ]


def _planned_between(first_day: int, last_day: int) -> tuple:
    today = london_today()
    return (
        Ending.planned_on >= today + timedelta(days=first_day),
        Ending.planned_on <= today + timedelta(days=last_day),
    )


def ending_between(first_day: int, last_day: int, *, worker: User | None = None) -> list[EndingRow]:
    """Young people whose planned ending is `first_day` to `last_day` days from today."""
    return _ending_rows(*_planned_between(first_day, last_day), worker=worker)


# The staff home's "endings coming up" is the endings page's first list: the next 30 days.
COMING_UP_DAYS = 30


def count_ending_soon(*, worker: User | None = None):
    """How many young people the endings page lists as ending in the next 30 days (a worker's
    own, if given), as a scalar query to gather with the staff home's other counts."""
    return (
        select(func.count(Ending.id))
        .join(User, User.id == Ending.person_id)
        .where(*_still_ending(*_planned_between(0, COMING_UP_DAYS), worker=worker))
        .scalar_subquery()
    )


def shared_messages(limit: int = 50) -> list[str]:
    """Messages for future members that young people said the programme may share, newest
    first (without names: they are for passing on)."""
    return list(
        db.session.scalars(
            select(Ending.message_for_members)
            .where(Ending.share_message.is_(True), Ending.message_for_members != "")
            .order_by(Ending.plan_updated_at.desc(), Ending.id.desc())
            .limit(limit)
        )
    )


def shared_messages_between(low, high, limit: int) -> list[str]:
    """Shared messages for future members written (or last changed) from `low` until `high`,
    newest first, without names."""
    return list(
        db.session.scalars(
            select(Ending.message_for_members)
            .where(
                Ending.share_message.is_(True),
                Ending.message_for_members != "",
                Ending.plan_updated_at >= low,
                Ending.plan_updated_at < high,
            )
            .order_by(Ending.plan_updated_at.desc(), Ending.id.desc())
            .limit(limit)
        )
    )


def graduations_between(start: date, end: date) -> list[tuple[date, str | None, int]]:
    """Each day young people graduated from `start` to `end`: the day, the celebration's title
    (if it was at an activity) and how many graduated, in date order. No names."""
    rows = db.session.execute(
        select(Ending.graduated_on, Activity.title, func.count())
        .outerjoin(Activity, Activity.id == Ending.graduation_activity_id)
        .where(Ending.graduated_on >= start, Ending.graduated_on <= end)
        .group_by(Ending.graduated_on, Activity.title)
        .order_by(Ending.graduated_on, Activity.title)
    ).all()
    return [tuple(row) for row in rows]


def empty_plans(*, worker: User | None = None) -> list[EndingRow]:
    """Young people who have not started their ending plan yet, soonest ending first."""
    empty = and_(*(getattr(Ending, name) == "" for name in PLAN_FIELDS))
    return _ending_rows(empty, worker=worker)
