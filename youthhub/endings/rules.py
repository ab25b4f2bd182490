"""Who may do what to an ending or a certificate, each rule written once.

Each `*_refusal` function answers with the refusal (a `DomainError` to raise) or None. The
services raise it (`refuse`), and the pages ask the same functions through `ending_offers` and
`certificate_offers`, so a page never offers a button the service would refuse. Only rules about
the records and the person are here; what was typed (a reason, a date) is the service's own check.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from youthhub.accounts.models import Role, User
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.endings.models import Certificate, Ending
from youthhub.endings.queries import current_certificate

PLANNER_ROLES = frozenset({Role.YOUTH_WORKER, Role.ADMIN})

Refusal = DomainError | None
# "Not looked up yet": a page asking several rules looks the current certificate up once.
UNKNOWN = object()


def _current(person: User, current) -> Certificate | None:
    return current_certificate(person) if current is UNKNOWN else current


def refuse(refusal: Refusal) -> None:
    """Raise the refusal a rule gave, if it gave one."""
    if refusal is not None:
        raise refusal


def planner_refusal(actor: User) -> Refusal:
    if not actor.has_any_role(PLANNER_ROLES):
        return NotAllowed(_l("Only youth workers can do that."))
    return None


def date_change_refusal(ending: Ending, actor: User) -> Refusal:
    if refusal := planner_refusal(actor):
        return refusal
    if ending.graduated_on is not None:
        return DomainError(_l("They've already graduated, so their ending date can't change."))
    return None


def plan_refusal(ending: Ending, actor: User) -> Refusal:
    if actor.id != ending.person_id and not actor.has_any_role(PLANNER_ROLES):
        return NotAllowed(_l("Only you and your worker can change your ending plan."))
    return None


def certificate_choice_refusal(ending: Ending, actor: User) -> Refusal:
    if actor.id != ending.person_id:
        return NotAllowed(_l("Only the young person can choose what goes on their certificate."))
    return None


def badge_email_refusal(ending: Ending, actor: User) -> Refusal:
    """Only the young person says whether their badge carries their email's hash, and only
    with an email to hash (someone added on the register has none until they take over)."""
    if actor.id != ending.person_id:
        return NotAllowed(_l("Only the young person can choose what goes in their badge."))
    if not ending.person.email:
        return DomainError(_l("You need an email address on your account first."))
    return None


def keepsake_choice_refusal(ending: Ending, actor: User) -> Refusal:
    if actor.id != ending.person_id:
        return NotAllowed(_l("Only the young person can choose what goes in their keepsake."))
    return None


def graduation_refusal(ending: Ending, actor: User, *, current=UNKNOWN) -> Refusal:
    if refusal := planner_refusal(actor):
        return refusal
    # The certificate says the date: it changes only with a new certificate.
    if _current(ending.person, current) is not None:
        return DomainError(
            _l("Their certificate is already issued. Revoke it first to change the date.")
        )
    return None


def issue_refusal(ending: Ending, actor: User, *, current=UNKNOWN) -> Refusal:
    if refusal := planner_refusal(actor):
        return refusal
    if ending.graduated_on is None:
        return DomainError(_l("Record their graduation first."))
    if _current(ending.person, current) is not None:
        return DomainError(_l("They already have a current certificate. Reissue it instead."))
    return None


def revoke_refusal(certificate: Certificate, actor: User) -> Refusal:
    if refusal := planner_refusal(actor):
        return refusal
    if certificate.revoked_at is not None:
        return DomainError(_l("This certificate has already been revoked."))
    return None


def reissue_refusal(certificate: Certificate, actor: User, *, current=UNKNOWN) -> Refusal:
    if refusal := planner_refusal(actor):
        return refusal
    if certificate.replaced_by_id is not None:
        return DomainError(_l("This certificate has already been replaced by a newer one."))
    current = _current(certificate.person, current)
    if current is not None and current.id != certificate.id:
        return DomainError(_l("They already have a newer certificate."))
    return None


def download_refusal(certificate: Certificate, actor: User) -> Refusal:
    """Only the young person and staff who plan endings print a certificate, and only while it
    is valid: a revoked one printed again would still look real on paper."""
    if actor.id != certificate.person_id and (refusal := planner_refusal(actor)):
        return refusal
    if certificate.revoked_at is not None:
        return DomainError(_l("This certificate has been revoked, so it can't be downloaded."))
    return None


@dataclass(frozen=True)
class EndingOffers:
    """What a person may do to one young person's ending, as the pages offer it."""

    change_date: bool
    edit_plan: bool
    record_graduation: bool
    issue_certificate: bool
    choose_certificate_details: bool
    choose_keepsake_goals: bool
    choose_badge_email: bool


def ending_offers(ending: Ending, actor: User, *, current=UNKNOWN) -> EndingOffers:
    current = _current(ending.person, current)
    return EndingOffers(
        change_date=date_change_refusal(ending, actor) is None,
        edit_plan=plan_refusal(ending, actor) is None,
        record_graduation=graduation_refusal(ending, actor, current=current) is None,
        issue_certificate=issue_refusal(ending, actor, current=current) is None,
        choose_certificate_details=certificate_choice_refusal(ending, actor) is None,
        choose_keepsake_goals=keepsake_choice_refusal(ending, actor) is None,
        choose_badge_email=badge_email_refusal(ending, actor) is None,
    )


@dataclass(frozen=True)
class CertificateOffers:
    """What a person may do to one certificate, as the pages offer it."""

    download: bool
    revoke: bool
    reissue: bool


def certificate_offers(
    certificate: Certificate, actor: User, *, current=UNKNOWN
) -> CertificateOffers:
    return CertificateOffers(
        download=download_refusal(certificate, actor) is None,
        revoke=revoke_refusal(certificate, actor) is None,
        reissue=reissue_refusal(certificate, actor, current=current) is None,
    )
