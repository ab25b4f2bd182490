"""What paid contributions add to a young person's journey: how many times they shared their
expertise and for how many hours (highlights they may choose for their certificate), and each
contribution on their keepsake's timeline. Amounts of money are never part of the journey.

A contribution counts once a worker has approved it, or when the young person said no to
being paid ("your work still counts"): refused and withdrawn claims do not.
"""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from youthhub.core.journey import Highlight, HighlightKind, TimelineEntry
from youthhub.extensions import db
from youthhub.payments.labels import hours_label
from youthhub.payments.models import CancelReason, ClaimStatus, Contribution
from youthhub.payments.rates import kind_name

APPROVED_OR_LATER = (
    ClaimStatus.APPROVED,
    ClaimStatus.PAYING,
    ClaimStatus.PAID,
    ClaimStatus.FAILED,
    ClaimStatus.REVERSED,
)


def _counted(person):
    return and_(
        Contribution.person_id == person.id,
        or_(
            Contribution.status.in_(APPROVED_OR_LATER),
            and_(
                Contribution.status == ClaimStatus.CANCELLED,
                Contribution.cancel_reason == CancelReason.DECLINED,
            ),
        ),
    )


def hours_count(minutes: int) -> int | float:
    """Hours exactly as claimed (claims are in quarter hours, which a float holds exactly, and
    the certificate keeps its highlights as JSON): 38.5, or a whole 38."""
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


class ContributionsJourney:
    kinds = (
        HighlightKind(
            "contributions",
            lambda n: ngettext(
                "Shared my expertise %(num)d time", "Shared my expertise %(num)d times", n
            ),
        ),
        HighlightKind(
            "contribution_hours",
            # Hours as they were claimed, to the quarter ("38.5 hours"), never cut to whole ones.
            lambda hours: _(
                "%(hours)s of paid expertise", hours=hours_label(round(Decimal(hours) * 60))
            ),
        ),
    )

    def highlights(self, person, ending) -> list[Highlight]:
        count, minutes = db.session.execute(
            select(func.count(Contribution.id), func.sum(Contribution.minutes)).where(
                _counted(person)
            )
        ).one()
        return [
            Highlight("contributions", count or 0),
            Highlight("contribution_hours", hours_count(minutes or 0)),
        ]

    def timeline(self, person, ending) -> list[TimelineEntry]:
        contributions = db.session.scalars(
            select(Contribution)
            .options(joinedload(Contribution.kind))
            .where(_counted(person))
            .order_by(Contribution.work_date, Contribution.id)
        )
        return [
            TimelineEntry(
                contribution.work_date,
                _(
                    "Shared my expertise: %(kind)s, %(hours)s",
                    kind=kind_name(contribution.kind),
                    hours=hours_label(contribution.minutes),
                ),
                "contribution",
            )
            for contribution in contributions
        ]
