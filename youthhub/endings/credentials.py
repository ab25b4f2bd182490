"""The certificate as an Open Badges 3.0 credential, signed as a VC-JWT (a compact JWS, EdDSA).

The payload is the OpenBadgeCredential itself with the registered claims the Open Badges 3.0
"JSON Web Token Proof Format" asks for (iss, jti, nbf, sub). The header's `kid` is exactly the
`kid` of the key in the programme's published key set, and its `jku` is that set's address
(`/.well-known/jwks.json`), so any standard JWKS verifier finds the key and checks the
signature. Only the printed name, the programme and the date leave the app: the subject is a
random id, never an email.
"""

from datetime import UTC, datetime, time

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from youthhub.core.i18n import locale_for
from youthhub.core.links import public_base_url
from youthhub.endings import journey
from youthhub.endings.codes import format_code
from youthhub.endings.keys import key_id, load_private_key, public_jwk
from youthhub.endings.models import Certificate, Ending

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
# RFC 7517 section 8.5: the media type of a published JWK Set.
JWK_SET_MEDIA_TYPE = "application/jwk-set+json"


def signing_key() -> Ed25519PrivateKey:
    cache = current_app.extensions.setdefault("youthhub_signing_key", {})
    pem = current_app.config["CREDENTIAL_SIGNING_KEY"]
    if pem not in cache:
        cache.clear()
        cache[pem] = load_private_key(pem)
    return cache[pem]


def key_set() -> dict:
    """The JWKS the app publishes: the public half of the signing key, and nothing else."""
    return {"keys": [public_jwk(signing_key().public_key())]}


def base_url() -> str:
    """The site's public address (`core.links`: PUBLIC_BASE_URL, or a trusted request host)."""
    return public_base_url()


def verify_url(certificate: Certificate) -> str:
    return base_url() + url_for("endings.verify", code=format_code(certificate.code))


def _issuer() -> dict:
    return {
        "id": base_url() + "/",
        "type": ["Profile"],
        "name": current_app.config["PROGRAMME_NAME"],
        "url": base_url() + "/",
    }


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
    }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def open_badge(certificate: Certificate, ending: Ending) -> dict:
    """The OpenBadgeCredential for a certificate, in the certificate's language."""
    with force_locale(locale_for(certificate.language)):
        highlights = [text for text in map(journey.describe, certificate.highlights) if text]
        subject = {
            "id": f"urn:uuid:{ending.holder_uuid}",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.printed_name,
                }
            ],
            "achievement": achievement(),
        }
        if highlights:
            subject["narrative"] = "\n".join(f"- {text}" for text in highlights)
        return {
            "@context": CONTEXTS,
            "id": verify_url(certificate),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": _issuer(),
            "name": _("Graduation certificate"),
            "validFrom": _timestamp(certificate.issued_at),
            "awardedDate": _timestamp(datetime.combine(certificate.awarded_on, time(), tzinfo=UTC)),
            "credentialSubject": subject,
        }


def sign_jwt(claims: dict) -> str:
    """A compact JWS of `claims`, signed with the programme's key (EdDSA); PyJWT adds the
    header's "alg" and "typ" ("JWT"). "kid" is the key's id as the published set names it
    (a JWKS verifier looks keys up by equal `kid`, so a URL here would find nothing), and
    "jku" says where that set is."""
    key = signing_key()
    headers = {"kid": key_id(key.public_key()), "jku": base_url() + url_for("endings.jwks")}
    return jwt.encode(claims, key, algorithm="EdDSA", headers=headers)


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
