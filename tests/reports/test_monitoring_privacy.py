"""Monitoring never shows a person: with names, goals' words, notes and claims' words planted in a
busy programme, nothing of them is on the monitoring page, in any section's CSV or in the board's
PDF, for an admin or an evaluator. Every section is walked, so a new one is checked too."""

from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.endings.pdfs import pdf_text
from tests.factories import (
    log_in,
    make_admin,
    make_approved_claim,
    make_evaluator,
    make_worker,
    make_young_person,
)
from tests.goals.factories import make_goal, make_rating
from youthhub.core import small_numbers
from youthhub.core.time import london_today, utcnow
from youthhub.reports.monitoring import sections
from youthhub.reports.monitoring.period import Period

PLANTED = ("Zephyrine", "Quillon", "Secret goal words", "Secret rating note", "Secret claim words")


@pytest.fixture
def busy_programme():
    worker = make_worker(name="Quillon Worker")
    people = [make_young_person(name=f"Zephyrine {n}") for n in range(12)]
    for days_ago in (40, 20, 5):
        activity = make_activity(starts_at=utcnow() - timedelta(days=days_ago))
        for person in people:
            make_attendance(activity, person)
    for person in people[:3]:
        make_goal(person, title="Secret goal words", notes="Secret goal words too")
        make_rating(person, 4, note="Secret rating note", days_ago=30)
        make_rating(person, 7, note="Secret rating note", days_ago=2)
        make_approved_claim(person, worker, description="Secret claim words")
    return people


def every_table(app) -> list[tuple[str, str]]:
    today = london_today()
    with app.test_request_context():
        built = sections.build(
            Period(today - timedelta(days=364), today), small_numbers.threshold()
        )
    return [(section.key, table.key) for section in built for table in section.tables]


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_nothing_personal_on_the_page_in_any_csv_or_in_the_board_report(
    app, client, busy_programme, who
):
    log_in(client, who())
    texts = {"page": client.get("/manage/monitoring").get_data(as_text=True)}
    for section, table in every_table(app):
        response = client.get(f"/manage/monitoring/{section}/{table}.csv")
        assert response.status_code == 200, (section, table)
        texts[f"{section}/{table}"] = response.get_data(as_text=True)
    for lang in ("en", "cy"):
        texts[f"board {lang}"] = pdf_text(
            client.get(f"/manage/monitoring/board.pdf?lang={lang}").data
        )
    found = {where: word for where, text in texts.items() for word in PLANTED if word in text}
    assert found == {}
    assert len(texts) > 4  # the walk reached the CSVs


def test_the_planted_words_would_be_found(app, client, busy_programme):
    """The scan above can see: the same words are on the staff pages that may show them."""
    log_in(client, make_admin())
    people_page = client.get("/manage/people").get_data(as_text=True)
    assert "Zephyrine" in people_page
