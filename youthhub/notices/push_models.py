"""A phone that asked for notifications: where its push service takes messages for it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class PushSubscription(db.Model):
    """One browser on one phone that turned notifications on (the Push API's subscription).
    The keys only encrypt messages to that browser; the endpoint is its address at its push
    service (Google's, Mozilla's, Apple's)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    # "Chrome on Android": enough for the person to tell their phones apart, no more.
    user_agent: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<PushSubscription {self.id} of {self.person_id}>"
