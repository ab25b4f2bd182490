"""Second factors: who needs one, setting up an authenticator app, checking a code or a
recovery code, and an admin resetting a person's factors.

Finance and admin must hold a second factor; youth workers may; young people may add a passkey
(`accounts.passkeys`) and are never asked to. Every function raises `DomainError` (or
`NotAllowed`) with a message fit to show the person.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select, update

from youthhub.accounts.models import Role, User
from youthhub.accounts.models_mfa import AuthenticatorApp, Passkey, RecoveryCode
from youthhub.accounts.sessions import end_sessions
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db

FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE, Role.ADMIN})
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
RECOVERY_CODE_LENGTH = 12  # 60 random bits, shown as XXXX-XXXX-XXXX
TOTP_STEP_SECONDS = 30
WRONG_CODE = _l("That code didn't work. Check it and try again.")


def factor_required(user: User) -> bool:
    """Finance and admin may not use the staff area without a second factor."""
    return user.has_any_role(FACTOR_REQUIRED_ROLES)


def may_use_authenticator(user: User) -> bool:
    """Staff may set up an authenticator app; young people are offered passkeys only."""
    return user.is_staff


def has_second_factor(user: User) -> bool:
    """Whether signing in as this person asks for a code or a passkey after the password."""
    return bool(
        db.session.scalar(
            select(
                exists().where(AuthenticatorApp.user_id == user.id)
                | exists().where(Passkey.user_id == user.id)
            )
        )
    )


@dataclass(frozen=True)
class Factors:
    """What a person has set up, for their security page."""

    authenticator: AuthenticatorApp | None
    recovery_codes_left: int
    passkeys: list[Passkey]

    @property
    def any(self) -> bool:
        return self.authenticator is not None or bool(self.passkeys)


def factors_of(user: User) -> Factors:
    app = db.session.scalar(select(AuthenticatorApp).where(AuthenticatorApp.user_id == user.id))
    left = db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    passkeys = db.session.scalars(
        select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    ).all()
    return Factors(app, left, list(passkeys))


# Authenticator app (TOTP) ------------------------------------------------------------------


def _fernet() -> Fernet:
    # Derived from SECRET_KEY, so there is no second key to keep; changing SECRET_KEY means
    # staff set up their authenticator app again (their passkeys keep working).
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"youthhub authenticator secrets"
    ).derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def new_authenticator_secret() -> str:
    return pyotp.random_base32()


def authenticator_link(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["PROGRAMME_NAME"]
    )


def _clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def _matching_step(secret: str, code: str) -> int | None:
    """The time-step whose code this is, allowing one step either side for a slow clock."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = int(utcnow().timestamp()) // TOTP_STEP_SECONDS
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            return step
    return None


def set_up_authenticator(user: User, secret: str, code: str, *, actor: User) -> list[str]:
    """Keep the authenticator app whose first code is right, with new recovery codes, which are
    returned to show once. Raises DomainError for a wrong code or if one is set up already."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only set up your own sign-in."))
    if not may_use_authenticator(user):
        raise NotAllowed(_l("Only staff use an authenticator app. You can add a passkey."))
    if db.session.scalar(select(AuthenticatorApp.id).where(AuthenticatorApp.user_id == user.id)):
        raise DomainError(_l("You already have an authenticator app. Remove it first."))
    step = _matching_step(secret, _clean_code(code))
    if step is None:
        raise DomainError(WRONG_CODE)
    db.session.add(
        AuthenticatorApp(
            user_id=user.id,
            secret_encrypted=_fernet().encrypt(secret.encode()).decode(),
            last_used_step=step,
        )
    )
    codes = _replace_recovery_codes(user)
    record("account.authenticator_added", actor=actor, subject=user)
    return codes


def _use_authenticator_code(user: User, code: str) -> bool:
    app = db.session.scalar(select(AuthenticatorApp).where(AuthenticatorApp.user_id == user.id))
    if app is None:
        return False
    try:
        secret = _fernet().decrypt(app.secret_encrypted.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed: the app must be set up again
        return False
    step = _matching_step(secret, code)
    if step is None:
        return False
    # Conditional, so a code (or an older one) is accepted once, even by two requests at once.
    claimed = db.session.execute(
        update(AuthenticatorApp)
        .where(
            AuthenticatorApp.id == app.id,
            (AuthenticatorApp.last_used_step.is_(None)) | (AuthenticatorApp.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def remove_authenticator(user: User, *, actor: User) -> None:
    """Remove one's authenticator app and its recovery codes; raises DomainError if a finance
    or admin person would be left without a second factor."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only change your own sign-in."))
    has_passkey = db.session.scalar(select(exists().where(Passkey.user_id == user.id)))
    if factor_required(user) and not has_passkey:
        raise DomainError(
            _l("Your role needs a second factor. Add a passkey before removing this.")
        )
    db.session.execute(delete(AuthenticatorApp).where(AuthenticatorApp.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record("account.authenticator_removed", actor=actor, subject=user)


# Recovery codes -----------------------------------------------------------------------------


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_clean_code(code).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c)) for c in codes)
    return codes


def new_recovery_codes(user: User, *, actor: User) -> list[str]:
    """Replace a person's recovery codes (the old ones stop working); returns the new ones to
    show once. Raises DomainError without an authenticator app."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only change your own sign-in."))
    if not db.session.scalar(select(exists().where(AuthenticatorApp.user_id == user.id))):
        raise DomainError(_l("Recovery codes go with an authenticator app. Set one up first."))
    codes = _replace_recovery_codes(user)
    record("account.recovery_codes_renewed", actor=actor, subject=user)
    return codes


def _use_recovery_code(user: User, code: str) -> bool:
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    return used == 1


# Checking a factor --------------------------------------------------------------------------


def check_code(user: User, code: str) -> str:
    """Accept a code from the authenticator app (once) or an unused recovery code (then used
    up); returns which it was. Raises DomainError for anything else."""
    cleaned = _clean_code(code)
    if len(cleaned) == 6 and _use_authenticator_code(user, cleaned):
        record("account.factor_checked", actor=user, subject=user, factor="authenticator")
        return "authenticator"
    if len(cleaned) == RECOVERY_CODE_LENGTH and _use_recovery_code(user, cleaned):
        record("account.factor_checked", actor=user, subject=user, factor="recovery_code")
        return "recovery_code"
    raise DomainError(WRONG_CODE)


# Admin reset --------------------------------------------------------------------------------


def _reset_refusal(person: User, actor: User):
    if not actor.has_role(Role.ADMIN):
        return _l("Only an admin can do that.")
    if person.id == actor.id:
        # Whoever holds an admin's session must not be able to strip that admin's factors;
        # an admin who has lost theirs uses a recovery code, another admin, or the server's
        # command line (`flask --app youthhub reset-factors`).
        return _l("Another admin must reset your own sign-in.")
    return None


def can_reset_factors(person: User, *, actor: User) -> bool:
    """Whether `reset_factors` would accept (the person page asks before offering it)."""
    return _reset_refusal(person, actor) is None


def reset_factors(person: User, *, actor: User | None) -> None:
    """Remove every second factor of a person (a lost phone) and sign them out everywhere;
    finance and admin set a new one up at their next sign-in. `actor=None` is the server's
    command line. Raises NotAllowed for non-admins and for one's own factors."""
    if actor is not None:
        refusal = _reset_refusal(person, actor)
        if refusal:
            raise NotAllowed(refusal)
    for model in (AuthenticatorApp, RecoveryCode, Passkey):
        db.session.execute(delete(model).where(model.user_id == person.id))
    person.session_version += 1
    end_sessions(person, "factors_reset")
    record("account.factors_reset", actor=actor, subject=person)
