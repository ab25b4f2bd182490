"""The account's personal data: who the person is. Erased last, by anonymising the account:
what the other domains keep (payments, attendance, the audit log) then points at an account
with a pseudonym instead of a name, which can never log in again and whose email is free."""

from sqlalchemy import delete, func, select, update

from youthhub.accounts.models import StaffInvite, User, UserSession
from youthhub.accounts.models_mfa import AuthenticatorApp, Passkey, RecoveryCode
from youthhub.core.personal_data import iso
from youthhub.core.time import utcnow
from youthhub.extensions import db

ERASED_PASSWORD = "!erased"  # noqa: S105 - not a hash: no password can ever match it
ERASED_EMAIL_DOMAIN = "erased.invalid"  # a reserved domain: mail there goes nowhere


def pseudonym(person: User) -> str:
    """The reference finance and the reports know an erased person by (as in the finance CSV)."""
    prefix = "YP" if person.is_young_person else "STAFF"
    return f"{prefix}-{person.id:06d}"


def is_erased(person: User) -> bool:
    return person.email.endswith("@" + ERASED_EMAIL_DOMAIN)


class AccountData:
    key = "account"
    covers = {
        "users.key_worker_id": "exported; cleared on erasure (theirs, and anyone linked to them)",
        "role_grants.user_id": "exported; kept, so the programme's figures still count them",
        "staff_invites.invited_by_id": "kept: who sent an invite; invites to their email deleted",
        "authenticator_apps.user_id": "exported (since when, never the secret); deleted",
        "recovery_codes.user_id": "exported (how many are left, never the codes); deleted",
        "passkeys.user_id": "exported (names and dates, never the keys); deleted",
        "user_sessions.user_id": "shown on their signed-in devices page; deleted on erasure",
    }

    def export(self, person: User) -> dict:
        return {
            "email": person.email,
            "preferred_name": person.preferred_name,
            "pronouns": person.pronouns,
            "date_of_birth": iso(person.date_of_birth),
            "language": person.locale,
            "roles": sorted(person.roles),
            "key_worker": person.key_worker.preferred_name if person.key_worker else None,
            "joined_at": iso(person.created_at),
            "last_login_at": iso(person.last_login_at),
            "switched_off_at": iso(person.disabled_at),
            "sign_in": _second_factors(person),
        }

    def erase(self, person: User) -> None:
        db.session.execute(delete(StaffInvite).where(StaffInvite.email == person.email))
        for factor in (AuthenticatorApp, RecoveryCode, Passkey):
            db.session.execute(delete(factor).where(factor.user_id == person.id))
        # Signed out everywhere, and which devices they used is theirs alone.
        db.session.execute(delete(UserSession).where(UserSession.user_id == person.id))
        db.session.execute(
            update(User).where(User.key_worker_id == person.id).values(key_worker_id=None)
        )
        person.email = f"erased-{person.id}@{ERASED_EMAIL_DOMAIN}"
        person.preferred_name = pseudonym(person)
        person.pronouns = None
        person.date_of_birth = None
        person.locale = None
        person.key_worker_id = None
        person.invite_code = None
        person.password_hash = ERASED_PASSWORD
        person.session_version += 1
        person.disabled_at = person.disabled_at or utcnow()
        person.last_login_at = None
        db.session.flush()


def _second_factors(person: User) -> dict:
    """What they use to sign in besides their password: never a secret, a code or a key."""
    app = db.session.scalar(select(AuthenticatorApp).where(AuthenticatorApp.user_id == person.id))
    codes_left = db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == person.id, RecoveryCode.used_at.is_(None))
    )
    passkeys = db.session.scalars(
        select(Passkey).where(Passkey.user_id == person.id).order_by(Passkey.created_at)
    )
    return {
        "authenticator_app_since": iso(app.created_at) if app else None,
        "recovery_codes_left": codes_left,
        "passkeys": [
            {
                "name": key.name,
                "added_at": iso(key.created_at),
                "last_used_at": iso(key.last_used_at),
            }
            for key in passkeys
        ],
    }


def erased_people_query():
    """A SELECT of the ids of every erased account (to use as a subquery)."""
    return select(User.id).where(User.email.like(f"%@{ERASED_EMAIL_DOMAIN}"))


def erased_people_ids() -> set[int]:
    return set(db.session.scalars(erased_people_query()))
