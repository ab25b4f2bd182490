"""Monitoring: goals' distance travelled per area and how many young people rated at all,
counted by hand at London's period edges; small numbers hidden; never a name or a goal's
words."""

from datetime import UTC, date, datetime

import pytest

from tests.factories import log_in, make_admin, make_evaluator, make_young_person
from tests.goals.factories import area, make_goal
from youthhub.core.csv import csv_text
from youthhub.core.small_numbers import HIDDEN, SMALL, Cell
from youthhub.extensions import db
from youthhub.goals.models import Rating
from youthhub.reports.monitoring import goals
from youthhub.reports.monitoring.period import Period
from youthhub.reports.views_monitoring import csv_rows

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))
DATES = "start=2025-04-01&end=2025-09-30"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rate(person, slug, *scored, note=None):
    for moment, score in scored:
        db.session.add(
            Rating(
                owner_id=person.id, area_id=area(slug).id, score=score, rated_at=moment, note=note
            )
        )
    db.session.commit()


@pytest.fixture
def ratings():
    people = [make_young_person(name=f"Planted {name}") for name in "ABCD"]
    # 00:30 on 1 April in London (this period), then later: up 4.
    rate(people[0], "job", (at(2025, 3, 31, 23, 30), 2), (at(2025, 6, 1, 12), 6))
    # 23:30 on 31 March in London (the period before) does not count as the first here.
    rate(
        people[1],
        "job",
        (at(2025, 3, 31, 22, 30), 9),
        (at(2025, 5, 1, 12), 5),
        (at(2025, 9, 30, 22, 30), 4),
    )
    rate(people[2], "happy", (at(2025, 7, 1, 12), 5), note="Planted words")  # once: rated at all
    rate(people[3], "job", (at(2025, 9, 30, 23, 30), 1))  # 1 October in London: after
    make_goal(people[2], title="Planted goal title")
    return people


def rows(section):
    return {row[0]: row[1:] for row in section.table("distance-travelled").rows}


def test_distance_travelled_and_who_rated(app, ratings):
    with app.test_request_context():
        section = goals.section(PERIOD, limit=0)
    found = {figure.label: (figure.now, figure.before) for figure in section.figures}
    assert found == {
        "Young people who rated where they are": (Cell(3), Cell(1)),
        "Ratings given": (5, 1),
    }
    areas = rows(section)
    assert areas["Being in a job"] == (Cell(2), Cell(1), Cell(0), Cell(1), 1.5)
    assert areas["Feeling happy"] == (Cell(0), Cell(0), Cell(0), Cell(0), goals.NOBODY)
    assert len(areas) == 8


def test_small_numbers_are_hidden(app, ratings):
    with app.test_request_context():
        section = goals.section(PERIOD, limit=10)
    found = {figure.label: (figure.now, figure.before) for figure in section.figures}
    assert found["Ratings given"] == (Cell(None, HIDDEN), Cell(None, HIDDEN))
    job = rows(section)["Being in a job"]
    assert job[0].state == SMALL and job[-1] == Cell(None, HIDDEN)


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_or_goal_words_on_the_page_or_in_the_csv(client, ratings, who):
    log_in(client, who())
    page = client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)
    assert "Distance travelled, by area" in page
    csv = client.get(f"/manage/monitoring/goals/distance-travelled.csv?{DATES}")
    assert csv.status_code == 200
    assert "Planted" not in page + csv.get_data(as_text=True)


class TestCsv:
    """The section's CSV as the monitoring page downloads it."""

    def csv(self, app, threshold):
        with app.test_request_context():
            table = goals.section(PERIOD, limit=threshold).table("distance-travelled")
            return csv_text(csv_rows(table, threshold))

    def test_the_csv_matches_the_screen_and_has_no_names(self, app):
        for number in range(3):
            person = make_young_person(name=f"Secret Name {number}")
            rate(person, "job", (at(2025, 5, 1), 3), (at(2025, 6, 1), 6))
        lines = self.csv(app, 3).splitlines()
        assert lines[0] == (
            "Area,Young people who rated at least twice,Improved,Same,Lower,Average change"
        )
        assert "Being in a job,3,3,fewer than 3,fewer than 3,3.0" in lines
        assert "Feeling happy,fewer than 3,hidden,hidden,hidden,hidden" in lines
        assert "Secret" not in "\n".join(lines)

    def test_area_names_cannot_become_spreadsheet_formulas(self, app):
        happy = area("happy")
        happy.names = {"en": "=HYPERLINK(1)"}
        db.session.commit()
        assert "'=HYPERLINK(1)" in self.csv(app, 10)

    def test_a_fall_stays_a_number_a_spreadsheet_can_add_up(self, app):
        for _ in range(3):
            rate(make_young_person(), "job", (at(2025, 5, 1), 6), (at(2025, 6, 1), 3))
        assert "Being in a job,3,fewer than 3,fewer than 3,3,-3.0" in self.csv(app, 3)
