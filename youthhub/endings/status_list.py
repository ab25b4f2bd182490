"""Revocation as a W3C Bitstring Status List (a W3C Recommendation, built for the VC 2.0 data
model that Open Badges 3.0 credentials use).

Every certificate has a bit at a random place in one published list; the bit is 1 once the
certificate is revoked (by a worker, by a reissue, when its holder is erased or two records are
merged). The list is worked out from the certificates each time it is asked for, so it can
never disagree with them. A verifier fetches the whole list, so we never learn which badge is
being checked, and the list says nothing but bits: unlike 1EdTech's revocation list, which
names each revoked credential's id (here the certificate's code, whose page shows the name).
"""

import base64
import gzip
import secrets
from datetime import UTC

from flask import url_for
from sqlalchemy import select

from youthhub.core.time import utcnow
from youthhub.endings.models import Certificate
from youthhub.endings.signing import base_url, sign_jwt
from youthhub.extensions import db

# The specification's smallest list, 16 KiB of bits, so that a list of few certificates still
# hides which one a verifier asks about among many.
LIST_LENGTH = 131_072
PURPOSE = "revocation"
CONTEXT = "https://www.w3.org/ns/credentials/v2"
_random = secrets.SystemRandom()


def new_status_index() -> int:
    """A random bit no certificate uses yet (the column is unique, should two draws race)."""
    while True:
        index = _random.randrange(LIST_LENGTH)
        taken = db.session.scalar(select(Certificate.id).where(Certificate.status_index == index))
        if taken is None:
            return index


def list_url() -> str:
    return base_url() + url_for("endings.revocation_list")


def status_entry(certificate: Certificate) -> dict:
    """The credential's `credentialStatus`: which bit of which list says if it is revoked."""
    return {
        "id": f"{list_url()}#{certificate.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(certificate.status_index),
        "statusListCredential": list_url(),
    }


def encode(indexes) -> str:
    """The bitstring with these bits set (bit 0 is the first byte's most significant bit),
    GZIP-compressed, as multibase base64url without padding ("u" then the text)."""
    bits = bytearray(LIST_LENGTH // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def revoked_indexes() -> list[int]:
    return list(
        db.session.scalars(
            select(Certificate.status_index).where(Certificate.revoked_at.is_not(None))
        )
    )


def status_list_credential() -> dict:
    now = utcnow().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return {
        "@context": [CONTEXT],
        "id": list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": base_url() + url_for("endings.issuer"),
        "validFrom": now,
        "credentialSubject": {
            "id": f"{list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked_indexes()),
        },
    }


def signed_status_list() -> str:
    """The list as a VC-JWT, signed like the badges it speaks for."""
    credential = status_list_credential()
    claims = {**credential, "iss": credential["issuer"], "jti": credential["id"]}
    return sign_jwt(claims)
