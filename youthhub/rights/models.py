"""Erasure requests, the retention setting and the retention reminders already sent."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.accounts.models import User
from youthhub.core.columns import enum_column
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db

DEFAULT_KEEP_MONTHS = 24


class ErasureStatus(StrEnum):
    ASKED = "asked"  # waiting for an admin
    HELD = "held"  # an admin is holding it, with a reason the young person can read
    DONE = "done"  # erased
    WITHDRAWN = "withdrawn"  # the young person changed their mind


class ErasureRequest(db.Model):
    """A young person asked to be erased (or the retention rule erased them). Kept after the
    erasure, pointing at the anonymised account, as the record that it was done."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ErasureStatus] = mapped_column(enum_column(ErasureStatus))
    # "asked" (by the young person) or "retention" (by the daily command).
    source: Mapped[str] = mapped_column(String(20), default="asked")
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hold_reason: Mapped[str | None] = mapped_column(String(500))
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[User] = relationship(foreign_keys=[person_id])

    @property
    def is_open(self) -> bool:
        return self.status in (ErasureStatus.ASKED, ErasureStatus.HELD)


class DataSettings(db.Model):
    """How long personal data is kept after a young person's planned ending (one row)."""

    __tablename__ = "data_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    keep_months: Mapped[int] = mapped_column(default=DEFAULT_KEEP_MONTHS)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RetentionReminder(db.Model):
    """The "download your keepsake" reminder a month before erasure: one per erasure date."""

    __tablename__ = "retention_reminders"
    __table_args__ = (UniqueConstraint("person_id", "erase_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    erase_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
