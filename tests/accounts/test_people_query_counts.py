"""The pages for people without an account run the same number of queries however many such
people, and however much history, there are."""

from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance, make_booking
from tests.activities.test_views import today_activity
from tests.core.test_query_counts import queries_for
from tests.factories import log_in, make_worker, make_young_person
from youthhub.accounts import people
from youthhub.extensions import db

PAGES = [
    "/activities/{today}/register?q=Remi",
    "/manage/young-people/{remi}/hand-over",
    "/manage/young-people/{remi}/merge",
    "/manage/young-people/{remi}/merge/{real}",
    "/manage/my-young-people",
]


@pytest.mark.parametrize("url", PAGES)
def test_queries_stay_constant_as_people_without_an_account_grow(client, url):
    worker = make_worker()
    today = today_activity()
    remi = people.add_young_person(preferred_name="Remi", actor=worker)
    real = make_young_person(name="Remi Okafor")
    db.session.commit()
    log_in(client, worker)
    url = url.format(today=today.id, remi=remi.id, real=real.id)

    def grow(how_many):
        for number in range(how_many):
            other = people.add_young_person(
                preferred_name=f"Remi {number}", actor=worker, someone_new=True
            )
            db.session.commit()
            make_attendance(today, other, walk_in=True)
            past = make_activity(starts_in=-timedelta(days=number + 1))
            make_attendance(past, remi)
            make_booking(past, real)

    grow(2)
    few = queries_for(client, url)
    grow(12)
    many = queries_for(client, url)
    assert many == few
    assert few <= 10
