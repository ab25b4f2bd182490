"""Monitoring: support given, counted by hand per kind and by month; small numbers hidden with
the times given; no name on the page or in a CSV; the same number of queries as data grows."""

from datetime import date

import pytest

from tests.factories import log_in, make_admin, make_evaluator, make_worker, make_young_person
from tests.support.queries import count_queries
from youthhub.core.small_numbers import HIDDEN, SMALL, Cell
from youthhub.extensions import db
from youthhub.reports.monitoring import support
from youthhub.reports.monitoring.period import Period
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.models import SupportGiven
from youthhub.support.services import retire_kind

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))
DATES = "start=2025-04-01&end=2025-09-30"


@pytest.fixture
def kinds(app):
    return ensure_default_kinds()


def give(person, kind, *days):
    for day in days:
        db.session.add(SupportGiven(person_id=person.id, kind=kind, given_on=day))
    db.session.commit()


@pytest.fixture
def history(kinds):
    """A: two journey bags (31 March, the day before the period; 1 April, its first day) and
    housing advice on 30 September (its last day). B: a journey bag twice in May and a
    Lifelong Links referral on 1 October (after the period). C: housing advice on 30 April."""
    bag, links, housing = kinds
    a, b, c = (make_young_person(name=f"Planted {name}") for name in "ABC")
    give(a, bag, date(2025, 3, 31), date(2025, 4, 1))
    give(a, housing, date(2025, 9, 30))
    give(b, bag, date(2025, 5, 2), date(2025, 5, 30))
    give(b, links, date(2025, 10, 1))
    give(c, housing, date(2025, 4, 30))
    return kinds


def by_kind(section):
    return {row[0]: row[1:] for row in section.table("support-by-kind").rows}


def by_month(section):
    return {row[:2]: row[2:] for row in section.table("support-by-month").rows}


def test_per_kind_this_period_and_the_one_before(app, history):
    with app.test_request_context():
        section = support.section(PERIOD, limit=0)
    assert [(figure.now, figure.before) for figure in section.figures] == [
        (Cell(3), Cell(1)),
        (5, 1),
    ]
    assert by_kind(section) == {
        "Journey bag given": (Cell(2), 3, Cell(1), 1),
        "Lifelong Links referral": (Cell(0), 0, Cell(0), 0),
        "Housing advice": (Cell(2), 2, Cell(0), 0),
    }


def test_by_month_at_the_edges(app, history):
    with app.test_request_context():
        months = by_month(support.section(PERIOD, limit=0))
    assert len(months) == 6 * 3
    assert months[("Apr 2025", "Journey bag given")] == (Cell(1), 1)
    assert months[("Apr 2025", "Housing advice")] == (Cell(1), 1)
    assert months[("May 2025", "Journey bag given")] == (Cell(1), 2)
    assert months[("Sept 2025", "Housing advice")] == (Cell(1), 1)
    assert months[("Sept 2025", "Lifelong Links referral")] == (Cell(0), 0)


def test_a_retired_kind_shows_only_where_it_was_given(app, history):
    admin = make_admin()
    retire_kind(history[1], actor=admin)  # Lifelong Links: given only after the period
    retire_kind(history[0], actor=admin)
    with app.test_request_context():
        names = list(by_kind(support.section(PERIOD, limit=0)))
    assert names == ["Journey bag given", "Housing advice"]


def test_small_numbers_hide_the_times_given_with_them(app, history):
    bag = history[0]
    for _ in range(10):
        give(make_young_person(), bag, date(2025, 6, 5))
    with app.test_request_context():
        section = support.section(PERIOD, limit=10)
    assert by_kind(section)["Journey bag given"][:2] == (Cell(12), 13)
    people, times = by_kind(section)["Housing advice"][:2]
    assert people.state == SMALL and times == Cell(None, HIDDEN)
    assert by_month(section)[("Jun 2025", "Journey bag given")] == (Cell(10), 10)


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_on_the_page_or_in_any_csv(client, history, who):
    log_in(client, who())
    texts = [client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)]
    assert "Journey bag given" in texts[0]
    for table in ("support-by-kind", "support-by-month"):
        response = client.get(f"/manage/monitoring/support/{table}.csv?{DATES}")
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    assert "Housing advice,fewer than 10,hidden,fewer than 10,hidden" in texts[1].splitlines()
    assert not [text for text in texts if "Planted" in text]


def test_the_queries_stay_the_same_as_the_data_grows(client, kinds):
    log_in(client, make_admin())
    give(make_young_person(), kinds[0], date(2025, 5, 1))
    url = f"/manage/monitoring?{DATES}"
    with count_queries(db.engine) as small:
        assert client.get(url).status_code == 200
    for month in range(4, 10):
        for kind in kinds:
            give(make_young_person(), kind, date(2025, month, 3), date(2025, month, 20))
    with count_queries(db.engine) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_a_worker_cannot_see_it(client):
    log_in(client, make_worker())
    assert client.get(f"/manage/monitoring/support/support-by-kind.csv?{DATES}").status_code == 403
