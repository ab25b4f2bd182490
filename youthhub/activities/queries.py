"""Read-only questions about activities, each answered in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from flask import abort
from sqlalchemy import Row, and_, bindparam, exists, func, null, or_, select, true, union, union_all
from sqlalchemy.orm import aliased, contains_eager, load_only, raiseload

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Booking,
    BookingStatus,
)
from youthhub.core import reads
from youthhub.core.audit import AuditEntry
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db


def activity_or_404(activity_id: int) -> Activity:
    return db.session.get(Activity, activity_id) or abort(404)


@dataclass
class Listing:
    """An activity with its numbers and, for a young person, their own booking status."""

    activity: Activity
    booked: int
    waiting: int = 0
    my_status: BookingStatus | None = None

    @property
    def places_left(self) -> int | None:
        return places_left(self.activity.capacity, self.booked)


def _count(status: BookingStatus):
    # Correlated, so only the listed activities' bookings are counted; `count(*)`, so the count
    # is read from the index by activity and status alone (PostgreSQL's index-only scan).
    return (
        select(func.count())
        .where(Booking.activity_id == Activity.id, Booking.status == status)
        .correlate(Activity)
        .scalar_subquery()
    )


def _listings(query, person: User | None = None) -> list[Listing]:
    query = query.add_columns(_count(BookingStatus.BOOKED), _count(BookingStatus.WAITLISTED))
    if person is not None:
        mine = (
            select(Booking.activity_id, Booking.status)
            .where(Booking.person_id == person.id)
            .subquery()
        )
        query = query.add_columns(mine.c.status).outerjoin(mine, mine.c.activity_id == Activity.id)
    listings = []
    for row in db.session.execute(query):
        status = BookingStatus(row[3]) if person is not None and row[3] else None
        listings.append(Listing(row[0], row[1], row[2], status))
    return listings


def places_left(capacity: int | None, booked: int) -> int | None:
    """Places still free: None when there is no limit, never below 0."""
    return None if capacity is None else max(capacity - booked, 0)


# What's on shows a fortnight at a time: on a phone, the next two weeks is what people plan.
WHATS_ON_DAYS = 14
# ...or fewer days, whole ones, when a fortnight holds more sessions than this (a whole region's
# programme: ~57): at 320 px a card is about a sixth of a screen, so 20 are six screens, and a
# longer list is scrolled past while every card costs the page's time (and a cheap phone's).
WHATS_ON_MOST = 20
# A day busier than WHATS_ON_MOST alone is shown whole, up to this many (never one page of
# a day's sessions and the rest skipped: the next page starts on the next day).
BUSIEST_DAY = 500

# What a card on "What's on" shows of an activity (rows, not objects: a fortnight can hold
# many sessions, and a card needs none of an activity's other columns or its group).
CARD_COLUMNS = (
    Activity.id,
    Activity.title,
    Activity.kind,
    Activity.starts_at,
    Activity.ends_at,
    Activity.place,
    Activity.capacity,
    Activity.is_paid_role,
    Activity.contribution_kind,  # for its hourly rate (`paid.hourly_rates`)
)


def _coming(*columns, one_kind: bool, paid_only: bool):
    """Activities not cancelled, of the `kind` given as a parameter or only paid roles if
    asked (no time limits)."""
    query = select(*columns).where(Activity.cancelled_at.is_(None))
    if one_kind:
        query = query.where(Activity.kind == bindparam("kind"))
    if paid_only:
        query = query.where(Activity.is_paid_role.is_(True))
    return query


@cache  # sixteen statements at most; making and keying one each request cost as much as running it
def _whats_on_statement(one_kind: bool, paid_only: bool, for_person: bool, most: int):
    """What's on in one statement: when the first session after the fortnight starts (`later`,
    None if none) on every row, beside the fortnight's first `most` + 1 rows (`CARD_COLUMNS`
    with `booked`, `waiting` and the person's own `my_status`), or on one row of nothing else
    when the fortnight is empty. Its parameters: `after`, `before`, and `kind` and `person_id`
    if asked for."""
    rows = (
        _coming(*CARD_COLUMNS, one_kind=one_kind, paid_only=paid_only)
        .add_columns(
            _count(BookingStatus.BOOKED).label("booked"),
            _count(BookingStatus.WAITLISTED).label("waiting"),
        )
        .where(Activity.starts_at > bindparam("after"), Activity.starts_at < bindparam("before"))
        .order_by(Activity.starts_at, Activity.id)
        .limit(most + 1)  # one more says where to cut
    )
    if for_person:
        # Looked up for each of the page's rows by activity and person (the index of a person's
        # one booking of an activity), not every booking of theirs joined to the page.
        mine = (
            select(Booking.status)
            .where(Booking.activity_id == Activity.id, Booking.person_id == bindparam("person_id"))
            .scalar_subquery()
        )
        rows = rows.add_columns(mine.label("my_status"))
    else:
        rows = rows.add_columns(null().label("my_status"))
    # When the next session after the fortnight starts, if any: the first from the index by
    # start time (an EXISTS here was run by PostgreSQL as a scan of every activity in the
    # table's own order, the coming ones last).
    later = (
        _coming(func.min(Activity.starts_at), one_kind=one_kind, paid_only=paid_only)
        .where(Activity.starts_at >= bindparam("before"))
        .scalar_subquery()
    )
    # One query, not two (a round trip to PostgreSQL costs both sides ~0.1 ms): the answer about
    # later comes as one row, joined to however many rows the fortnight has, none included.
    more = select(later.label("later")).subquery("more")
    fortnight = rows.subquery("fortnight")
    return (
        select(more.c.later, *fortnight.c)
        .select_from(more)
        .outerjoin(fortnight, true())
        .order_by(fortnight.c.starts_at, fortnight.c.id)
    )


@dataclass
class WhatsOn:
    """A fortnight of what's on from `first` (a London date), and where the next one starts.
    `listings` are plain rows of `CARD_COLUMNS` with each activity's `booked` and `waiting`
    numbers and the person's own `my_status` (a `BookingStatus`, or None)."""

    listings: list[Row]
    first: date
    last: date
    later_from: date | None
    earlier_from: date | None

    @property
    def starts_today(self) -> bool:
        return self.earlier_from is None


def whats_on_from(
    person: User | None, first: date, kind: str | None = None, *, paid_only: bool = False
) -> WhatsOn:
    """What's on for the fortnight from `first` (today or later), soonest first, with places
    and the person's own status, only one kind or only paid roles if asked; and whether
    anything comes after it. One query however many activities there are (two when one day
    alone is busier than a page)."""
    today = london_today()
    first = max(first, today)
    end = first + timedelta(days=WHATS_ON_DAYS)
    one_kind = kind in {k.value for k in ActivityKind}
    asked = {
        "after": max(_london_midnight(first), utcnow()),
        "before": _london_midnight(end),
        "kind": kind if one_kind else None,
        "person_id": person.id if person is not None else None,
    }
    key = (one_kind, paid_only, person is not None)
    found = reads.rows(_whats_on_statement(*key, WHATS_ON_MOST), asked).all()
    more = found[0].later is not None
    listings = [row for row in found if row.id is not None]
    if len(listings) > WHATS_ON_MOST:
        # Whole days up to the page's last one: the next page starts on the day cut.
        end = _london_day(listings[WHATS_ON_MOST].starts_at)
        listings = [row for row in listings if _london_day(row.starts_at) < end]
        more = True
        if not listings:  # the first day alone is busier than a page: all of that day
            end += timedelta(days=1)
            asked["before"] = _london_midnight(end)
            found = reads.rows(_whats_on_statement(*key, BUSIEST_DAY), asked).all()
            more = found[0].later is not None
            listings = [row for row in found if row.id is not None][:BUSIEST_DAY]
    earlier = max(first - timedelta(days=WHATS_ON_DAYS), today) if first > today else None
    return WhatsOn(listings, first, end - timedelta(days=1), end if more else None, earlier)


def _london_day(moment: datetime) -> date:
    return moment.replace(tzinfo=UTC).astimezone(LONDON).date()


def is_own_session(activity: Activity, worker: User) -> bool:
    """A worker's own session: one they published, or one of a power group they set up.
    (Sessions have no one assigned to them yet, so this is who runs it as far as we know.)"""
    group = activity.group
    return activity.created_by_id == worker.id or (
        group is not None and group.created_by_id == worker.id
    )


@dataclass
class DaySessions:
    """One London day's sessions, the worker's own first, then the rest, each by start time."""

    day: date
    own: list[Listing] = field(default_factory=list)
    others: list[Listing] = field(default_factory=list)

    @property
    def sessions(self) -> list[Listing]:
        return self.own + self.others


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def sessions_by_day(worker: User, days: int = 2, limit: int = 60) -> list[DaySessions]:
    """Sessions from today (London) for `days` days that are not cancelled, by day: the
    worker's own first. One query however many there are."""
    today = london_today()
    plan = [DaySessions(today + timedelta(days=n)) for n in range(days)]
    query = (
        select(Activity)
        .where(
            Activity.starts_at >= _london_midnight(today),
            Activity.starts_at < _london_midnight(today + timedelta(days=days)),
            Activity.cancelled_at.is_(None),
        )
        .order_by(Activity.starts_at, Activity.id)
        .limit(limit)
    )
    for each in _listings(query):
        day = plan[(each.activity.starts_at.astimezone(LONDON).date() - today).days]
        (day.own if is_own_session(each.activity, worker) else day.others).append(each)
    return plan


def this_week_and_later(listings: list[Row]) -> tuple[list[Row], list[Row]]:
    """`whats_on`'s rows split at the end of this week (Sunday night, London time)."""
    today = datetime.now(LONDON).date()
    week_end = _london_midnight(today + timedelta(days=7 - today.weekday()))
    soon = [x for x in listings if x.starts_at < week_end]
    return soon, listings[len(soon) :]


def listing(activity: Activity, person: User | None) -> Listing:
    return _listings(select(Activity).where(Activity.id == activity.id), person)[0]


def queue_position(activity: Activity, person: User) -> int | None:
    """1 for the first person waiting; None if the person is not waiting."""
    mine = select(Booking.queued_at, Booking.id).where(
        Booking.activity_id == activity.id,
        Booking.person_id == person.id,
        Booking.status == BookingStatus.WAITLISTED,
    )
    row = db.session.execute(mine).first()
    if row is None:
        return None
    ahead = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.activity_id == activity.id,
            Booking.status == BookingStatus.WAITLISTED,
            or_(
                Booking.queued_at < row.queued_at,
                and_(Booking.queued_at == row.queued_at, Booking.id < row.id),
            ),
        )
    )
    return ahead + 1


@dataclass
class MyActivity:
    activity: Activity
    status: BookingStatus | None
    attended: bool | None


def my_activities(person: User) -> tuple[list[MyActivity], list[MyActivity]]:
    """The person's upcoming bookings (and waiting lists), and their past activities."""
    now = utcnow()
    # Starts from the person's own bookings and marks (each by its person index), so the
    # query reads only their activities however many there are.
    theirs = union(
        select(Booking.activity_id).where(
            Booking.person_id == person.id, Booking.status != BookingStatus.CANCELLED
        ),
        select(Attendance.activity_id).where(Attendance.person_id == person.id),
    ).subquery()
    query = (
        select(Activity, Booking.status, Attendance.attended)
        .join(theirs, theirs.c.activity_id == Activity.id)
        .outerjoin(
            Booking, and_(Booking.activity_id == Activity.id, Booking.person_id == person.id)
        )
        .outerjoin(
            Attendance,
            and_(Attendance.activity_id == Activity.id, Attendance.person_id == person.id),
        )
        .order_by(Activity.starts_at.desc(), Activity.id)
        .limit(300)
    )
    upcoming, past = [], []
    for activity, status, attended in db.session.execute(query):
        item = MyActivity(activity, BookingStatus(status) if status else None, attended)
        if activity.starts_at > now:
            upcoming.append(item)
        elif status == BookingStatus.BOOKED or attended is not None:
            past.append(item)
    upcoming.reverse()
    return upcoming, past


def calendar_activities(person: User) -> list[Activity]:
    """What goes in the person's calendar feed: booked places from the last 60 days on."""
    return list(
        db.session.scalars(
            select(Activity)
            .join(Booking, Booking.activity_id == Activity.id)
            .where(
                Booking.person_id == person.id,
                Booking.status == BookingStatus.BOOKED,
                Activity.starts_at > utcnow() - timedelta(days=60),
            )
            .order_by(Activity.starts_at)
            .limit(500)
        )
    )


def calendar_sequences(activities: list[Activity]) -> dict[int, int]:
    """Each activity's iCalendar SEQUENCE: how many times it changed in a way its calendar
    event shows (an `activity.updated` audit entry marked `calendar_changed`, or `moved`
    from before that mark existed) or was cancelled. The audit log is append-only, so the
    number only ever grows, as RFC 5545 asks; one query for the whole feed."""
    ids = [activity.id for activity in activities]
    if not ids:
        return {}
    shown_change = or_(
        AuditEntry.action == "activity.cancelled",
        and_(
            AuditEntry.action == "activity.updated",
            or_(
                AuditEntry.details["calendar_changed"].as_boolean(),
                AuditEntry.details["moved"].as_boolean(),
            ),
        ),
    )
    rows = db.session.execute(
        select(AuditEntry.subject_id, func.count())
        .where(
            AuditEntry.subject_type == "Activity",
            AuditEntry.subject_id.in_(ids),
            shown_change,
        )
        .group_by(AuditEntry.subject_id)
    )
    return dict(rows.all())


def manage_list(past_days: int = 30, limit: int = 200) -> list[Listing]:
    """Staff view: everything from a month ago on, cancelled ones included."""
    query = (
        select(Activity)
        .where(Activity.starts_at > utcnow() - timedelta(days=past_days))
        .order_by(Activity.starts_at, Activity.id)
        .limit(limit)
    )
    return _listings(query)


def group_sessions(group, limit: int = 20) -> list[Listing]:
    query = (
        select(Activity)
        .where(Activity.group_id == group.id, Activity.ends_at > utcnow())
        .order_by(Activity.starts_at, Activity.id)
        .limit(limit)
    )
    return _listings(query)


def bookings_of(activity: Activity) -> list[Booking]:
    """Everyone booked or waiting, in queue order, with their names."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(Booking.person)
            .options(contains_eager(Booking.person).raiseload(User.role_grants))
            .where(
                Booking.activity_id == activity.id,
                Booking.status != BookingStatus.CANCELLED,
            )
            .order_by(Booking.status, Booking.queued_at, Booking.id)
        )
    )


@dataclass
class RegisterLine:
    person: User
    booked: bool
    attended: bool | None
    walk_in: bool


# What a register line shows of a person (the name, and whether they have an account yet):
# each other column of 40 people was read and kept for nothing.
REGISTER_PERSON = (User.id, User.preferred_name, User.email, User.password_hash)


def register_lines(activity: Activity) -> list[RegisterLine]:
    """Everyone booked plus anyone already marked (walk-ins), by name."""
    return [
        RegisterLine(person, booking_id is not None, attended, bool(walk_in))
        for person, booking_id, attended, walk_in in db.session.execute(
            _register_statement(), {"activity_id": activity.id}
        )
    ]


@cache  # put together once (it is a long statement), for any activity (`activity_id`)
def _register_statement():
    """A register's lines. It starts from the activity's own bookings and marks (each by its
    activity index), so it reads only the people on this register, not every user. Each half
    finds its own people by id: joined to one UNION of both, PostgreSQL expected the two halves'
    sum (47 booked + 53 marked, for 40 people) and hashed all 20,000 users to find them (~1.3 ms
    of the server's CPU a page, against ~0.2)."""
    activity_id = bindparam("activity_id")
    marks = and_(Attendance.activity_id == activity_id, Attendance.person_id == User.id)
    booked = and_(
        Booking.activity_id == activity_id,
        Booking.person_id == User.id,
        Booking.status == BookingStatus.BOOKED,
    )
    lines = union_all(
        select(
            *REGISTER_PERSON,
            Booking.id.label("booking_id"),
            Attendance.attended,
            Attendance.walk_in,
        )
        .join(Booking, booked)
        .outerjoin(Attendance, marks),
        select(*REGISTER_PERSON, null(), Attendance.attended, Attendance.walk_in)
        .join(Attendance, marks)
        .where(~exists().where(booked)),
    ).subquery("lines")
    person = aliased(User, lines)
    return (
        select(person, lines.c.booking_id, lines.c.attended, lines.c.walk_in)
        .options(
            load_only(person.preferred_name, person.email, person.password_hash),
            raiseload(person.role_grants),
        )
        .order_by(func.lower(lines.c.preferred_name), lines.c.id)
    )


def find_young_people(search: str, limit: int = 10) -> list[User]:
    """Young people whose name matches, for adding a walk-in to the register."""
    text = search.strip().lower()
    if len(text) < 2:
        return []
    like = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant)
            .where(
                RoleGrant.role == Role.YOUNG_PERSON,
                User.disabled_at.is_(None),
                func.lower(User.preferred_name).like(like),
            )
            .options(raiseload(User.role_grants))
            .order_by(func.lower(User.preferred_name), User.id)
            .limit(limit)
        )
    )
