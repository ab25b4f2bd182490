"""The account's personal data: who the person is. Erased last, by anonymising the account:
what the other domains keep (payments, attendance, the audit log) then points at an account
with a pseudonym instead of a name, which can never log in again and whose email is free."""

from sqlalchemy import delete, func, select, update

from youthhub.accounts.equality import EqualityAnswers
from youthhub.accounts.models import RecordHandover, StaffInvite, User, UserSession
from youthhub.accounts.models_mfa import AuthenticatorApp, Passkey, RecoveryCode
from youthhub.core.personal_data import MOVE, iso
from youthhub.core.time import utcnow
from youthhub.extensions import db

ERASED_PASSWORD = "!erased"  # noqa: S105 - not a hash: no password can ever match it
ERASED_EMAIL_DOMAIN = "erased.invalid"  # a reserved domain: mail there goes nowhere


def pseudonym(person: User) -> str:
    """The reference finance and the reports know an erased person by (as in the finance CSV)."""
    prefix = "YP" if person.is_young_person else "STAFF"
    return f"{prefix}-{person.id:06d}"


def is_erased(person: User) -> bool:
    return bool(person.email) and person.email.endswith("@" + ERASED_EMAIL_DOMAIN)


class AccountData:
    key = "account"
    covers = {
        "users.key_worker_id": "exported; cleared on erasure (theirs, and anyone linked to them)",
        "role_grants.user_id": "exported; kept, so the programme's figures still count them",
        "staff_invites.invited_by_id": "kept: who sent an invite; invites to their email deleted",
        "users.added_by_id": "kept: the worker who added a young person without an account",
        "users.merged_into_id": "kept: a merged record's tombstone points at the record kept",
        "record_handovers.person_id": "deleted: a link to take over their record",
        "record_handovers.made_by_id": "kept: the worker who made a hand-over link",
        "authenticator_apps.user_id": "exported (since when, never the secret); deleted",
        "recovery_codes.user_id": "exported (how many are left, never the codes); deleted",
        "passkeys.user_id": "exported (names and dates, never the keys); deleted",
        "user_sessions.user_id": "exported (device and dates, never the token); deleted",
    }

    @property
    def merges(self) -> dict:
        return {
            "users.key_worker_id": MOVE,
            "users.added_by_id": MOVE,
            "users.merged_into_id": MOVE,
            "staff_invites.invited_by_id": MOVE,
            # A link would hand over the kept record to whoever holds it: it stops working.
            "record_handovers.person_id": _delete_handovers,
            "record_handovers.made_by_id": MOVE,
            # The tombstone holds no role, so no count or list takes it for a young person.
            "role_grants.user_id": _drop_roles,
            # The merged record can never sign in again: its second factors go.
            "authenticator_apps.user_id": _delete_factors,
            "recovery_codes.user_id": _delete_factors,
            "passkeys.user_id": _delete_factors,
            "user_sessions.user_id": _delete_sessions,
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
            "signed_in_devices": _devices(person),
        }

    def erase(self, person: User) -> None:
        _delete_factors(person.id)  # an erased account never signs in again
        _delete_sessions(person.id)  # signed out everywhere; which devices they used is theirs
        if person.email:
            db.session.execute(delete(StaffInvite).where(StaffInvite.email == person.email))
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


def _devices(person: User) -> list[dict]:
    """Where they have signed in (as their devices page shows it): never a session's token."""
    sessions = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == person.id)
        .order_by(UserSession.created_at, UserSession.id)
    )
    return [
        {
            "browser": session.browser,
            "system": session.system,
            "signed_in_at": iso(session.created_at),
            "last_seen_at": iso(session.last_seen_at),
            "signed_out_at": iso(session.ended_at),
            "why_it_ended": session.ended_why,
        }
        for session in sessions
    ]


def erased_people_query():
    """A SELECT of the ids of every erased account (to use as a subquery)."""
    return select(User.id).where(User.email.like(f"%@{ERASED_EMAIL_DOMAIN}"))


def erased_people_ids() -> set[int]:
    return set(db.session.scalars(erased_people_query()))


def _delete_factors(person_id: int, _kept_id: int = 0) -> None:
    for model in (AuthenticatorApp, RecoveryCode, Passkey):
        db.session.execute(delete(model).where(model.user_id == person_id))


def _delete_sessions(merged_id: int, _kept_id: int = 0) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == merged_id))


def _delete_handovers(merged_id: int, _kept_id: int) -> None:
    db.session.execute(delete(RecordHandover).where(RecordHandover.person_id == merged_id))


def _drop_roles(merged_id: int, _kept_id: int) -> None:
    db.session.get(User, merged_id).role_grants = []  # the ORM's own list, so it stays true


def leave_tombstone(merged: User, kept: User) -> None:
    """What is left of a merged record: no name, email, password or roles, switched off, and
    pointing at the record it was merged into. It stays so the audit log can point at it."""
    if kept.key_worker_id is None and merged.key_worker_id not in (None, kept.id):
        kept.key_worker_id = merged.key_worker_id
    for name in ("pronouns", "date_of_birth", "locale"):
        if getattr(kept, name) is None:
            setattr(kept, name, getattr(merged, name))
    merged.merged_into_id = kept.id
    merged.preferred_name = f"MERGED-{merged.id:06d}"
    merged.email = merged.password_hash = merged.pronouns = merged.date_of_birth = None
    merged.locale = merged.key_worker_id = merged.invite_code = None
    merged.session_version += 1
    merged.disabled_at = merged.disabled_at or utcnow()
    merged.last_login_at = None


class EqualityData:
    """The young person's own equality monitoring answers (special category data): in their
    own download only, deleted on erasure. A download made by staff leaves them out, because
    no staff member ever sees one person's answers."""

    key = "equality"
    covers = {"equality_answers.person_id": "exported (their own download only); deleted"}
    staff_never_see = True

    @property
    def merges(self) -> dict:
        # Of two records of one young person, the kept record's answers win; if it has none,
        # it takes the merged record's (a whole set of answers, never a mix of the two).
        return {"equality_answers.person_id": _merge_equality}

    def export(self, person: User) -> dict:
        row = db.session.scalar(
            select(EqualityAnswers).where(EqualityAnswers.person_id == person.id)
        )
        return {
            "left_out": False,
            "updated_at": iso(row.updated_at) if row else None,
            "answers": row.answers() if row else None,
        }

    def left_out(self) -> dict:
        """What a download made by staff holds in their place."""
        return {"left_out": True, "updated_at": None, "answers": None}

    def erase(self, person: User) -> None:
        db.session.execute(delete(EqualityAnswers).where(EqualityAnswers.person_id == person.id))


def _merge_equality(merged_id: int, kept_id: int) -> None:
    kept_has = db.session.scalar(select(func.count()).where(EqualityAnswers.person_id == kept_id))
    if kept_has:
        db.session.execute(delete(EqualityAnswers).where(EqualityAnswers.person_id == merged_id))
    else:
        db.session.execute(
            update(EqualityAnswers)
            .where(EqualityAnswers.person_id == merged_id)
            .values(person_id=kept_id)
        )
