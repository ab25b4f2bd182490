"""What the monitoring page counts about support given: every log in a window, read in one
narrow query (kind, young person, London date), whatever the period."""

from datetime import date

from sqlalchemy import select

from youthhub.extensions import db
from youthhub.support.models import SupportGiven


def given_between(first: date, last: date) -> list[tuple[int, int, date]]:
    """(kind id, young person id, London date) for each support given from `first` to `last`."""
    query = select(SupportGiven.kind_id, SupportGiven.person_id, SupportGiven.given_on).where(
        SupportGiven.given_on.between(first, last)
    )
    return [tuple(row) for row in db.session.execute(query).all()]
