"""Monitoring: endings, counted by hand on built data at London's month edges; small numbers
hidden; no name on the page or in the CSV; the same number of queries as the data grows."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import log_in, make_admin, make_certificate, make_evaluator, make_young_person
from tests.support.queries import count_queries
from youthhub.core.small_numbers import SMALL, Cell
from youthhub.core.time import london_today
from youthhub.endings.queries import ending_of
from youthhub.extensions import db
from youthhub.reports.monitoring import endings
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))
DATES = "start=2025-04-01&end=2025-09-30"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ending(person, **fields):
    found = ending_of(person)
    for name, value in fields.items():
        setattr(found, name, value)
    db.session.commit()
    return found


def certificate(issued_at, revoked_at=None):
    made = make_certificate(make_young_person(name="Planted Graduate"))
    made.issued_at, made.revoked_at = issued_at, revoked_at
    ending(made.person, graduated_on=None)
    return made


@pytest.fixture
def history():
    """A: ending planned on the period's first day, plan written at 00:30 on 1 April in London
    (still 31 March in UTC). B: ending planned the day before the period, graduated on its
    last day. C: plan written at 00:30 on 1 July in London, and again (counted once). A
    certificate issued at 00:30 on 1 August in London and revoked at 23:30 on 30 September; one
    issued in March; one revoked at 00:30 on 1 October in London (after the period)."""
    a, b, c = (make_young_person(name=f"Planted {name}") for name in "ABC")
    ending(a, planned_on=date(2025, 4, 1), plan_updated_at=at(2025, 3, 31, 23, 30))
    ending(b, planned_on=date(2025, 3, 31), graduated_on=date(2025, 9, 30))
    ending(c, plan_updated_at=at(2025, 6, 30, 23, 30))
    certificate(at(2025, 7, 31, 23, 30), revoked_at=at(2025, 9, 30, 22, 30))
    certificate(at(2025, 3, 10, 12))
    certificate(at(2025, 5, 10, 12), revoked_at=at(2025, 9, 30, 23, 30))


def figures(section):
    return [(figure.now, figure.before) for figure in section.figures]


def months(section):
    return {row[0]: row[1:] for row in section.table("endings-by-month").rows}


def test_the_period_and_the_one_before(app, history):
    with app.test_request_context():
        found = figures(endings.section(PERIOD, limit=0))
    assert found == [
        (Cell(1), Cell(1)),  # planned endings reached: A; B the day before
        (Cell(2), Cell(0)),  # plans written: A (1 April in London), C
        (Cell(1), Cell(0)),  # graduations: B
        (Cell(2), Cell(1)),  # certificates issued: August and May; March before
        (Cell(1), Cell(0)),  # revoked: 30 September only; 1 October is after
    ]


def test_by_month_in_london_time(app, history):
    with app.test_request_context():
        found = months(endings.section(PERIOD, limit=0))
    assert list(found) == ["Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sept 2025"]
    assert found["Apr 2025"] == (Cell(1), Cell(1), Cell(0), Cell(0), Cell(0))
    assert found["May 2025"] == (Cell(0), Cell(0), Cell(0), Cell(1), Cell(0))
    assert found["Jun 2025"] == (Cell(0),) * 5
    assert found["Jul 2025"] == (Cell(0), Cell(1), Cell(0), Cell(0), Cell(0))
    assert found["Aug 2025"] == (Cell(0), Cell(0), Cell(0), Cell(1), Cell(0))
    assert found["Sept 2025"] == (Cell(0), Cell(0), Cell(1), Cell(0), Cell(1))


def test_a_planned_ending_still_to_come_is_not_reached(app):
    today = london_today()
    ending(make_young_person(), planned_on=today + timedelta(days=1))
    ending(make_young_person(), planned_on=today)
    with app.test_request_context():
        found = figures(endings.section(Period(today - timedelta(days=5), today + timedelta(5)), 0))
    assert found[0][0] == Cell(1)


def test_small_numbers_are_hidden(app, history):
    for _ in range(10):
        ending(make_young_person(), plan_updated_at=at(2025, 5, 5, 12))
    with app.test_request_context():
        section = endings.section(PERIOD, limit=10)
    assert figures(section)[1][0] == Cell(12)
    assert figures(section)[0][0].state == SMALL
    assert months(section)["May 2025"][1] == Cell(10)
    assert months(section)["Apr 2025"][1].state == SMALL


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_on_the_page_or_in_the_csv(client, history, who):
    log_in(client, who())
    page = client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)
    assert "Ending plans written" in page
    csv = client.get(f"/manage/monitoring/endings/endings-by-month.csv?{DATES}")
    assert csv.status_code == 200
    assert "Aug 2025,fewer than 10" in csv.get_data(as_text=True)
    assert not [text for text in (page, csv.get_data(as_text=True)) if "Planted" in text]


def test_the_queries_stay_the_same_as_the_data_grows(client):
    log_in(client, make_admin())
    certificate(at(2025, 5, 10, 12))
    url = f"/manage/monitoring?{DATES}"
    with count_queries(db.engine) as small:
        assert client.get(url).status_code == 200
    for day in range(1, 6):
        certificate(at(2025, 6, day, 12), revoked_at=at(2025, 7, day, 12))
        ending(make_young_person(), planned_on=date(2025, 8, day), graduated_on=date(2025, 8, day))
    with count_queries(db.engine) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
