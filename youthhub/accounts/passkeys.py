"""Passkeys (WebAuthn): adding one, checking one at sign-in or step-up, removing one.

The relying party is this site: its id is the host of PUBLIC_BASE_URL (or of the request when
that is not set), so a passkey made here never works for another site. Raises `DomainError`
with a message fit to show the person.
"""

import json
from urllib.parse import urlsplit

import webauthn
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from youthhub.accounts import mfa
from youthhub.accounts.models import User
from youthhub.accounts.models_mfa import AuthenticatorApp, Passkey
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db

DIDNT_WORK = _l("That passkey didn't work. Try again, or use a code instead.")


def _origin() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")


def _rp_id() -> str:
    return urlsplit(_origin()).hostname


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = db.session.scalars(select(Passkey.credential_id).where(Passkey.user_id == user.id))
    return [PublicKeyCredentialDescriptor(id=credential_id) for credential_id in ids]


def registration_options(user: User) -> tuple[str, bytes]:
    """What the browser needs to make a passkey (as JSON), and the challenge to keep."""
    options = webauthn.generate_registration_options(
        rp_id=_rp_id(),
        rp_name=current_app.config["PROGRAMME_NAME"],
        user_id=f"youthhub-{user.id}".encode(),
        user_name=user.email,
        user_display_name=user.preferred_name,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    return webauthn.options_to_json(options), options.challenge


def add_passkey(user: User, credential: dict, challenge: bytes, name: str, *, actor: User):
    """Keep the passkey the browser made for this challenge; raises DomainError if it does not
    check out."""
    if actor.id != user.id:
        raise NotAllowed(_l("You can only change your own sign-in."))
    try:
        verified = webauthn.verify_registration_response(
            credential=json.dumps(credential),
            expected_challenge=challenge,
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise DomainError(DIDNT_WORK) from None
    if db.session.scalar(select(exists().where(Passkey.credential_id == verified.credential_id))):
        raise DomainError(_l("That passkey is already saved."))
    passkey = Passkey(
        user_id=user.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip()[:80] or str(_l("Passkey")),
    )
    db.session.add(passkey)
    db.session.flush()
    record("account.passkey_added", actor=actor, subject=user, passkey_id=passkey.id)
    return passkey


def authentication_options(user: User) -> tuple[str, bytes]:
    """What the browser needs to use one of this person's passkeys, and the challenge."""
    options = webauthn.generate_authentication_options(
        rp_id=_rp_id(),
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return webauthn.options_to_json(options), options.challenge


def check_passkey(user: User, credential: dict, challenge: bytes) -> Passkey:
    """Accept an answer from one of this person's passkeys to this challenge; raises
    DomainError otherwise (another person's passkey, a replayed answer, a cloned device)."""
    try:
        credential_id = webauthn.base64url_to_bytes(credential["rawId"])
    except (KeyError, TypeError, ValueError):
        raise DomainError(DIDNT_WORK) from None
    passkey = db.session.scalar(
        select(Passkey).where(Passkey.user_id == user.id, Passkey.credential_id == credential_id)
    )
    if passkey is None:
        raise DomainError(DIDNT_WORK)
    try:
        verified = webauthn.verify_authentication_response(
            credential=json.dumps(credential),
            expected_challenge=challenge,
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise DomainError(DIDNT_WORK) from None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    record("account.factor_checked", actor=user, subject=user, factor="passkey")
    return passkey


def remove_passkey(passkey: Passkey, *, actor: User) -> None:
    """Remove one of one's own passkeys; raises DomainError if a finance or admin person would
    be left without a second factor."""
    if passkey.user_id != actor.id:
        raise NotAllowed(_l("You can only change your own sign-in."))
    others = db.session.scalar(
        select(
            exists().where(Passkey.user_id == actor.id, Passkey.id != passkey.id)
            | exists().where(AuthenticatorApp.user_id == actor.id)
        )
    )
    if mfa.factor_required(actor) and not others:
        raise DomainError(
            _l("Your role needs a second factor. Set up another before removing this one.")
        )
    db.session.delete(passkey)
    record("account.passkey_removed", actor=actor, subject=actor, passkey_id=passkey.id)
