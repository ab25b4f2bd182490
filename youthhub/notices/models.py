"""In-app notices: a short message for one person, shown until they have read it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class Notice(db.Model):
    """One message to one person, written in their language when it was sent."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_recipient_unread", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    # A path inside the app (never an outside address) the notice links to.
    link: Mapped[str | None] = mapped_column(String(300))
    # Notices of one kind (e.g. "claim_paid") are shown together as one item on the home page;
    # a notice without a kind shows on its own. The amount, in pence, is what a group adds up.
    kind: Mapped[str | None] = mapped_column(String(40))
    amount_pence: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Notice {self.id} to {self.recipient_id}>"
