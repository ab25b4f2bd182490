"""What activities add to a young person's journey: how many they came to (a highlight they
may choose for their certificate), and each one on their keepsake's timeline."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from youthhub.activities.models import Activity, Attendance
from youthhub.core.journey import Highlight, HighlightKind, TimelineEntry
from youthhub.extensions import db


def _attended(person):
    return (
        select(Activity)
        .join(Attendance, Attendance.activity_id == Activity.id)
        .where(
            Attendance.person_id == person.id,
            Attendance.attended.is_(True),
            Activity.cancelled_at.is_(None),
        )
    )


class ActivitiesJourney:
    kinds = (
        HighlightKind(
            "activities",
            lambda n: ngettext(
                "Took part in %(num)d activity", "Took part in %(num)d activities", n
            ),
        ),
    )

    def highlights(self, person, ending) -> list[Highlight]:
        attended = _attended(person).subquery()
        count = db.session.scalar(select(func.count()).select_from(attended))
        return [Highlight("activities", count or 0)]

    def timeline(self, person, ending) -> list[TimelineEntry]:
        activities = db.session.scalars(_attended(person).order_by(Activity.starts_at))
        return [
            TimelineEntry.at_moment(
                activity.starts_at, _("Went to %(activity)s", activity=activity.title), "activity"
            )
            for activity in activities
        ]
