"""Who has looked at a young person's data: one `AccessEntry` each time a staff member opens
their record (profile, shared goal, money, ending plan, attendance history, export).

This is the one deliberate exception to "a GET never writes" (`core.transaction`), and it is
built so it cannot carry any other write with it:

- a staff page calls `looked_at(person_id, what, viewer=...)`, which only notes the look
  in `g`;
- after the request's own transaction has finished (a GET's is rolled back, whatever was
  touched), `write_access_entries` inserts the noted entries, and nothing else, in a short
  transaction of their own;
- only a page that was shown (a status below 400) counts as a look.

`tests/core/test_request_rule.py` allows exactly `INSERT INTO data_access_entries` on GET.
"""

from datetime import datetime

from flask import Flask, g
from sqlalchemy import ForeignKey, String, insert
from sqlalchemy.orm import Mapped, mapped_column

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db

# What a staff member can look at; `youthhub/rights/looks.py` says each in words.
WHAT = ("profile", "shared_goal", "claim", "ending_plan", "certificate", "attendance", "export")


class AccessEntry(db.Model):
    """A staff member looked at a young person's data."""

    __tablename__ = "data_access_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The viewer's roles when they looked (e.g. "youth_worker"), as the young person is told.
    viewer_roles: Mapped[str] = mapped_column(String(80), default="")
    what: Mapped[str] = mapped_column(String(20))
    # The record looked at, when there is one (a goal's or a claim's id).
    subject_id: Mapped[int | None] = mapped_column()


def looked_at(person_id: int, what: str, *, viewer, subject_id: int | None = None) -> None:
    """Note that `viewer` is looking at a young person's data; written after the request.
    Callers pass young people only. Someone looking at their own data is not noted."""
    if what not in WHAT:
        raise ValueError(f"unknown kind of look: {what}")
    if person_id == viewer.id or not viewer.is_staff:
        return
    looks = g.setdefault("data_looks", [])
    if any(
        (e["person_id"], e["what"], e["subject_id"]) == (person_id, what, subject_id) for e in looks
    ):
        return
    looks.append(
        {
            "at": utcnow(),
            "person_id": person_id,
            "viewer_id": viewer.id,
            "viewer_roles": ",".join(sorted(viewer.roles)),
            "what": what,
            "subject_id": subject_id,
        }
    )


def write_access_entries(response):
    """`after_request`, run after the request's transaction has finished: insert the looks
    noted during a page that was shown, in a transaction of their own."""
    looks = g.pop("data_looks", None)
    if looks and response.status_code < 400:
        # The request's own transaction is over (committed or rolled back), so this one holds
        # the looks and nothing else.
        db.session.execute(insert(AccessEntry), looks)
        db.session.commit()
    return response


def register_access_log(app: Flask) -> None:
    # after_request hooks run in the reverse order they were added: registered before the
    # request rule, this runs after it has committed or rolled back the request's own work.
    app.after_request(write_access_entries)
