"""Activity, group and report pages run the same number of SQL queries however many activities,
bookings, members and attendances there are."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.core.test_query_counts import queries_for
from tests.factories import log_in, make_worker, make_young_person
from youthhub.activities.models import BookingStatus
from youthhub.core.time import LONDON
from youthhub.groups.models import MembershipStatus


class Scene:
    """A young person, a worker, a group the young person leads, and an activity today."""

    def __init__(self):
        self.young = make_young_person()
        self.worker = make_worker()
        self.group = make_group()
        make_member(self.group, self.young, lead=True)
        now = datetime.now(LONDON).replace(hour=23, minute=0, second=0, microsecond=0)
        self.today = make_activity(starts_at=now.astimezone(UTC), hours=0.5, group=self.group)
        self.past = make_activity(starts_in=timedelta(days=-3), group=self.group)

    def grow(self, how_many: int) -> None:
        for number in range(how_many):
            other = make_young_person(name=f"Sam {number}")
            upcoming = make_activity(capacity=1, group=self.group)
            make_booking(upcoming, other)
            make_booking(upcoming, self.young, BookingStatus.WAITLISTED)
            make_booking(self.today, other)
            make_attendance(self.past, other)
            past = make_activity(starts_in=timedelta(days=-10 - number))
            make_booking(past, self.young)
            make_attendance(past, self.young, attended=number % 2 == 0)
            make_member(self.group, other, status=MembershipStatus.MEMBER)
            make_member(make_group(), self.young, status=MembershipStatus.REQUESTED)


PAGES = [
    ("young", "/whats-on"),
    ("young", "/my-activities"),
    ("young", "/groups/"),
    ("young", "/groups/{group}"),
    ("young", "/activities/{today}"),
    ("young", "/activities/{today}/register"),
    ("young", "/activities/{today}/register?q=sam"),
    ("worker", "/manage/activities/"),
    ("worker", "/manage/activities/{today}"),
    ("worker", "/activities/{today}/register"),
    ("worker", "/activities/registers/today.json"),
    ("worker", "/manage/groups/"),
    ("worker", "/groups/{group}"),
    ("worker", "/manage/reports/activities"),
    ("worker", "/manage/reports/activities.csv"),
    ("worker", "/manage/reports/people/{young_id}/attendance"),
    ("young", "/"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_queries_stay_constant_as_activities_and_bookings_grow(client, who, url):
    scene = Scene()
    log_in(client, scene.young if who == "young" else scene.worker)
    url = url.format(group=scene.group.id, today=scene.today.id, young_id=scene.young.id)

    scene.grow(2)
    few = queries_for(client, url)
    scene.grow(15)
    many = queries_for(client, url)

    assert many == few
    assert few <= 10
