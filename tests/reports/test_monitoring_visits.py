"""Who came, counted from the visits kept beside the register, is what the register itself says
for any run of days: whole months, parts of months at either end, and days within one month."""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.activities.factories import make_activity, make_attendance
from tests.factories import make_young_person
from youthhub.activities.models import Activity, Attendance
from youthhub.extensions import db
from youthhub.reports.monitoring import came
from youthhub.reports.monitoring.period import london_midnight
from youthhub.reports.stages import held


def register_says(low, high) -> tuple[set[int], int, set[int]]:
    """(who came, attendances, who came for the first time ever) from the register alone."""
    rows = db.session.execute(
        select(Attendance.person_id, Activity.starts_at)
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), *held())
    ).all()
    first = {}
    for person, starts_at in rows:
        first[person] = min(first.get(person, starts_at), starts_at)
    inside = [person for person, starts_at in rows if low <= starts_at < high]
    return set(inside), len(inside), {p for p, when in first.items() if low <= when < high}


def test_any_run_of_days_counts_as_the_register_does(app):
    rng = random.Random(13)
    people = [make_young_person() for _ in range(6)]
    # Sessions late in the evening at month ends (the next day in London in summer) too.
    moments = [
        datetime(2025, month, day, hour, tzinfo=UTC)
        for month in (3, 4, 5, 6)
        for day, hour in ((1, 18), (14, 12), (28, 18), (30, 23))
        if not (month == 4 and day == 31)
    ]
    for moment in moments:
        activity = make_activity(
            starts_at=moment, cancelled_at=moment if rng.random() < 0.1 else None
        )
        for person in rng.sample(people, rng.randint(0, 4)):
            make_attendance(activity, person, attended=rng.random() < 0.85)
    days = [date(2025, 3, 1), date(2025, 3, 15), date(2025, 4, 1), date(2025, 4, 29)]
    days += [date(2025, 5, 1), date(2025, 5, 31), date(2025, 6, 1), date(2025, 7, 1)]
    with app.test_request_context():
        for start in days:
            for end in days:
                if end <= start:
                    continue
                low, high = london_midnight(start), london_midnight(end)
                loaded = came.load(low, high)
                who, attendances, new = register_says(low, high)
                assert loaded.counts_between(low, high) == (len(who), attendances), (start, end)
                # Each id once: equality monitoring counts the rows as people.
                found = list(db.session.scalars(loaded.people_query(low, high)))
                assert sorted(found) == sorted(who), (start, end)
                assert loaded.new_between(low, high) == len(new), (start, end)
                within = london_midnight(start + timedelta(days=3))
                if within < high:
                    assert came.load(low, within).counts_between(low, within)[0] == len(
                        register_says(low, within)[0]
                    )
