"""Monitoring: who came, counted by hand on built data, at London's month edges; small numbers
hidden; nobody's name on the page or in a CSV; the same number of queries as the data grows."""

from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.activities.factories import make_activity, make_attendance
from tests.endings.pdfs import tagged
from tests.factories import log_in, make_admin, make_evaluator, make_worker, make_young_person
from tests.support.queries import count_queries
from youthhub.core.small_numbers import HIDDEN, SMALL, Cell
from youthhub.core.time import utcnow
from youthhub.endings.models import Ending
from youthhub.extensions import db
from youthhub.reports.monitoring import reach
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))
URL = "/manage/monitoring?start=2025-04-01&end=2025-09-30"
BOARD = "/manage/monitoring/board.pdf?start=2025-04-01&end=2025-09-30"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def came(person, *moments, **fields):
    for moment in moments:
        make_attendance(make_activity(starts_at=moment, **fields), person)


@pytest.fixture
def history():
    """A March starter who comes back in April, two July starters (one only at 00:30 on 1 July
    London time), a May starter who comes twice, a no-show, four young people counted without
    a name, and a cancelled session that counts for nobody."""
    people = {name: make_young_person(name=f"Planted {name}") for name in "ABCDE"}
    came(people["A"], at(2025, 3, 10, 18), at(2025, 4, 15, 18))
    came(people["B"], at(2025, 6, 30, 23, 30), at(2025, 11, 1, 18))  # 1 July in London
    came(people["C"], at(2025, 7, 10, 18), at(2025, 8, 1, 18))
    came(people["E"], at(2025, 5, 5, 18), at(2025, 5, 12, 18))
    make_attendance(make_activity(starts_at=at(2025, 5, 6, 18)), people["D"], attended=False)
    make_activity(starts_at=at(2025, 5, 20, 18), unnamed_young_people=4)
    came(people["D"], at(2025, 6, 3, 18), cancelled_at=at(2025, 6, 1))
    return people


def figures(section):
    return {figure.label: (figure.now, figure.before) for figure in section.figures}


def rows(section, key):
    return {row[0]: row[1:] for row in section.table(key).rows}


class TestCounting:
    def test_the_period_and_the_one_before(self, app, history):
        with app.test_request_context():
            section = reach.section(PERIOD, limit=0)
            found = list(figures(section).values())
        assert [now for now, _ in found[:5]] == [Cell(4), Cell(3), Cell(1), 6, Cell(4)]
        assert [before for _, before in found[:5]] == [Cell(1), Cell(1), Cell(0), 1, Cell(0)]
        # B never came back within three months; C and E did; A did in the period before.
        assert found[5] == ("67%", "100%")

    def test_by_month_in_london_time(self, app, history):
        with app.test_request_context():
            months = rows(reach.section(PERIOD, limit=0), "reach-by-month")
        assert list(months) == [
            "Apr 2025",
            "May 2025",
            "Jun 2025",
            "Jul 2025",
            "Aug 2025",
            "Sept 2025",
        ]
        assert months["Apr 2025"] == (Cell(1), Cell(0), Cell(1), 1, Cell(0))
        assert months["May 2025"] == (Cell(1), Cell(1), Cell(0), 2, Cell(4))
        assert months["Jun 2025"] == (Cell(0), Cell(0), Cell(0), 0, Cell(0))
        assert months["Jul 2025"] == (Cell(2), Cell(2), Cell(0), 2, Cell(0))
        assert months["Aug 2025"] == (Cell(1), Cell(0), Cell(1), 1, Cell(0))

    def test_by_quarter(self, app, history):
        with app.test_request_context():
            quarters = rows(reach.section(PERIOD, limit=0), "reach-by-quarter")
        assert list(quarters.values()) == [
            (Cell(2), Cell(1), Cell(1), 3, Cell(4)),
            (Cell(2), Cell(2), Cell(0), 3, Cell(0)),
        ]

    def test_retention_by_month(self, app, history):
        with app.test_request_context():
            months = rows(reach.section(PERIOD, limit=0), "retention")
        assert months["May 2025"] == (Cell(1), Cell(1), "100%")
        assert months["Jul 2025"] == (Cell(2), Cell(1), "50%")
        assert months["Jun 2025"] == (Cell(0), Cell(0), reach.NO_SHARE)

    def test_a_month_not_three_months_old_is_not_known_yet(self, app):
        today = utcnow().date()
        recent = Period(today.replace(day=1), today)
        came(make_young_person(), utcnow() - timedelta(minutes=5))
        with app.test_request_context():
            (row,) = reach.section(recent, limit=0).table("retention").rows
        assert row[1] == Cell(1)
        assert row[2:] == ("not known yet", "not known yet")


class TestSmallNumbers:
    def test_a_small_part_hides_its_neighbour_and_what_it_describes(self, app):
        for _ in range(12):
            came(make_young_person(), at(2025, 5, 5, 18))
        for _ in range(2):
            came(make_young_person(), at(2025, 3, 5, 18), at(2025, 5, 5, 19))
        with app.test_request_context():
            section = reach.section(PERIOD, limit=10)
        reach_cell, new, returning, attendances, _unnamed = rows(section, "reach-by-month")[
            "May 2025"
        ]
        assert reach_cell == Cell(14)
        assert (new.state, returning.state) == (HIDDEN, SMALL)
        assert attendances == 14
        april = rows(section, "reach-by-month")["Apr 2025"]
        assert april[0].state == SMALL and april[3] == Cell(None, HIDDEN)

    def test_the_page_and_csv_say_fewer_than_ten(self, client, history):
        log_in(client, make_admin())
        page = client.get(URL).get_data(as_text=True)
        assert "fewer than 10" in page
        csv = client.get(
            "/manage/monitoring/reach/reach-by-month.csv?start=2025-04-01&end=2025-09-30"
        ).get_data(as_text=True)
        assert "May 2025,fewer than 10,hidden,hidden,hidden,fewer than 10" in csv.splitlines()


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_on_the_page_or_in_any_csv(client, history, who):
    log_in(client, who())
    texts = [client.get(URL).get_data(as_text=True)]
    for table in ("reach-by-month", "reach-by-quarter", "retention"):
        response = client.get(
            f"/manage/monitoring/reach/{table}.csv?start=2025-04-01&end=2025-09-30"
        )
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    assert not [text for text in texts if "Planted" in text]


def test_an_unknown_table_is_not_found(client):
    log_in(client, make_evaluator())
    assert client.get("/manage/monitoring/reach/nothing.csv").status_code == 404
    assert client.get("/manage/monitoring/nothing/reach-by-month.csv").status_code == 404


def test_bad_dates_get_a_message_and_the_last_twelve_months(client):
    log_in(client, make_evaluator())
    page = client.get("/manage/monitoring?start=2025-13-01&end=x").get_data(as_text=True)
    assert "Enter dates like 2026-04-01" in page


def test_an_evaluator_lands_on_the_monitoring_and_sees_only_its_menu(client):
    log_in(client, make_evaluator())
    response = client.get("/")
    assert response.headers["Location"].endswith("/manage/monitoring")
    page = client.get("/manage/monitoring").get_data(as_text=True)
    assert "Monitoring" in page
    assert "Staff home" not in page and "Activity table" not in page
    assert client.get("/whats-on").status_code == 403


def _more_history(people, sessions):
    for _ in range(people):
        person = make_young_person()
        came(person, *(at(2025, month, 10, 18) for month in range(4, 4 + sessions)))


def test_the_queries_stay_the_same_as_the_history_grows(client):
    log_in(client, make_worker())  # not allowed: checked below
    assert client.get(URL).status_code == 403
    log_in(client, make_admin())
    _more_history(1, 1)
    with count_queries(db.engine) as small:
        assert client.get(URL).status_code == 200
    _more_history(15, 5)
    with count_queries(db.engine) as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)


def pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)


class TestBoardReport:
    def test_figures_celebrations_shared_words_and_the_appendix(self, client, history):
        shared = (history["C"], True, "Say yes to the trips")
        private = (history["B"], False, "Private words")
        for person, share, message in (shared, private):
            ending = db.session.scalar(select(Ending).where(Ending.person_id == person.id))
            ending.message_for_members, ending.share_message = message, share
            ending.plan_updated_at = at(2025, 7, 2, 12)
            ending.graduated_on = date(2025, 7, 20)
        db.session.commit()
        log_in(client, make_evaluator())
        response = client.get(
            "/manage/monitoring/board.pdf?start=2025-04-01&end=2025-09-30&lang=en"
        )
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        text = pdf_text(response)
        assert "Board report" in text
        assert "Young people who came (known by name)" in text
        assert "Say yes to the trips" in text and "Private words" not in text
        assert "20 July 2025" in text  # the graduation day, its two graduates counted, not named
        assert "Appendix: activities by month" in text
        assert "fewer than 10" in text
        assert "Planted" not in text

    def test_in_welsh(self, client, history):
        log_in(client, make_admin())
        text = pdf_text(
            client.get("/manage/monitoring/board.pdf?start=2025-04-01&end=2025-09-30&lang=cy")
        )
        assert "Adroddiad y bwrdd" in text and "Pwy ddaeth" in text
        assert "Who came" not in text


def test_the_board_report_is_tagged_for_screen_readers_in_its_language(client, history):
    log_in(client, make_admin())
    pdf = tagged(client.get(f"{BOARD}&lang=cy").data)
    assert pdf.marked and pdf.shows_title
    assert pdf.language == "cy"
    assert pdf.title.startswith("Adroddiad y bwrdd")
    assert "Table" in pdf.structure and "H1" in pdf.structure
    assert "Pobl ifanc a ddaeth bob mis" in pdf.figures  # the chart's alternative text


def test_the_appendix_puts_a_months_sessions_of_one_activity_on_one_line(app):
    from youthhub.reports import board

    for day in (3, 10, 17):
        activity = make_activity(title="Vibes in the Kitchen", starts_at=at(2025, 6, day, 17))
        for _ in range(day // 3):
            make_attendance(activity, make_young_person())
    make_activity(title="Bowling", starts_at=at(2025, 6, 20, 17), unnamed_young_people=4)
    with app.test_request_context():
        (june,), total = board.appendix(Period(date(2025, 6, 1), date(2025, 6, 30)), limit=0)
    assert [(row.title, row.sessions, row.attended) for row in june.rows] == [
        ("Vibes in the Kitchen", 3, Cell(1 + 3 + 5)),
        ("Bowling", 1, Cell(4)),
    ]
    assert june.rows[0].who == "New members"
    assert total == june.subtotal == Cell(13)
