"""Monitoring: equality answers of the young people who came, counted by hand on built data at
London's period edges; the period before beside it; small numbers hidden with their
complement; the same number of queries as the data grows."""

from datetime import date

import pytest

from tests.factories import log_in, make_admin, make_evaluator, make_young_person
from tests.reports.test_monitoring_reach import URL, at, came
from tests.support.queries import count_queries
from youthhub.accounts import equality
from youthhub.core.small_numbers import HIDDEN, SMALL, Cell
from youthhub.extensions import db
from youthhub.reports.monitoring import came as came_module
from youthhub.reports.monitoring import equality as equality_section
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))  # the period before: Oct 2024 to Mar 2025


def answered(person, **answers):
    equality.save_answers(person, answers, actor=person)
    db.session.commit()
    return person


@pytest.fixture
def history():
    """Four came in the period: A (every question), B (at 00:30 on 1 July London time), C (no
    answers), G (at 00:30 on 1 April London time: this period, not the one before). D came
    only in the period before; E answered but never came; F came only to a cancelled session."""
    people = {name: make_young_person(name=f"Planted {name}") for name in "ABCDEFG"}
    answered(
        people["A"],
        age_band="18-21",
        ethnicity="asian-indian",
        gender="woman",
        disability="no",
        care_status="care-leaver",
        parent="prefer-not",
    )
    answered(people["B"], ethnicity="black-african", gender="prefer-not")
    answered(people["D"], ethnicity="white-british", age_band="22-25")
    answered(people["E"], ethnicity="white-irish")
    answered(people["F"], ethnicity="white-roma")
    answered(people["G"], ethnicity="mixed-other", care_status="in-care")
    came(people["A"], at(2025, 5, 5, 18), at(2025, 5, 12, 18))
    came(people["B"], at(2025, 6, 30, 23, 30))
    came(people["C"], at(2025, 9, 30, 18))
    came(people["D"], at(2025, 3, 10, 18))
    came(people["F"], at(2025, 6, 3, 18), cancelled_at=at(2025, 6, 1))
    came(people["G"], at(2025, 3, 31, 23, 30))
    return people


def rows(section, question):
    table = section.table(f"equality-{question.replace('_', '-')}")
    return {row[0]: row[1:] for row in table.rows}


def cells(*values):
    return tuple(Cell(value) for value in values)


class TestCounting:
    def test_who_came_and_who_answered(self, app, history):
        with app.test_request_context():
            section = equality_section.section(PERIOD, limit=0)
        figures = [(figure.now, figure.before) for figure in section.figures]
        assert figures == [(Cell(4), Cell(1)), (Cell(3), Cell(1))]

    def test_ethnicity_by_the_five_groups(self, app, history):
        with app.test_request_context():
            ethnicity = rows(equality_section.section(PERIOD, limit=0), "ethnicity")
        assert list(ethnicity) == [
            "Asian, Asian British or Asian Welsh",
            "Black, Black British, Black Welsh, Caribbean or African",
            "Mixed or Multiple ethnic groups",
            "White",
            "Other ethnic group",
            "Prefer not to say",
            "Not answered",
            "All young people who came",
        ]
        now = [value[0] for value in ethnicity.values()]
        before = [value[1] for value in ethnicity.values()]
        assert now == list(cells(1, 1, 1, 0, 0, 0, 1, 4))
        assert before == list(cells(0, 0, 0, 1, 0, 0, 0, 1))

    def test_each_question_adds_up_to_who_came(self, app, history):
        with app.test_request_context():
            section = equality_section.section(PERIOD, limit=0)
        assert rows(section, "age_band") == {
            "16 to 17": cells(0, 0),
            "18 to 21": cells(1, 0),
            "22 to 25": cells(0, 1),
            "Over 25": cells(0, 0),
            "Prefer not to say": cells(0, 0),
            "Not answered": cells(3, 0),
            "All young people who came": cells(4, 1),
        }
        gender = rows(section, "gender")
        assert [value[0] for value in gender.values()] == list(cells(1, 0, 0, 0, 1, 2, 4))
        care = rows(section, "care_status")
        assert [value[0] for value in care.values()] == list(cells(1, 1, 0, 2, 4))
        parent = rows(section, "parent")
        assert [value[0] for value in parent.values()] == list(cells(0, 0, 1, 3, 4))


class TestSmallNumbers:
    def test_small_counts_are_hidden_and_so_is_their_complement(self, app):
        for _ in range(12):
            came(answered(make_young_person(), parent="yes"), at(2025, 5, 5, 18))
        for _ in range(11):
            came(answered(make_young_person(), parent="no"), at(2025, 5, 5, 18))
        for _ in range(10):
            came(answered(make_young_person(), parent="prefer-not"), at(2025, 5, 5, 18))
        came(make_young_person(), at(2025, 5, 5, 18))
        with app.test_request_context():
            section = equality_section.section(PERIOD, limit=10)
        parent = rows(section, "parent")
        now = {label: value[0] for label, value in parent.items()}
        assert now["All young people who came"] == Cell(34)
        assert now["Not answered"].state == SMALL
        # With only one small part, the next smallest is hidden too: 34 - 12 - 11 can't give it.
        assert now["Prefer not to say"].state == HIDDEN
        assert (now["Yes"], now["No"]) == (Cell(12), Cell(11))
        # Nobody came the period before: the total is small, and every part is hidden with it.
        before = [value[1] for value in parent.values()]
        assert before[-1].state == SMALL and {cell.state for cell in before[:-1]} == {HIDDEN}

    def test_the_page_and_csv_say_fewer_than_ten(self, client, history):
        log_in(client, make_admin())
        page = client.get(URL).get_data(as_text=True)
        assert "Equality monitoring" in page and "What is your ethnic group?" in page
        csv = client.get(
            "/manage/monitoring/equality/equality-ethnicity.csv?start=2025-04-01&end=2025-09-30"
        ).get_data(as_text=True)
        # Four came: every answer is hidden with its small total.
        assert "White,hidden,hidden" in csv.splitlines()
        assert "All young people who came,fewer than 10,fewer than 10" in csv.splitlines()


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_or_detailed_answer_on_the_page_or_in_any_csv(client, history, who):
    log_in(client, who())
    texts = [client.get(URL).get_data(as_text=True)]
    for question in equality.QUESTION_KEYS:
        response = client.get(
            f"/manage/monitoring/equality/equality-{question.replace('_', '-')}.csv"
            "?start=2025-04-01&end=2025-09-30"
        )
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    found = [text for text in texts if "Planted" in text or "Indian" in text or "Roma" in text]
    assert found == []


def test_the_queries_stay_the_same_as_the_answers_grow(client):
    log_in(client, make_admin())
    address = "/manage/monitoring/equality/equality-gender.csv?start=2025-04-01&end=2025-09-30"
    came(answered(make_young_person(), gender="woman"), at(2025, 5, 5, 18))
    with count_queries(db.engine) as small:
        assert client.get(address).status_code == 200
    for _ in range(12):
        came(answered(make_young_person(), gender="man"), at(2025, 5, 5, 18), at(2025, 6, 5, 18))
    with count_queries(db.engine) as large:
        assert client.get(address).status_code == 200
    assert len(large) == len(small)


def test_who_came_is_who_the_reach_section_counts(app, history):
    with app.test_request_context():
        loaded = came_module.load(PERIOD.previous.low, PERIOD.high)
        for period in (PERIOD, PERIOD.previous):
            asked = came_module.who_came(PERIOD, period.low, period.high)
            expected = loaded.people_query(period.low, period.high)
            assert sorted(db.session.scalars(asked)) == sorted(db.session.scalars(expected))
        assert (
            len(list(db.session.scalars(came_module.who_came(PERIOD, PERIOD.low, PERIOD.high))))
            == 4
        )
