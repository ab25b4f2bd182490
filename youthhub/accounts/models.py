"""People: one `User` with one or more roles (young person, youth worker, finance, admin,
evaluator)."""

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Date, Enum, ForeignKey, Index, String, UniqueConstraint, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db


class Role(StrEnum):
    YOUNG_PERSON = "young_person"
    YOUTH_WORKER = "youth_worker"
    FINANCE = "finance"
    ADMIN = "admin"
    # Reads the programme's monitoring (aggregates only, never a name): a partnership board's
    # or a funder's evaluator. Not staff: they see no one's record.
    EVALUATOR = "evaluator"


STAFF_ROLES = frozenset({Role.YOUTH_WORKER, Role.FINANCE, Role.ADMIN})
# Everyone who takes part in or runs the programme: they may see its activities and groups
# (an evaluator sees only the monitoring's numbers).
PROGRAMME_ROLES = STAFF_ROLES | {Role.YOUNG_PERSON}
# The roles an admin gives by invitation (young people sign up themselves).
INVITED_ROLES = STAFF_ROLES | {Role.EVALUATOR}
RoleColumn = Enum(
    Role, native_enum=False, length=20, values_callable=lambda e: [r.value for r in e]
)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # Lists of people by name (the finance queue) read in this order and stop at a page.
    __table_args__ = (Index("ix_users_preferred_name", "preferred_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Both empty for a young person a worker added on the register (no account yet): they
    # cannot log in and get no emails until they take over their record (`RecordHandover`).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    preferred_name: Mapped[str] = mapped_column(String(80))
    pronouns: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    locale: Mapped[str | None] = mapped_column(String(8))
    key_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A youth worker's code that young people type at sign-up to be linked to them.
    invite_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    # Bumped when the password changes or the account is switched off, so signed links made
    # before (a young person's data download) stop working. Sessions end in `UserSession`.
    session_version: Mapped[int] = mapped_column(default=0)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Empty until the link emailed at sign-up is opened: until then nobody can log in with it.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set at login when the password typed fails today's rules (it was set under older ones):
    # the person chooses a new one before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The worker who added a young person without an account (empty for people who signed up).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when this record was merged into another one: what is left is a nameless tombstone
    # that the append-only audit log can still point at.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )
    key_worker: Mapped["User | None"] = relationship(remote_side=[id], foreign_keys=[key_worker_id])

    @property
    def has_account(self) -> bool:
        """Whether they can log in: people added on the register have no email or password."""
        return self.email is not None and self.password_hash is not None

    @property
    def roles(self) -> frozenset[str]:
        kept = self.__dict__.get(_READ_ROLES)
        if kept is not None:
            return kept
        return frozenset(grant.role.value for grant in self.role_grants)

    def take_read_roles(self, roles: frozenset[str]) -> None:
        """Take the person's roles as read in the same query as them (the signed-in person,
        `accounts.sessions`), so that asking for them loads no grants. Any change to their
        grants forgets them again (below)."""
        self.__dict__[_READ_ROLES] = roles

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_any_role(self, roles) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_young_person(self) -> bool:
        return self.has_role(Role.YOUNG_PERSON)

    @property
    def is_staff(self) -> bool:
        return self.has_any_role(STAFF_ROLES)

    @property
    def works_in_staff_area(self) -> bool:
        """Staff, or an evaluator reading the monitoring (the staff area's menu and pages)."""
        return self.has_any_role(INVITED_ROLES)

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def __repr__(self) -> str:
        return f"<User {self.id}>"


# Where `take_read_roles` keeps them: beside the mapped attributes, never one of them.
_READ_ROLES = "_read_roles"


@event.listens_for(User.role_grants, "append")
@event.listens_for(User.role_grants, "remove")
@event.listens_for(User.role_grants, "bulk_replace")
def _forget_read_roles(user: User, *_) -> None:
    user.__dict__.pop(_READ_ROLES, None)


class RoleGrant(db.Model):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(RoleColumn)

    user: Mapped[User] = relationship(back_populates="role_grants")


class StaffInvite(db.Model):
    """A single-use, expiring link an admin sends so a staff member can set their password."""

    __tablename__ = "staff_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    roles_csv: Mapped[str] = mapped_column(String(80))
    # Only a hash of the token is kept, so a database leak does not leak working links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Empty when the invite was made on the server's command line (the first admin).
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id], lazy="joined")

    @property
    def roles(self) -> list[str]:
        return [r for r in self.roles_csv.split(",") if r]

    def status(self, now: datetime) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "expired" if now >= self.expires_at else "waiting"


class UserSession(db.Model):
    """One signed-in browser. Its cookie holds only a random token; only the token's hash is
    kept here, so a database leak does not leak working sessions. Ending it (`ended_at`) ends
    every copy of the cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "Remember me": the cookie outlives the browser (the idle limit still applies).
    remember: Mapped[bool] = mapped_column(default=False)
    # The device as its User-Agent names it (e.g. "Chrome", "Android"); empty when unknown.
    browser: Mapped[str] = mapped_column(String(40), default="")
    system: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Written at most once a minute (`accounts.sessions`), so idle limits are exact to a minute.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it ended: one of `accounts.sessions.ENDINGS` (English, for the audit trail).
    ended_why: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship(lazy="joined")


class RecordHandover(db.Model):
    """A single-use, expiring link that lets a young person without an account take over their
    record: set their email and password. Shown as a QR code on the worker's phone, or emailed
    to an address the worker types (which is not kept)."""

    __tablename__ = "record_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Only a hash of the token is kept, so a database leak does not leak working links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
