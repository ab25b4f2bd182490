"""Endings: planned ending dates, the ending plan, graduation and certificates (the
programme's own rules are in `programme.py`).

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Who may do what to which record is asked of `rules.py`, which the pages ask too.
"""

import secrets
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from youthhub.accounts.models import Role, User
from youthhub.accounts.services import young_person_joined
from youthhub.activities.models import Activity
from youthhub.core.audit import record
from youthhub.core.errors import DomainError
from youthhub.core.journey import joined_on
from youthhub.core.text import N_
from youthhub.core.time import london_today, utcnow
from youthhub.endings import journey, status_list
from youthhub.endings.codes import new_code
from youthhub.endings.models import PLAN_FIELDS, Certificate, Ending
from youthhub.endings.notify import DATE_CHANGED, tell_young_person
from youthhub.endings.programme import default_ending_for, get_settings, iso
from youthhub.endings.queries import ending_of
from youthhub.endings.rules import (
    badge_email_refusal,
    certificate_choice_refusal,
    date_change_refusal,
    graduation_refusal,
    issue_refusal,
    keepsake_choice_refusal,
    plan_refusal,
    refuse,
    reissue_refusal,
    revoke_refusal,
)
from youthhub.extensions import db

CERTIFICATE_READY = N_("Congratulations! Your graduation certificate is ready to download.")


# Planned endings ---------------------------------------------------------------------------


def start_ending(person: User) -> Ending:
    """Give a young person their planned ending date (idempotent): called when they join.

    Someone who joined before endings were planned, long enough ago that the default has
    passed, gets today: they then show as ending soon, so a worker sets them a real date.
    """
    ending = ending_of(person)
    if ending is not None:
        return ending
    planned_on = max(default_ending_for(joined_on(person)), london_today())
    ending = Ending(person=person, planned_on=planned_on)
    try:
        with db.session.begin_nested():
            db.session.add(ending)
            db.session.flush()
    except IntegrityError:  # made by another request at the same moment
        return ending_of(person)
    record("ending.planned", actor=None, subject=ending, planned_on=iso(ending.planned_on))
    return ending


def _on_young_person_joined(person: User, **_) -> None:
    start_ending(person)


def connect_endings() -> None:
    """Give every new young person their planned ending: accounts sends `young_person_joined`
    (safe to call for every app: a receiver is connected once)."""
    young_person_joined.connect(_on_young_person_joined)


def ending_for(person: User) -> Ending:
    """A young person's ending. Every young person has one from the day they join (the signal
    above; a migration gave one to everyone from before), so a page only reads it; starting one
    here is the fallback for a record made outside the services."""
    if not person.is_young_person:
        raise DomainError(_l("Only young people have a planned ending."))
    return start_ending(person)


def change_planned_ending(ending: Ending, *, planned_on: date, reason: str, actor: User) -> None:
    """Move a planned ending date, with a reason; refuses the past or after the programme end."""
    refuse(date_change_refusal(ending, actor))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the date is changing."))
    if planned_on < london_today():
        raise DomainError(_l("The ending date can't be in the past."))
    programme_ends_on = get_settings().programme_ends_on
    if programme_ends_on is not None and planned_on > programme_ends_on:
        raise DomainError(
            _l(
                "The programme ends on %(date)s, so the ending date can't be later than that.",
                date=format_date(programme_ends_on, "long"),
            )
        )
    if planned_on == ending.planned_on:
        raise DomainError(_l("That's already the planned ending date."))
    before = ending.planned_on
    ending.planned_on = planned_on
    record(
        "ending.date_changed",
        actor=actor,
        subject=ending,
        before=iso(before),
        after=iso(planned_on),
        reason=reason[:300],
    )
    tell_young_person(ending.person, DATE_CHANGED, when=planned_on)


# The ending plan and certificate choices ---------------------------------------------------


def update_plan(ending: Ending, *, actor: User, share_message: bool = False, **answers) -> None:
    """Save the ending plan; the young person and youth workers can both edit it."""
    refuse(plan_refusal(ending, actor))
    if set(answers) != set(PLAN_FIELDS):
        raise ValueError(f"update_plan needs exactly {PLAN_FIELDS}")
    for name, value in answers.items():
        setattr(ending, name, (value or "").strip())
    ending.share_message = bool(share_message and ending.message_for_members)
    ending.plan_updated_at = utcnow()
    ending.plan_updated_by_id = actor.id
    record("ending.plan_updated", actor=actor, subject=ending, share_message=ending.share_message)


def choose_certificate_details(
    ending: Ending, *, printed_name: str, highlight_keys, actor: User
) -> None:
    """The young person picks their printed name and which highlights appear (only they can)."""
    refuse(certificate_choice_refusal(ending, actor))
    printed_name = (printed_name or "").strip()
    if not printed_name:
        raise DomainError(_l("Tell us the name to print on your certificate."))
    available = {item.key for item in journey.available_highlights(ending.person, ending)}
    chosen = [key for key in dict.fromkeys(highlight_keys) if key]
    if not set(chosen) <= available:
        raise DomainError(_l("Choose from the list."))
    ending.printed_name = printed_name[:80]
    ending.highlight_keys_csv = ",".join(chosen)
    record("ending.certificate_choices", actor=actor, subject=ending, highlights=chosen)


def choose_badge_email(ending: Ending, *, include: bool, actor: User) -> None:
    """The young person's yes or no to a salted hash of their email in their digital badge, so
    someone who knows their email can match the badge to them (only they can; default no).
    Each yes draws a new salt: badges from before a no cannot be linked to badges after."""
    refuse(badge_email_refusal(ending, actor))
    if include == ending.badge_shows_email_hash:
        return
    ending.badge_email_salt = secrets.token_hex(16) if include else None
    record("ending.badge_email_chosen", actor=actor, subject=ending, include=include)


def choose_keepsake_goals(ending: Ending, *, goal_ids, actor: User) -> None:
    """The young person picks which of their own goals go into their keepsake (only they can)."""
    from youthhub.goals.journey import goals_to_choose_from

    refuse(keepsake_choice_refusal(ending, actor))
    own = {goal.id: goal for goal in goals_to_choose_from(ending.person)}
    chosen = sorted(set(goal_ids))
    if not set(chosen) <= own.keys():
        raise DomainError(_l("Choose from the list."))
    ending.keepsake_goals = [own[goal_id] for goal_id in chosen]
    record("ending.keepsake_goals_chosen", actor=actor, subject=ending, goals=len(chosen))


# Graduation and certificates ---------------------------------------------------------------


def record_graduation(
    ending: Ending, *, graduated_on: date, actor: User, event: Activity | None = None
) -> None:
    """Record the day a young person graduated, and at which event (an activity) if any;
    not before they joined or after the programme ends."""
    refuse(graduation_refusal(ending, actor))
    if event is not None and event.is_cancelled:
        raise DomainError(_l("That activity was cancelled. Choose another, or none."))
    if graduated_on < joined_on(ending.person):
        raise DomainError(_l("The graduation date can't be before they joined."))
    programme_ends_on = get_settings().programme_ends_on
    if programme_ends_on is not None and graduated_on > programme_ends_on:
        raise DomainError(
            _l(
                "The programme ends on %(date)s, so the graduation can't be later than that.",
                date=format_date(programme_ends_on, "long"),
            )
        )
    ending.graduated_on = graduated_on
    ending.graduation_activity = event
    ending.graduation_recorded_by_id = actor.id
    record(
        "ending.graduation_recorded",
        actor=actor,
        subject=ending,
        on=iso(graduated_on),
        activity_id=getattr(event, "id", None),
    )


def _signer_role(actor: User) -> str:
    return Role.YOUTH_WORKER.value if actor.has_role(Role.YOUTH_WORKER) else Role.ADMIN.value


def _snapshot_highlights(ending: Ending) -> list[dict]:
    counts = {item.key: item.count for item in journey.available_highlights(ending.person, ending)}
    return [{"key": key, "count": counts[key]} for key in ending.highlight_keys if key in counts]


def issue_certificate(ending: Ending, *, actor: User) -> Certificate:
    """Issue the graduation certificate; refuses before graduation or if one is current."""
    refuse(issue_refusal(ending, actor))
    person = ending.person
    certificate = Certificate(
        person_id=person.id,
        code=new_code(),
        printed_name=ending.printed_name or person.preferred_name,
        programme_name=current_app.config["PROGRAMME_NAME"],
        language=person.locale or current_app.config["BABEL_DEFAULT_LOCALE"],
        awarded_on=ending.graduated_on,
        highlights=_snapshot_highlights(ending),
        signer_name=actor.preferred_name,
        signer_role=_signer_role(actor),
        issued_by_id=actor.id,
        issued_at=utcnow(),
        status_index=status_list.new_status_index(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
            db.session.flush()
    except IntegrityError:  # a second tap issued one a moment ago
        raise DomainError(
            _l("They already have a current certificate. Reissue it instead.")
        ) from None
    record("certificate.issued", actor=actor, subject=certificate, person_id=person.id)
    tell_young_person(person, CERTIFICATE_READY)
    return certificate


def revoke_certificate(certificate: Certificate, *, reason: str, actor: User) -> None:
    """Mark a certificate as no longer valid, with a reason; refuses one already revoked."""
    refuse(revoke_refusal(certificate, actor))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the certificate is being revoked."))
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason[:300]
    db.session.flush()  # the old one stops being current before a new one can be issued
    record("certificate.revoked", actor=actor, subject=certificate, reason=reason[:300])


def reissue_certificate(certificate: Certificate, *, actor: User) -> Certificate:
    """Replace a certificate with a new one (new code, today's choices); the old one is revoked."""
    refuse(reissue_refusal(certificate, actor))
    if certificate.revoked_at is None:
        revoke_certificate(certificate, reason="Replaced by a new certificate.", actor=actor)
    replacement = issue_certificate(ending_for(certificate.person), actor=actor)
    certificate.replaced_by_id = replacement.id
    record("certificate.reissued", actor=actor, subject=replacement, replaces=certificate.id)
    return replacement
