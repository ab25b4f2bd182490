"""Accounts: signing up, signing in, staff invites, roles, profiles and passwords.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask.signals import Namespace
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import INVITED_ROLES, Role, RoleGrant, StaffInvite, User
from youthhub.accounts.passwords import (
    dummy_verify,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from youthhub.accounts.sessions import end_sessions
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db

MIN_SIGN_UP_AGE = 16
INVITE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
RESET_SALT = "password-reset"
SIGN_UP_SALT = "sign-up"
DEVICE_SALT = "login-device"
#: One message for every failed login, so it never says which emails have an account.
NO_MATCH = _l(
    "That email and password don't match. Check them and try again. "
    "If you've only just signed up, open the link we emailed you first."
)
signals = Namespace()
#: Sent with the user as sender whenever an account becomes a young person's (signing up, or a
#: role change): endings answers it with their planned ending (`endings.services`).
young_person_joined = signals.signal("young-person-joined")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_rules(password: str, *, name: str = "", email: str = "") -> None:
    """Raise DomainError, saying kindly what is wrong, if the password is too short or long or
    easy to guess (common, a keyboard row, or close to the person's own name or email)."""
    problem = password_problem(password, name=name, email=email)
    if problem:
        raise DomainError(problem)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _grant(user: User, roles) -> None:
    wanted = {Role(r) for r in roles}
    user.role_grants = [g for g in user.role_grants if g.role in wanted] + [
        RoleGrant(role=r) for r in sorted(wanted - {g.role for g in user.role_grants})
    ]


def _add_new_account(user: User) -> bool:
    """Add the account; False if another request took the email at the same moment (the
    database's unique email decides)."""
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _new_invite_code() -> str:
    while True:
        code = "".join(secrets.choice(INVITE_CODE_ALPHABET) for _ in range(8))
        if not db.session.scalar(select(User.id).where(User.invite_code == code)):
            return code


def _worker_for_code(code: str) -> User:
    cleaned = code.replace("-", "").replace(" ", "").upper()
    worker = db.session.scalar(select(User).where(User.invite_code == cleaned))
    if worker is None or not worker.is_active or not worker.has_role(Role.YOUTH_WORKER):
        raise DomainError(_l("We don't recognise that invite code. Check it with your worker."))
    return worker


def sign_up_young_person(
    *, preferred_name, email, password, date_of_birth, pronouns=None, invite_code=None, locale=None
) -> User | None:
    """Make a young person's account, waiting for its email to be confirmed; raises
    DomainError for a weak password, a bad code or age.

    An email that already has a confirmed account gives None, after the same work, and no
    error: sign-up must not tell anyone who has an account (the owner is emailed instead). An
    unconfirmed one is this sign-up's to take over: whoever opens the link sets it up.
    """
    check_password_rules(password, name=preferred_name, email=email)
    if date_of_birth > london_today():
        raise DomainError(_l("Your date of birth can't be in the future."))
    if age_on(date_of_birth, london_today()) < MIN_SIGN_UP_AGE:
        raise DomainError(
            _l(
                "%(programme)s is for young people aged 16 and over. "
                "Your worker can tell you other ways to take part.",
                programme=current_app.config["PROGRAMME_NAME"],
            )
        )
    worker = _worker_for_code(invite_code) if invite_code else None
    password_hash = hash_password(password)  # also when the email is taken: the same time
    user = find_user_by_email(email)
    if user is not None and user.email_confirmed_at is not None:
        return None
    details = {
        "password_hash": password_hash,
        "preferred_name": preferred_name.strip(),
        "pronouns": (pronouns or "").strip() or None,
        "date_of_birth": date_of_birth,
        "locale": locale,
        "key_worker": worker,
    }
    if user is not None:
        for name, value in details.items():
            setattr(user, name, value)
        record("account.sign_up_repeated", actor=user, subject=user)
        return user
    user = User(email=normalise_email(email), **details)
    _grant(user, [Role.YOUNG_PERSON])
    if not _add_new_account(user):
        return None
    record("account.signed_up", actor=user, subject=user, key_worker_id=getattr(worker, "id", None))
    young_person_joined.send(user)  # a planned ending from day one
    return user


def _sign_up_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SIGN_UP_SALT)


def make_sign_up_token(user: User) -> str:
    """The secret in the link that finishes a sign-up; a later sign-up with the same email
    (a new password) makes older links stop working."""
    return _sign_up_serializer().dumps({"id": user.id, "fp": _password_fingerprint(user)})


def _sign_up_user_and_problem(token: str) -> tuple[User | None, str | None]:
    max_age = current_app.config["SIGN_UP_LINK_HOURS"] * 3600
    try:
        data = _sign_up_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        data = None
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fp") != _password_fingerprint(user):
        return None, _l("This sign-up link has expired or was replaced. Please sign up again.")
    if user.email_confirmed_at is not None:
        return None, _l("You've already finished signing up. Log in instead.")
    return user, None


def sign_up_link_problem(token: str) -> str | None:
    """Why a sign-up link cannot be used (expired, replaced, used or forged), or None."""
    return _sign_up_user_and_problem(token)[1]


def confirm_sign_up(token: str) -> User:
    """Finish a sign-up from its emailed link: the email is theirs, so the account opens."""
    user, problem = _sign_up_user_and_problem(token)
    if problem:
        raise DomainError(problem)
    user.email_confirmed_at = utcnow()
    record("account.email_confirmed", actor=user, subject=user)
    return user


def password_matches(user: User | None, password: str) -> bool:
    """One Argon2 check whether or not there is an account, so the time taken is the same."""
    if user is None:
        dummy_verify(password)
        return False
    return verify_password(user.password_hash, password)


def note_weak_password(user: User, password: str) -> None:
    """At a successful login (the only time the plain password is known), flag a password
    that today's rules would refuse: the person changes it before anything else."""
    if not user.must_change_password and password_problem(
        password, name=user.preferred_name, email=user.email
    ):
        user.must_change_password = True
        record("account.weak_password_flagged", actor=user, subject=user)


def authenticate(email: str, password: str) -> User:
    """Return the person whose email and password match; raises DomainError otherwise, with
    the same message whether the email is unknown, the password wrong, or the sign-up not yet
    confirmed."""
    user = find_user_by_email(email)
    if not password_matches(user, password) or user.email_confirmed_at is None:
        raise DomainError(NO_MATCH)
    if not user.is_active:
        raise DomainError(_l("This account has been switched off. Please talk to your worker."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    note_weak_password(user, password)
    user.last_login_at = utcnow()
    record("account.logged_in", actor=user, subject=user)
    return user


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=DEVICE_SALT)


def make_device_cookie(user: User) -> str:
    """OWASP's device cookie, set at a successful login: names the account and this device, so
    the device keeps its own login limit whatever anyone else tries against the account."""
    return _device_serializer().dumps({"account": user.id, "device": secrets.token_urlsafe(16)})


def trusted_device(cookie: str | None, user: User | None) -> str | None:
    """The device's id if `cookie` is a valid device cookie for this account, else None."""
    if not cookie or user is None:
        return None
    max_age = current_app.config["LOGIN_DEVICE_DAYS"] * 86400
    try:
        data = _device_serializer().loads(cookie, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or data.get("account") != user.id:
        return None
    device = data.get("device")
    return device if isinstance(device, str) else None


# Staff invites -----------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_staff(email: str, roles, *, actor: User | None) -> tuple[StaffInvite, str]:
    """Make a single-use expiring invite and return it with its secret token.

    `actor=None` means the server's command line, which is how the first admin is invited.
    """
    if actor is not None:
        _require_admin(actor)
    wanted = {Role(r) for r in roles}
    if not wanted or not wanted <= INVITED_ROLES:
        raise DomainError(_l("Choose at least one staff role."))
    if find_user_by_email(email):
        raise DomainError(
            _l("Someone already has an account with that email. Change their roles instead.")
        )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invite = StaffInvite(
        email=normalise_email(email),
        roles_csv=",".join(sorted(r.value for r in wanted)),
        token_hash=_token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=current_app.config["STAFF_INVITE_HOURS"]),
    )
    db.session.add(invite)
    db.session.flush()
    record("staff.invited", actor=actor, subject=invite, roles=invite.roles)
    return invite, token


def _invite_and_problem(token: str) -> tuple[StaffInvite | None, str | None]:
    invite = db.session.scalar(
        select(StaffInvite).where(StaffInvite.token_hash == _token_hash(token))
    )
    if invite is None or invite.revoked_at:
        return None, _l("This invite link doesn't work. Ask your admin for a new one.")
    if invite.accepted_at:
        return None, _l("This invite has already been used. Try logging in.")
    if utcnow() >= invite.expires_at:
        return None, _l("This invite link has expired. Ask your admin for a new one.")
    return invite, None


def invite_link_problem(token: str) -> str | None:
    """Why an invite link cannot be used (unknown, used, revoked or expired), or None."""
    return _invite_and_problem(token)[1]


def find_open_invite(token: str) -> StaffInvite:
    """The invite behind a link; raises DomainError if unknown, used, revoked or expired."""
    invite, problem = _invite_and_problem(token)
    if problem:
        raise DomainError(problem)
    return invite


def accept_staff_invite(token: str, *, preferred_name: str, password: str) -> User:
    """Create the staff account an invite promised; the invite cannot be used again."""
    invite = find_open_invite(token)
    check_password_rules(password, name=preferred_name, email=invite.email)
    if find_user_by_email(invite.email):
        raise DomainError(_l("This invite has already been used. Try logging in."))
    # Claim the invite with a conditional update so two tabs cannot both use it.
    claimed = db.session.execute(
        db.update(StaffInvite)
        .where(StaffInvite.id == invite.id, StaffInvite.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise DomainError(_l("This invite has already been used. Try logging in."))
    user = User(
        email=invite.email,
        password_hash=hash_password(password),
        preferred_name=preferred_name.strip(),
        email_confirmed_at=utcnow(),  # the invite came to this email
    )
    _grant(user, invite.roles)
    if Role.YOUTH_WORKER in invite.roles:
        user.invite_code = _new_invite_code()
    if not _add_new_account(user):
        raise DomainError(_l("This invite has already been used. Try logging in."))
    record("staff.invite_accepted", actor=user, subject=user, invite_id=invite.id)
    return user


def _cancel_refusal(invite: StaffInvite):
    if invite.accepted_at:
        return _l("This invite has already been used.")
    if invite.revoked_at:
        return _l("This invite was already cancelled.")
    if utcnow() >= invite.expires_at:
        return _l("This invite has already expired.")
    return None


def can_cancel_invite(invite: StaffInvite, *, actor: User) -> bool:
    """Whether `revoke_invite` would accept: an admin, and an invite still waiting."""
    return actor.has_role(Role.ADMIN) and _cancel_refusal(invite) is None


def revoke_invite(invite: StaffInvite, *, actor: User) -> None:
    """Stop a waiting invite link working; raises DomainError if it was used, cancelled or
    has expired."""
    _require_admin(actor)
    refusal = _cancel_refusal(invite)
    if refusal:
        raise DomainError(refusal)
    invite.revoked_at = utcnow()
    record("staff.invite_revoked", actor=actor, subject=invite)


# Roles and disabling -----------------------------------------------------------------------


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count(User.id))
        .join(RoleGrant)
        .where(RoleGrant.role == Role.ADMIN, User.id != user.id, User.disabled_at.is_(None))
    )


def change_roles(user: User, roles, *, actor: User) -> None:
    """Set a person's roles; takes effect on their next request. Keeps at least one admin."""
    _require_admin(actor)
    wanted = {Role(r) for r in roles}
    if not wanted:
        raise DomainError(_l("A person needs at least one role."))
    if Role.ADMIN not in wanted and user.has_role(Role.ADMIN) and not _other_active_admins(user):
        raise DomainError(_l("There must always be at least one admin."))
    before = sorted(user.roles)
    _grant(user, wanted)
    if Role.YOUTH_WORKER in wanted and not user.invite_code:
        user.invite_code = _new_invite_code()
    record(
        "account.roles_changed", actor=actor, subject=user, before=before, after=sorted(user.roles)
    )
    if Role.YOUNG_PERSON in wanted:
        young_person_joined.send(user)


def _switch_off_refusal(user: User, actor: User):
    if user.id == actor.id:
        return _l("You can't switch off your own account.")
    if user.disabled_at is not None:
        return _l("This account is already switched off.")
    if user.has_role(Role.ADMIN) and not _other_active_admins(user):
        return _l("There must always be at least one admin.")
    return None


def _switch_on_refusal(user: User):
    if user.disabled_at is None:
        return _l("This account is already switched on.")
    return None


@dataclass(frozen=True)
class AccountActions:
    """What an admin may do to an account right now, and why not switch it off if not."""

    switch_off: bool
    switch_on: bool
    why_not_off: str | None


def account_actions(user: User, *, actor: User) -> AccountActions:
    """The same checks `disable_account` and `enable_account` raise from."""
    if not actor.has_role(Role.ADMIN):
        return AccountActions(False, False, None)
    why_not_off = _switch_off_refusal(user, actor)
    can_switch_on = _switch_on_refusal(user) is None
    return AccountActions(
        why_not_off is None, can_switch_on, None if can_switch_on else why_not_off
    )


def disable_account(user: User, *, actor: User) -> None:
    """Switch an account off; every session of theirs ends at once. Raises
    DomainError for one's own account, one already off, or the last admin."""
    _require_admin(actor)
    refusal = _switch_off_refusal(user, actor)
    if refusal:
        raise DomainError(refusal)
    user.disabled_at = utcnow()
    user.session_version += 1
    end_sessions(user, "switched_off")
    record("account.disabled", actor=actor, subject=user)


def enable_account(user: User, *, actor: User) -> None:
    """Switch an account back on; raises DomainError if it is on already."""
    _require_admin(actor)
    refusal = _switch_on_refusal(user)
    if refusal:
        raise DomainError(refusal)
    user.disabled_at = None
    record("account.enabled", actor=actor, subject=user)


def reset_worker_invite_code(worker: User, *, actor: User) -> str:
    """Give a youth worker a new sign-up code; the old one stops working."""
    if actor.id != worker.id and not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can do that."))
    if not worker.has_role(Role.YOUTH_WORKER):
        raise DomainError(_l("Only youth workers have an invite code."))
    worker.invite_code = _new_invite_code()
    record("account.invite_code_reset", actor=actor, subject=worker)
    return worker.invite_code


# Profile and passwords ---------------------------------------------------------------------


def update_profile(
    user: User, *, preferred_name: str, pronouns: str | None, locale: str | None, actor: User
) -> None:
    """Change a person's own name, pronouns and language."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only change your own profile."))
    if locale and locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("Choose a language from the list."))
    user.preferred_name = preferred_name.strip()
    user.pronouns = (pronouns or "").strip() or None
    user.locale = locale or None
    record("account.profile_updated", actor=actor, subject=user)


def set_language(user: User, locale: str) -> None:
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale


def change_password(user: User, *, current_password: str, new_password: str, actor: User) -> None:
    """Change a password after checking the current one; every session of theirs ends (the
    view starts a new one for the browser they changed it on)."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only change your own password."))
    if not verify_password(user.password_hash, current_password):
        raise DomainError(_l("Your current password isn't right."))
    check_password_rules(new_password, name=user.preferred_name, email=user.email)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.session_version += 1
    end_sessions(user, "password_changed")
    record("account.password_changed", actor=actor, subject=user)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # Part of the token: once the password changes, every older reset link stops working.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_password_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"id": user.id, "fp": _password_fingerprint(user)})


def _reset_user_and_problem(token: str) -> tuple[User | None, str | None]:
    max_age = current_app.config["PASSWORD_RESET_MINUTES"] * 60
    problem = _l("This reset link has expired or was already used. Ask for a new one.")
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None, problem
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fp") != _password_fingerprint(user):
        return None, problem
    return user, None


def reset_link_problem(token: str) -> str | None:
    """Why a password reset link cannot be used (expired, used or forged), or None."""
    return _reset_user_and_problem(token)[1]


def user_for_reset_token(token: str) -> User:
    """The person a reset link belongs to; raises DomainError if expired, used or forged."""
    user, problem = _reset_user_and_problem(token)
    if problem:
        raise DomainError(problem)
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working, and every session
    of theirs ends (whoever took over the account is signed out)."""
    user = user_for_reset_token(token)
    check_password_rules(new_password, name=user.preferred_name, email=user.email)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    # The link came to their inbox: that confirms the email of a sign-up never finished.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    user.session_version += 1
    end_sessions(user, "password_reset")
    record("account.password_reset", actor=user, subject=user)
    return user
