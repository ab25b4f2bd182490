"""Activities (sessions), bookings with a waiting list, and the register at the door."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.accounts.models import User
from youthhub.core.columns import enum_column
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class ActivityKind(StrEnum):
    TRIP = "trip"
    MEAL = "meal"
    WORKSHOP = "workshop"
    CO_DESIGN = "co_design"
    TRAINING = "training"
    PANEL = "panel"
    SHOWCASE = "showcase"
    MEETING = "meeting"
    OTHER = "other"


class AudienceTag(StrEnum):
    """Who an activity (or a group) is for. Who actually came is worked out from the people who
    came (`reports/stages.py`), never from these."""

    OPEN_TO_ALL = "open_to_all"
    MOVEMENT_MEMBERS = "movement_members"
    NEW_MEMBERS = "new_members"
    ONLINE = "online"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def split_tags(csv: str) -> list[AudienceTag]:
    known = {tag.value for tag in AudienceTag}
    return [AudienceTag(tag) for tag in csv.split(",") if tag in known]


class Activity(db.Model):
    """One session. A recurring series is several activities sharing a `series_key`."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    online_link: Mapped[str | None] = mapped_column(String(500))
    what_to_bring: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None] = mapped_column()  # None: no limit
    audience_csv: Mapped[str] = mapped_column(String(120), default="")
    booking_closes_hours: Mapped[int] = mapped_column(default=0)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    # A paid role: attending it is a contribution the payments issue turns into a claim.
    is_paid_role: Mapped[bool] = mapped_column(default=False)
    contribution_kind: Mapped[str | None] = mapped_column(String(80))
    expected_minutes: Mapped[int | None] = mapped_column()
    series_key: Mapped[str | None] = mapped_column(String(32), index=True)
    # Counts, not accounts: people at the door who are not young people on YouthHub.
    professionals_count: Mapped[int] = mapped_column(default=0)
    guests_count: Mapped[int] = mapped_column(default=0)
    # A headcount of young people who came but whose names were not taken (a fun day of 137):
    # they are attendances by young people, never in reach (nobody knows who they were).
    unnamed_young_people: Mapped[int] = mapped_column(default=0)
    # Past activities imported from a programme's own table (`activities/past.py`): the words
    # it gave for who attended, kept as written, and the row's fingerprint, so importing the
    # same file again adds nothing twice.
    stated_who_attended: Mapped[str | None] = mapped_column(String(80))
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    register_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped["Group | None"] = relationship(lazy="joined")  # noqa: F821

    @property
    def audience(self) -> list[AudienceTag]:
        return split_tags(self.audience_csv)

    @audience.setter
    def audience(self, tags) -> None:
        wanted = {AudienceTag(tag) for tag in tags}
        self.audience_csv = ",".join(tag.value for tag in AudienceTag if tag in wanted)

    @property
    def booking_closes_at(self) -> datetime:
        return self.starts_at - timedelta(hours=self.booking_closes_hours)

    @property
    def is_online(self) -> bool:
        """Its format: people join it online (the activity table says "Online")."""
        return bool(self.online_link)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.title!r}>"


class Booking(db.Model):
    """A young person's place (or place in the queue) at one activity: one row per person,
    reused if they cancel and book again, so nobody can hold two."""

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        Index("ix_bookings_person_status", "person_id", "status"),
        # Places booked and people waiting counted from the index alone (migration 0038).
        Index("ix_bookings_activity_status", "activity_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[BookingStatus] = mapped_column(enum_column(BookingStatus))
    # The waiting list is served in the order people joined it.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When "your session starts in 2 hours" went (`activities/reminders.py`): once a booking.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship()
    person: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Booking {self.activity_id}:{self.person_id} {self.status}>"


class Attendance(db.Model):
    """The register: whether one young person came to one activity."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        # Monitoring counts who came to a set of sessions from this index alone.
        Index("ix_attendances_activity_attended_person", "activity_id", "attended", "person_id"),
        # The activity table reads everyone's history (who came to what) from this index alone,
        # and the histories of a period's people without a lookup in the table for each one.
        Index("ix_attendances_person_attended_activity", "person_id", "attended", "activity_id"),
        # The activity table counts a period's new and movement members from this index alone.
        Index(
            "ix_attendances_activity_attended_stage",
            "activity_id",
            "attended",
            "session_number",
            "months_since_first",
            "person_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    attended: Mapped[bool] = mapped_column()
    walk_in: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kept up to date with the register (`activities.visits`), so the activity table tells a new
    # member from a movement member without reading anyone's history: which of the person's
    # held sessions this was (1: their first) and how many whole months after their first one it
    # started (None: not a held session they came to). Neither depends on the programme's
    # settings, so changing when a new member becomes a movement member changes nothing here.
    session_number: Mapped[int | None] = mapped_column()
    months_since_first: Mapped[int | None] = mapped_column()

    person: Mapped[User] = relationship(foreign_keys=[person_id])


class FirstVisit(db.Model):
    """When a young person first came to a held activity, the next time they came after that,
    and by when they had to come again to count as coming back (`visits.RETURN_WITHIN_MONTHS`):
    kept up to date with the register (`activities.visits`) so monitoring counts who came for
    the first time, and who came back, without reading every attendance."""

    __tablename__ = "first_visits"

    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    back_by: Mapped[datetime] = mapped_column(UTCDateTime)


class MonthOfVisits(db.Model):
    """A London month in which a young person came to held activities: how many attendances,
    the first and last London day they came in it, and the month and day they last came before
    it (None: their first). Monitoring counts everyone who came in a run of months as the rows
    whose previous month is before the run; and, for a run that starts or ends part way through
    a month, who came in those days from the first and last days, without the register
    (`reports.monitoring.came`)."""

    __tablename__ = "months_of_visits"
    __table_args__ = (
        Index("ix_months_of_visits_month_previous", "month", "previous_month", "attendances"),
        # Who came in a run of days, read from the index alone.
        Index(
            "ix_months_of_visits_month_days",
            "month",
            "previous_on",
            "first_on",
            "last_on",
            "person_id",
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)  # its first day
    previous_month: Mapped[date | None] = mapped_column()
    previous_on: Mapped[date | None] = mapped_column()  # the last day they came before it
    first_on: Mapped[date] = mapped_column()
    last_on: Mapped[date] = mapped_column()
    attendances: Mapped[int] = mapped_column()


class CalendarFeed(db.Model):
    """A young person's private calendar address. Its `token`, signed with SECRET_KEY, is the
    only key (see `services.feed_address_token`): resetting it makes every old subscription
    stop."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChangeOutcome(StrEnum):
    """What became of one change a phone sent to the register (`activities/register_sync.py`)."""

    APPLIED = "applied"
    MERGED = "merged"  # the register already said so (another worker marked the same)
    CONFLICT = "conflict"  # kept aside for a worker to decide
    REFUSED = "refused"


class RegisterChange(db.Model):
    """One change to a register a phone sent, by its idempotency key: a change sent twice (the
    answer was lost, the phone sent it again) is answered from here, never applied twice."""

    __tablename__ = "register_changes"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[ChangeOutcome] = mapped_column(enum_column(ChangeOutcome))
    message: Mapped[str | None] = mapped_column(String(300))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConflictKind(StrEnum):
    MARK = "mark"  # one worker said came, another didn't
    COUNT = "count"  # two different professionals, guests or unnamed counts
    PLACES = "places"  # more people came than the activity has places


class RegisterConflict(db.Model):
    """Two workers' offline registers that disagree, kept for a worker to decide: the register
    as it stands (`first_*`) against what arrived later (`second_*`). Nothing is overwritten
    until someone decides."""

    __tablename__ = "register_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    kind: Mapped[ConflictKind] = mapped_column(enum_column(ConflictKind))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    count_name: Mapped[str | None] = mapped_column(String(20))  # professionals, guests, unnamed
    # Marks are 1 (came) or 0 (didn't); counts are the numbers; places: came against places.
    first_value: Mapped[int] = mapped_column()
    first_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    second_value: Mapped[int] = mapped_column()
    second_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    second_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    first_by: Mapped[User | None] = relationship(foreign_keys=[first_by_id])
    second_by: Mapped[User | None] = relationship(foreign_keys=[second_by_id])
