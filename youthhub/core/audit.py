"""An append-only audit log: who did what to which record, and when.

Every service that changes something that matters writes one entry here. Entries are never
updated or deleted: the ORM refuses it, and on PostgreSQL a trigger refuses it too.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, event, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.subject_type}:{self.subject_id}>"


class AuditLogIsAppendOnly(RuntimeError):
    pass


def record(action: str, *, actor, subject=None, **details: Any) -> AuditEntry:
    """Add an audit entry to the session (the caller's request commits it).

    `subject` must already have an id, so flush before recording a new record.
    """
    entry = AuditEntry(**entry_values(action, actor=actor, subject=subject, **details))
    db.session.add(entry)
    return entry


def entry_values(action: str, *, actor, subject=None, **details: Any) -> dict[str, Any]:
    """One audit entry's columns, for `record_all`."""
    return {
        "at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "action": action,
        "subject_type": type(subject).__name__ if subject is not None else None,
        "subject_id": getattr(subject, "id", None),
        "details": details,
    }


def record_all(entries: list[dict[str, Any]]) -> None:
    """Write many entries (`entry_values`) in one statement, however many there are: the
    register writes one per person, and adding them one by one is one INSERT each on SQLite."""
    if entries:
        db.session.execute(insert(AuditEntry), entries)


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
