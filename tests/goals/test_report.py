"""The "distance travelled" report: the numbers, and the small ones hidden. (Its table and CSV on
the monitoring page: tests/reports/test_monitoring_goals.py.)"""

from datetime import UTC, date, datetime, timedelta

from tests.factories import make_young_person
from tests.goals.factories import area
from youthhub.core.small_numbers import SMALL, Cell
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.goals import report
from youthhub.goals.models import Rating

TODAY = london_today()
YEAR_AGO = TODAY - timedelta(days=364)


def rate(person, slug, *scores, start_days_ago=30):
    """Ratings a day apart, oldest first."""
    for number, score in enumerate(scores):
        db.session.add(
            Rating(
                owner_id=person.id,
                area_id=area(slug).id,
                score=score,
                rated_at=datetime.now(UTC) - timedelta(days=start_days_ago - number),
            )
        )
    db.session.commit()


def row_for(rows, slug):
    return next(row for row in rows if row.area.slug == slug)


class TestCounting:
    def test_first_and_latest_ratings_are_compared(self):
        people = [make_young_person() for _ in range(4)]
        rate(people[0], "job", 2, 9, 5)  # up 3: the middle one doesn't matter
        rate(people[1], "job", 6, 6)  # same
        rate(people[2], "job", 7, 4)  # down 3
        rate(people[3], "job", 8)  # only once: not counted
        row = row_for(report.distance_travelled(YEAR_AGO, TODAY, threshold=1), "job")
        assert (row.people, row.improved, row.same, row.lower) == (
            Cell(3),
            Cell(1),
            Cell(1),
            Cell(1),
        )
        assert row.average_change == 0.0

    def test_the_average_change_is_rounded_to_one_place(self):
        people = [make_young_person() for _ in range(3)]
        rate(people[0], "happy", 3, 5)
        rate(people[1], "happy", 3, 4)
        rate(people[2], "happy", 3, 4)
        row = row_for(report.distance_travelled(YEAR_AGO, TODAY, threshold=1), "happy")
        assert row.average_change == 1.3

    def test_only_ratings_in_the_period_count(self):
        person = make_young_person()
        rate(person, "job", 1, start_days_ago=400)  # before the period
        rate(person, "job", 5, 6, start_days_ago=10)
        row = row_for(report.distance_travelled(YEAR_AGO, TODAY, threshold=1), "job")
        assert (row.people.value, row.improved.value) == (1, 1)
        assert row.average_change == 1.0

    def test_ratings_of_the_same_moment_count_in_the_order_they_were_saved(self):
        moment = datetime.now(UTC) - timedelta(days=5)
        earlier = moment - timedelta(days=1)
        both_at_once, later_two_at_once = make_young_person(), make_young_person()
        for person, ratings in (
            (both_at_once, ((moment, 3), (moment, 8))),  # up 5
            (later_two_at_once, ((earlier, 4), (moment, 6), (moment, 2))),  # down 2
        ):
            for rated_at, score in ratings:
                db.session.add(
                    Rating(
                        owner_id=person.id, area_id=area("job").id, score=score, rated_at=rated_at
                    )
                )
                db.session.flush()  # saved one after the other
        db.session.commit()
        row = row_for(report.distance_travelled(YEAR_AGO, TODAY, threshold=0), "job")
        assert (row.people.value, row.improved.value, row.lower.value) == (2, 1, 1)
        assert row.average_change == 1.5

    def test_every_area_has_a_row_even_with_nobody(self):
        rows = report.distance_travelled(YEAR_AGO, TODAY, threshold=10)
        assert len(rows) == 8
        assert all(row.people.state == SMALL for row in rows)

    def test_periods_are_london_days(self):
        # 00:30 on 1 July in London is 23:30 on 30 June in UTC.
        begin, end = report.london_day_bounds(date(2026, 7, 1), date(2026, 7, 31))
        assert begin == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
        assert end == datetime(2026, 7, 31, 23, 0, tzinfo=UTC)
        winter_begin, _ = report.london_day_bounds(date(2026, 1, 1), date(2026, 1, 1))
        assert winter_begin == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


class TestSmallNumbers:
    """The rule itself is tested in tests/core/test_small_numbers.py."""

    def test_the_report_hides_small_numbers_from_real_ratings(self):
        for _ in range(10):
            rate(make_young_person(), "job", 3, 6)
        rate(make_young_person(), "job", 6, 3)
        row = row_for(report.distance_travelled(YEAR_AGO, TODAY, threshold=10), "job")
        assert (row.people.value, row.improved.value) == (11, 10)
        assert row.same.state == SMALL and row.lower.state == SMALL
        assert row.average_change == 2.5
