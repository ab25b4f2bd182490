"""Support given: `SupportKind` (an admin-defined list, named in every language) and
`SupportGiven` (a worker logged one of them for a young person on a London date)."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db
from youthhub.goals.models import localised


class SupportKind(db.Model):
    """A kind of support (a journey bag, a Lifelong Links referral). Retired kinds stay so the
    history keeps its words, but can no longer be logged."""

    __tablename__ = "support_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Set on the seeded kinds only, so seeding twice never makes a second copy.
    slug: Mapped[str | None] = mapped_column(String(40), unique=True)
    # {"en": "...", "cy": "..."}, as goal areas: a new language needs no new columns.
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def name(self) -> str:
        return localised(self.names)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<SupportKind {self.id} {self.slug or ''}>"


class SupportGiven(db.Model):
    """One kind of support given to one young person on one day. No free text: this is for
    counting what the programme did, not a case note."""

    __tablename__ = "support_given"
    __table_args__ = (
        Index("ix_support_given_given_on_kind_person", "given_on", "kind_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("support_kinds.id"), index=True)
    given_on: Mapped[date] = mapped_column(Date)  # London date
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    kind: Mapped[SupportKind] = relationship(lazy="joined")
