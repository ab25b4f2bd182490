"""Endings' personal data: the planned ending and ending plan, and certificates.

Erasure deletes the ending and its plan (with the yes to an email hash in the badge and its
salt). A certificate may already be printed and shown to an
employer, so its code keeps answering: the verification page then says it was withdrawn at
the holder's request, and shows no name."""

from sqlalchemy import delete, select, update

from youthhub.core.personal_data import MOVE, iso
from youthhub.core.time import utcnow
from youthhub.endings.codes import format_code
from youthhub.endings.models import (
    PLAN_FIELDS,
    WITHDRAWN_AT_HOLDERS_REQUEST,
    Certificate,
    Ending,
    EndingReminder,
    keepsake_goals,
)
from youthhub.extensions import db


def _certificate(certificate: Certificate) -> dict:
    return {
        "code": format_code(certificate.code),
        "printed_name": certificate.printed_name,
        "programme": certificate.programme_name,
        "language": certificate.language,
        "awarded_on": iso(certificate.awarded_on),
        "highlights": certificate.highlights,
        "signed_by": certificate.signer_name,
        "issued_at": iso(certificate.issued_at),
        "revoked_at": iso(certificate.revoked_at),
        "revoke_reason": certificate.revoke_reason,
    }


class EndingsData:
    key = "ending"
    covers = {
        "programme_settings.updated_by_id": "kept: the admin who set the programme's rules",
        "endings.person_id": "exported; deleted with the plan and its reminders",
        "endings.plan_updated_by_id": "deleted with the ending",
        "endings.graduation_recorded_by_id": "deleted with the ending",
        "certificates.person_id": "exported; kept without a name, withdrawn",
        "certificates.issued_by_id": "kept: who issued it",
        "certificates.revoked_by_id": "kept: who revoked it",
    }

    @property
    def merges(self) -> dict:
        return {
            "programme_settings.updated_by_id": MOVE,
            "endings.person_id": _merge_endings,
            "endings.plan_updated_by_id": MOVE,
            "endings.graduation_recorded_by_id": MOVE,
            "certificates.person_id": _merge_certificates,
            "certificates.issued_by_id": MOVE,
            "certificates.revoked_by_id": MOVE,
        }

    def export(self, person) -> dict:
        ending = db.session.scalar(select(Ending).where(Ending.person_id == person.id))
        certificates = db.session.scalars(
            select(Certificate)
            .where(Certificate.person_id == person.id)
            .order_by(Certificate.issued_at)
        )
        plan = None
        if ending is not None:
            plan = {name: getattr(ending, name) for name in PLAN_FIELDS} | {
                "planned_on": iso(ending.planned_on),
                "share_message": ending.share_message,
                "plan_updated_at": iso(ending.plan_updated_at),
                "printed_name": ending.printed_name,
                "certificate_highlights": ending.highlight_keys,
                "graduated_on": iso(ending.graduated_on),
                "graduation_event": ending.graduation_activity.title
                if ending.graduation_activity
                else None,
                "keepsake_goals": [goal.title for goal in ending.keepsake_goals],
                "badge_email_hash": ending.badge_shows_email_hash,
            }
        return {"plan": plan, "certificates": [_certificate(c) for c in certificates]}

    def erase(self, person) -> None:
        ending_ids = select(Ending.id).where(Ending.person_id == person.id)
        db.session.execute(
            delete(EndingReminder)
            .where(EndingReminder.ending_id.in_(ending_ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(delete(keepsake_goals).where(keepsake_goals.c.ending_id.in_(ending_ids)))
        db.session.execute(delete(Ending).where(Ending.person_id == person.id))
        now = utcnow()
        db.session.execute(
            update(Certificate)
            .where(Certificate.person_id == person.id)
            .values(printed_name="", highlights=[], revoke_reason=WITHDRAWN_AT_HOLDERS_REQUEST)
        )
        db.session.execute(
            update(Certificate)
            .where(Certificate.person_id == person.id, Certificate.revoked_at.is_(None))
            .values(revoked_at=now)
        )


# Merging: one ending per person, and at most one current certificate.
MERGED_AWAY = "merged with another record of the same person"


def _merge_endings(merged_id: int, kept_id: int) -> None:
    """The kept record's planned ending and plan stay; the other's goes, unless it is the only
    one."""
    theirs = db.session.scalar(select(Ending).where(Ending.person_id == merged_id))
    if theirs is None:
        return
    if db.session.scalar(select(Ending.id).where(Ending.person_id == kept_id)) is None:
        theirs.person_id = kept_id
    else:
        db.session.execute(delete(EndingReminder).where(EndingReminder.ending_id == theirs.id))
        db.session.delete(theirs)  # with its keepsake choices
    db.session.flush()


def _merge_certificates(merged_id: int, kept_id: int) -> None:
    """Both records' certificates move; if both have a current one, the other's is revoked (its
    code keeps answering, saying so)."""
    current = select(Certificate).where(Certificate.revoked_at.is_(None))
    kept_current = db.session.scalar(current.where(Certificate.person_id == kept_id))
    theirs = db.session.scalar(current.where(Certificate.person_id == merged_id))
    if kept_current is not None and theirs is not None:
        theirs.revoked_at, theirs.revoke_reason = utcnow(), MERGED_AWAY
        db.session.flush()
    db.session.execute(
        update(Certificate).where(Certificate.person_id == merged_id).values(person_id=kept_id)
    )
