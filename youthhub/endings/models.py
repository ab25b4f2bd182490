"""Endings: the programme's settings, each young person's planned ending and ending plan, the
reminders sent before it, and the certificates issued at graduation."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.accounts.models import User
from youthhub.activities.models import Activity
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db
from youthhub.goals.models import Goal

DEFAULT_LENGTH_MONTHS = 12
# A young person is a new member for their first months or sessions, whichever ends first.
DEFAULT_NEW_MEMBER_MONTHS = 3
DEFAULT_NEW_MEMBER_SESSIONS = 6
DEFAULT_REMINDER_DAYS = (90, 30, 7)
PLAN_FIELDS = ("proud_of", "keep_doing", "carrying_on", "contacts_after", "message_for_members")


def plan_is_empty(answers) -> bool:
    """Whether an ending plan's answers (its `PLAN_FIELDS`, in any order) hold no words yet."""
    return not any((answer or "").strip() for answer in answers)


# The revoke reason of a certificate whose holder had their data erased (endings/personal_data).
WITHDRAWN_AT_HOLDERS_REQUEST = "withdrawn at the holder's request"


keepsake_goals = db.Table(
    "keepsake_goals",
    db.Column("ending_id", ForeignKey("endings.id", ondelete="CASCADE"), primary_key=True),
    db.Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
)


#: The one row of `ProgrammeSettings`.
SETTINGS_ID = 1


class ProgrammeSettings(db.Model):
    """The programme's own rules for endings (one row, `SETTINGS_ID`, edited by an admin)."""

    __tablename__ = "programme_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    default_length_months: Mapped[int] = mapped_column(default=DEFAULT_LENGTH_MONTHS)
    programme_ends_on: Mapped[date | None] = mapped_column(Date)
    reminder_days_csv: Mapped[str] = mapped_column(
        String(40), default=lambda: ",".join(map(str, DEFAULT_REMINDER_DAYS))
    )
    # When a young person stops being a new member and becomes a movement member: after this
    # many months from their first session, or this many sessions, whichever comes first
    # (None: that limit is not used; at least one of the two is always set). No column default:
    # it would replace a None an admin chose; `programme.get_settings` gives the defaults.
    new_member_months: Mapped[int | None] = mapped_column()
    new_member_sessions: Mapped[int | None] = mapped_column()
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def reminder_days(self) -> list[int]:
        """Days before the ending that a reminder goes out, furthest first."""
        days = {int(part) for part in (self.reminder_days_csv or "").split(",") if part.strip()}
        return sorted(days, reverse=True)


class Ending(db.Model):
    """One young person's planned ending, the plan they make with their worker, what they
    want on their certificate, and their graduation."""

    __tablename__ = "endings"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    # Names the young person in their digital badge without saying who they are.
    holder_uuid: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid.uuid4()))

    # The ending plan, filled in together; each answer may be empty.
    proud_of: Mapped[str] = mapped_column(Text, default="")
    keep_doing: Mapped[str] = mapped_column(Text, default="")
    carrying_on: Mapped[str] = mapped_column(Text, default="")
    contacts_after: Mapped[str] = mapped_column(Text, default="")
    message_for_members: Mapped[str] = mapped_column(Text, default="")
    share_message: Mapped[bool] = mapped_column(default=False)
    plan_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    plan_updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # The young person's own choices for their certificate.
    printed_name: Mapped[str | None] = mapped_column(String(80))
    highlight_keys_csv: Mapped[str] = mapped_column(String(300), default="")
    # Their yes to naming them in their badge by a salted hash of their email too (default no):
    # someone who already knows the email can match it; nobody can read it from the badge. A
    # new salt with each yes, so an earlier badge's hash cannot be linked to a later one.
    badge_email_salt: Mapped[str | None] = mapped_column(String(32))

    graduated_on: Mapped[date | None] = mapped_column(Date)
    # The graduation event, if there was one: an activity.
    graduation_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    graduation_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    graduation_activity: Mapped[Activity | None] = relationship()
    # Goals are private: only the ones the young person ticks go into their keepsake.
    keepsake_goals: Mapped[list[Goal]] = relationship(
        secondary="keepsake_goals", order_by="Goal.id"
    )

    @property
    def plan_is_empty(self) -> bool:
        return plan_is_empty(getattr(self, name) for name in PLAN_FIELDS)

    @property
    def highlight_keys(self) -> list[str]:
        return [key for key in (self.highlight_keys_csv or "").split(",") if key]

    @property
    def badge_shows_email_hash(self) -> bool:
        return self.badge_email_salt is not None

    @property
    def keepsake_goal_ids(self) -> list[int]:
        return [goal.id for goal in self.keepsake_goals]

    def __repr__(self) -> str:
        return f"<Ending {self.id} of {self.person_id} on {self.planned_on}>"


class EndingReminder(db.Model):
    """A reminder that went out: at most one per reminder point for each planned date."""

    __tablename__ = "ending_reminders"
    __table_args__ = (UniqueConstraint("ending_id", "days_before", "for_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ending_id: Mapped[int] = mapped_column(ForeignKey("endings.id", ondelete="CASCADE"))
    days_before: Mapped[int] = mapped_column()
    for_date: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ending: Mapped[Ending] = relationship()


class Certificate(db.Model):
    """A graduation certificate. What it says is fixed when it is issued, so every copy and
    the public verification page agree; a change means revoking it and issuing a new one."""

    __tablename__ = "certificates"
    __table_args__ = (
        # At most one current certificate per young person, even if two issues race.
        Index(
            "uq_certificates_current_per_person",
            "person_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # 140 random bits in Crockford base32: printed on the certificate, and the QR code's link.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    printed_name: Mapped[str] = mapped_column(String(80))
    programme_name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8))
    awarded_on: Mapped[date] = mapped_column(Date)
    highlights: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    signer_name: Mapped[str] = mapped_column(String(80))
    signer_role: Mapped[str] = mapped_column(String(20))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(String(300))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # Its bit in the published revocation status list (`status_list.py`), chosen at random.
    status_index: Mapped[int] = mapped_column(unique=True)

    person: Mapped[User] = relationship(foreign_keys=[person_id])

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None

    @property
    def is_withdrawn(self) -> bool:
        """Its holder's data was erased: the page says so, and shows no name."""
        return self.revoke_reason == WITHDRAWN_AT_HOLDERS_REQUEST

    def __repr__(self) -> str:
        return f"<Certificate {self.id} of {self.person_id}>"
