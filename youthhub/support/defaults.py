"""The kinds of support every programme starts with, from the Plymouth report's asks.

Migration 0025 seeds a frozen copy of these; `ensure_default_kinds()` adds any that are missing
(`flask seed-demo`, and tests, which start from empty tables) and never changes what admins
have edited.
"""

from sqlalchemy import select

from youthhub.extensions import db
from youthhub.support.models import SupportKind

DEFAULT_KINDS = (
    {
        "slug": "journey-bag",
        "names": {"en": "Journey bag given", "cy": "Bag taith wedi'i roi"},
    },
    {
        "slug": "lifelong-links",
        "names": {"en": "Lifelong Links referral", "cy": "Atgyfeiriad Lifelong Links"},
    },
    {
        "slug": "housing-advice",
        "names": {"en": "Housing advice", "cy": "Cyngor ar dai"},
    },
)


def ensure_default_kinds() -> list[SupportKind]:
    """Add any of the starting kinds that are missing; leave existing ones as admins left them."""
    existing = {kind.slug: kind for kind in db.session.scalars(select(SupportKind)) if kind.slug}
    for number, data in enumerate(DEFAULT_KINDS, start=1):
        if data["slug"] not in existing:
            existing[data["slug"]] = SupportKind(**data, position=number)
            db.session.add(existing[data["slug"]])
    db.session.flush()
    return sorted(existing.values(), key=lambda kind: (kind.position, kind.id))
