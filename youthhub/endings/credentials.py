"""The certificate as an Open Badges 3.0 credential, signed as a VC-JWT (`signing.py`: RS256).

The payload is the OpenBadgeCredential itself with the registered claims the Open Badges 3.0
"JSON Web Token Proof Format" asks for (iss, jti, nbf, sub). Only the printed name, the
programme and the date leave the app, and a salted hash of the email if the young person said
yes: the subject is a random id. Its `credentialStatus` points at the bit of the published
status list that says whether it has been revoked (`status_list.py`).
"""

import hashlib
from datetime import UTC, datetime, time

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from youthhub.core.i18n import locale_for
from youthhub.endings import journey, status_list
from youthhub.endings.codes import format_code
from youthhub.endings.models import Certificate, Ending
from youthhub.endings.signing import base_url, sign_jwt

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def verify_url(certificate: Certificate) -> str:
    return base_url() + url_for("endings.verify", code=format_code(certificate.code))


def issuer() -> dict:
    """The programme as an Open Badges Profile; its id answers with this (`views.issuer`)."""
    return {
        "id": base_url() + url_for("endings.issuer"),
        "type": ["Profile"],
        "name": current_app.config["PROGRAMME_NAME"],
        "url": base_url() + "/",
    }


def achievement_image_url() -> str:
    return base_url() + url_for("endings.achievement_image")


def achievement() -> dict:
    """What graduating from the programme means, the same for every graduate."""
    programme = current_app.config["PROGRAMME_NAME"]
    return {
        "id": base_url() + url_for("endings.achievement"),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": _("Graduated from %(programme)s", programme=programme),
        "description": _(
            "Took part in %(programme)s, a youth participation programme, and graduated at a "
            "planned, celebrated ending.",
            programme=programme,
        ),
        "criteria": {
            "narrative": _(
                "Took part in the programme's activities and groups, made an ending plan with "
                "their youth worker, and graduated."
            )
        },
        "image": {
            "id": achievement_image_url(),
            "type": "Image",
            "caption": _("The %(programme)s graduation badge", programme=programme),
        },
        "creator": issuer(),
    }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def email_hash(email: str, salt: str) -> str:
    """Open Badges' IdentityHash: "sha256$" and the hex SHA-256 of the identity then the salt
    (an email compared as typed into any case)."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identifiers(certificate: Certificate, ending: Ending) -> list[dict]:
    """The printed name, and the email's salted hash if the young person said yes."""
    found = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.printed_name,
        }
    ]
    email = ending.person.email
    if ending.badge_shows_email_hash and email:
        found.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": email_hash(email, ending.badge_email_salt),
                "salt": ending.badge_email_salt,
            }
        )
    return found


def open_badge(certificate: Certificate, ending: Ending) -> dict:
    """The OpenBadgeCredential for a certificate, in the certificate's language."""
    with force_locale(locale_for(certificate.language)):
        highlights = [text for text in map(journey.describe, certificate.highlights) if text]
        subject = {
            "id": f"urn:uuid:{ending.holder_uuid}",
            "type": ["AchievementSubject"],
            "identifier": identifiers(certificate, ending),
            "achievement": achievement(),
        }
        if highlights:
            subject["narrative"] = "\n".join(f"- {text}" for text in highlights)
        return {
            "@context": CONTEXTS,
            "id": verify_url(certificate),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": issuer(),
            "name": _("Graduation certificate"),
            "validFrom": _timestamp(certificate.issued_at),
            "awardedDate": _timestamp(datetime.combine(certificate.awarded_on, time(), tzinfo=UTC)),
            "credentialSubject": subject,
            "credentialStatus": status_list.status_entry(certificate),
            "credentialSchema": [SCHEMA],
        }


def credential_jwt(certificate: Certificate, ending: Ending) -> str:
    """The signed VC-JWT: the credential plus the claims verifiers check against it."""
    credential = open_badge(certificate, ending)
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    return sign_jwt(claims)
