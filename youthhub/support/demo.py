"""Demo support given: the starting kinds, logged now and then over the past year, so the
monitoring's support section has something to show on a fresh `make run`."""

from datetime import timedelta

from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.models import SupportGiven


def seed_demo_support(young_people, worker) -> None:
    """Every young person given one kind or another, a few weeks apart (deterministic)."""
    kinds = ensure_default_kinds()
    today = london_today()
    for number, person in enumerate(young_people):
        for visit in range(1 + number % 3):
            days_ago = (number * 19 + visit * 41) % 360
            db.session.add(
                SupportGiven(
                    person_id=person.id,
                    kind=kinds[(number + visit) % len(kinds)],
                    given_on=today - timedelta(days=days_ago),
                    logged_by_id=worker.id,
                    logged_at=utcnow() - timedelta(days=days_ago),
                )
            )
    db.session.flush()
