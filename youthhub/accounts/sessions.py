"""Sessions that end: every signed-in browser is a `UserSession` row on the server, and its
cookie holds only the row's random token (Flask-Login's user id *is* that token). A copied
cookie is worth nothing once its session has ended: logging out ends this one; a password
change or reset, switching an account off, erasure, an admin resetting someone's second
factors and "sign out everywhere" end them all; a person can sign out any one of their
devices. "Remember me" is the same session with a cookie that outlives the browser, not a
second credential.

Idle limits: staff are signed out after `STAFF_IDLE_MINUTES` without a request, young people
after `YOUNG_PERSON_IDLE_DAYS` (a shared phone at a venue versus a young person's own phone).

Last seen is the one write a GET makes here, built like `core/access_log.py`: the loader only
notes the session's id and when it was last seen; after the request's own transaction has
finished (a GET's is rolled back, whatever was touched), `note_last_seen` runs one conditional
UPDATE of that session's `last_seen_at`, and nothing else, in a transaction of its own. It
runs at most once a minute per session, so most requests write nothing, and it is the same on
every page, so no page's query count grows. `tests/core/test_request_rule.py` allows exactly
that statement on a GET.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask.signals import Namespace
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import joinedload, lazyload

from youthhub.accounts.devices import describe_device
from youthhub.accounts.models import RoleGrant, User, UserSession
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db

# Why a session ended, as the audit trail and the table say it.
signals = Namespace()
#: Sent with the user as sender when they sign out everywhere: notices forgets their phones'
#: subscriptions, so no notification reaches a phone they no longer trust (`notices/push.py`).
signed_out_everywhere = signals.signal("signed-out-everywhere")

ENDINGS = (
    "logged_out",
    "password_changed",
    "password_reset",
    "switched_off",
    "everywhere",
    "signed_out",
    "erased",
    "factors_reset",
)
SEEN_EVERY = timedelta(minutes=1)
# Ended sessions are kept this long (what happened on an account lately), then deleted.
KEEP_ENDED = timedelta(days=30)
LONGEST_TOKEN = 100  # ours are 43 characters; anything much longer is not one


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit(user: User) -> timedelta:
    """How long a session of `user` may go without a request before it ends."""
    config = current_app.config
    if user.is_staff:
        return timedelta(minutes=config["STAFF_IDLE_MINUTES"])
    return timedelta(days=config["YOUNG_PERSON_IDLE_DAYS"])


def is_live(user_session: UserSession, now=None) -> bool:
    """Not ended, not idle too long, and its account still switched on."""
    now = now or utcnow()
    return (
        user_session.ended_at is None
        and user_session.user.is_active
        and now - user_session.last_seen_at <= idle_limit(user_session.user)
    )


def open_session(user: User, *, remember: bool, user_agent: str | None) -> str:
    """Make a session for `user` and return its token, the only place it is ever kept whole."""
    token = secrets.token_urlsafe(32)
    browser, system = describe_device(user_agent)
    now = utcnow()
    user_session = UserSession(
        user=user,
        token_hash=_hash(token),
        remember=remember,
        browser=browser,
        system=system,
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(user_session)
    db.session.flush()
    return token


# The person and their roles in the same query: every page asks what they may do. Built once:
# making and keying the statement cost as much as running it, on every request.
_SESSION_BY_TOKEN = (
    select(UserSession)
    .where(UserSession.token_hash == bindparam("token_hash"))
    .options(joinedload(UserSession.user, innerjoin=True).joinedload(User.role_grants))
)
# What every request reads: the person, their roles, and of their session only what "last
# seen" needs (its id and when). An ended session is left out by the query itself. Reading the
# session as plain columns, not a `UserSession` object, spares every page building and
# then forgetting that object, and sends 8 fewer columns (PostgreSQL's driver describes each).
# The roles come as one column of their names, not as `RoleGrant` objects joined in: building
# those, and the join's rows made unique again, was a fifth of every signed-in page's query
# (issue 19). The grants themselves load only if something asks for them.
_ROLE_NAMES = (
    select(func.aggregate_strings(RoleGrant.role, ","))
    .where(RoleGrant.user_id == User.id)
    .scalar_subquery()
)
_LIVE_SESSION_USER = (
    select(User, UserSession.id, UserSession.last_seen_at, _ROLE_NAMES)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("token_hash"), UserSession.ended_at.is_(None))
    .options(lazyload(User.role_grants))
)


def _token_hash(token: str | None) -> str | None:
    if not token or not isinstance(token, str) or len(token) > LONGEST_TOKEN:
        return None
    return _hash(token)


def session_for_token(token: str | None) -> UserSession | None:
    """The live session a cookie's token belongs to, or None (unknown, ended or idle)."""
    token_hash = _token_hash(token)
    if token_hash is None:
        return None
    found = db.session.scalars(_SESSION_BY_TOKEN, {"token_hash": token_hash})
    user_session = found.unique().first()
    return user_session if user_session is not None and is_live(user_session) else None


def load_session_user(token: str) -> User | None:
    """Flask-Login's user loader: the person whose live session this cookie's token is (the
    same test as `is_live`: not ended, account switched on, not idle too long)."""
    token_hash = _token_hash(token)
    if token_hash is None:
        return None
    found = db.session.execute(_LIVE_SESSION_USER, {"token_hash": token_hash}).first()
    if found is None:
        return None
    user, session_id, last_seen_at, role_names = found
    user.take_read_roles(frozenset(role_names.split(",")) if role_names else frozenset())
    if not user.is_active or utcnow() - last_seen_at > idle_limit(user):
        return None
    # Plain values, so `note_last_seen` never has to load anything after the rollback.
    g.session_seen = (session_id, last_seen_at)
    return user


def current_session_id() -> int | None:
    """The id of the session this request came with (after `current_user` was loaded)."""
    seen = g.get("session_seen")
    return seen[0] if seen else None


def end_sessions(user: User, why: str) -> None:
    """End every session of `user`, so every copy of every cookie of theirs stops working."""
    assert why in ENDINGS
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why)
        .execution_options(synchronize_session=False)
    )


def live_sessions(user: User) -> list[UserSession]:
    """The devices `user` is signed in on, the most recently used first."""
    candidates = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .where(UserSession.last_seen_at >= utcnow() - idle_limit(user))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(candidates)


def forget_old_sessions() -> int:
    """Delete sessions that ended, or went idle, more than `KEEP_ENDED` ago (which devices a
    person used is personal data); returns how many. Run daily by `data retention`."""
    now = utcnow()
    longest_idle = timedelta(days=current_app.config["YOUNG_PERSON_IDLE_DAYS"])
    return db.session.execute(
        delete(UserSession)
        .where(
            or_(
                UserSession.ended_at < now - KEEP_ENDED,
                UserSession.last_seen_at < now - longest_idle - KEEP_ENDED,
            )
        )
        .execution_options(synchronize_session=False)
    ).rowcount


def sign_out_everywhere(user: User, *, actor: User) -> None:
    """End every session of the person's own, this one included."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only sign yourself out."))
    end_sessions(user, "everywhere")
    record("account.signed_out_everywhere", actor=actor, subject=user)
    signed_out_everywhere.send(user)


def sign_out_device(user_session: UserSession, *, actor: User) -> None:
    """End one of the person's own sessions; raises DomainError if it has already ended."""
    if user_session.user_id != actor.id:
        raise NotAllowed(_l("You can only sign out your own devices."))
    if not is_live(user_session):
        raise DomainError(_l("That device is already signed out."))
    user_session.ended_at = utcnow()
    user_session.ended_why = "signed_out"
    record("account.device_signed_out", actor=actor, subject=actor, session_id=user_session.id)


# In the request: the cookie -----------------------------------------------------------------


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign `user` in on this browser: a new server-side session, and a fresh cookie holding
    only its token (whatever was in the cookie before is dropped, except the chosen language,
    so a session planted before login is worthless)."""
    token = open_session(user, remember=remember, user_agent=request.headers.get("User-Agent"))
    # Logging in on top of a session (someone else's, or one's own again) ends that one.
    _end_by_token(session.get("_user_id"), "logged_out")
    chosen_locale = session.get("locale")
    session.clear()
    if chosen_locale:
        session["locale"] = chosen_locale
    # A remembered cookie lasts `PERMANENT_SESSION_LIFETIME`; otherwise it ends with the browser.
    session.permanent = remember
    login_user(user)
    session["_user_id"] = token
    g.pop("session_seen", None)  # the ended session (if any) needs no "last seen"


def _end_by_token(token, why: str) -> None:
    if not isinstance(token, str) or not token or len(token) > LONGEST_TOKEN:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why)
        .execution_options(synchronize_session=False)
    )


def end_this_session() -> None:
    """Log out on this browser: end its session on the server and empty its cookie."""
    _end_by_token(session.get("_user_id"), "logged_out")
    forget_this_browser()


def forget_this_browser() -> None:
    """Empty this browser's cookie (its session has ended already)."""
    logout_user()
    session.clear()
    g.pop("session_seen", None)


def note_last_seen(response):
    """`after_request`, run after the request's transaction has finished: move this session's
    last seen to now if it is a minute old, in one UPDATE of its own (see the module's note)."""
    seen = g.pop("session_seen", None)
    if seen is None:
        return response
    session_id, last_seen_at = seen
    now = utcnow()
    if now - last_seen_at < SEEN_EVERY:
        return response
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .where(UserSession.last_seen_at < now - SEEN_EVERY)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return response


def register_last_seen(app: Flask) -> None:
    # after_request hooks run in the reverse order they were added: registered before the
    # request rule, this runs after it has committed or rolled back the request's own work.
    app.after_request(note_last_seen)
