"""Youth-led power groups and who is in them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.accounts.models import User
from youthhub.activities.models import split_tags
from youthhub.core.columns import enum_column
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class MembershipStatus(StrEnum):
    REQUESTED = "requested"
    MEMBER = "member"
    DECLINED = "declined"
    LEFT = "left"


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    about: Mapped[str] = mapped_column(Text, default="")
    meets: Mapped[str] = mapped_column(String(120), default="")
    audience_csv: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def audience(self):
        return split_tags(self.audience_csv)

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name!r}>"


class Membership(db.Model):
    """One young person's place in a group: asked, in (maybe as a lead), declined or left."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[MembershipStatus] = mapped_column(enum_column(MembershipStatus))
    is_lead: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    group: Mapped[Group] = relationship()
    person: Mapped[User] = relationship(foreign_keys=[person_id])

    @property
    def is_member(self) -> bool:
        return self.status == MembershipStatus.MEMBER
