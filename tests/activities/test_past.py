"""Past activities from a programme's own table: the preview, the import, and the appendix of
a real programme's report brought in whole."""

import csv
import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.activities.factories import make_activity
from tests.factories import log_in, make_admin, make_worker, make_young_person
from youthhub.activities import past, publishing, register
from youthhub.activities.models import Activity, ActivityKind
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.labels import who_attended_text

APPENDIX = Path(__file__).parent / "fixtures" / "appendix_activities.csv"


def rows_of(text):
    return past.read_past_activities(text)


def test_each_row_is_read_as_it_will_be_saved(app):
    rows = rows_of(
        "Date,Activity,Attended,Who attended,Professionals,Guests,Kind\n"
        "24th January 2024,MOJ prep and Meal,8,New and old members,,,meal\n"
        ",Ministry of Justice,12,Movement members,3,1,Meeting\n"
        "March 2022,Local Offer Re-design,8,Movement members,,,\n"
        "2022-04-05,Theatre trip,10,New and old members,,,trip\n"
    )
    assert [(r.day, r.month_only, r.title, r.attended, r.kind) for r in rows] == [
        (date(2024, 1, 24), False, "MOJ prep and Meal", 8, ActivityKind.MEAL),
        (date(2024, 1, 24), False, "Ministry of Justice", 12, ActivityKind.MEETING),
        (date(2022, 3, 1), True, "Local Offer Re-design", 8, ActivityKind.OTHER),
        (date(2022, 4, 5), False, "Theatre trip", 10, ActivityKind.TRIP),
    ]
    assert rows[1].young_people == 8  # 12 attended, 3 professionals and a guest
    assert all(row.will_be_added for row in rows)


@pytest.mark.parametrize(
    ("written", "day", "month_only"),
    [
        ("24ain Ionawr 2024", date(2024, 1, 24), False),  # a Welsh table
        ("1af Mawrth 2022", date(2022, 3, 1), False),
        ("3ydd Chwef 2023", date(2023, 2, 3), False),
        ("Gorffennaf 2023", date(2023, 7, 1), True),
        ("Medi 2023", date(2023, 9, 1), True),
        ("Sept 2023", date(2023, 9, 1), True),
        ("2nd Aug 2023", date(2023, 8, 2), False),
    ],
)
def test_months_are_read_in_welsh_and_english_whole_or_short(app, written, day, month_only):
    [row] = rows_of(f"Date,Activity,Attended\n{written},Bowling,6\n")
    assert (row.day, row.month_only, row.errors) == (day, month_only, [])


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("Someday,Bowling,6,New members", "Give the date or month"),
        ("31/02/2024,Bowling,6,New members", "Give the date or month"),
        ("2099-01-01,Bowling,6,New members", "still to come"),
        ("2024-01-01,,6,New members", "Give the activity's name."),
        ("2024-01-01,Bowling,six,New members", "Give how many attended as a whole number"),
        ("2024-01-01,Bowling,6,New members,5,3", "more than the number who attended"),
        ("2024-01-01,Bowling,6,New members,-1,", "whole numbers, or leave them empty"),
        ("2024-01-01,Bowling,6,New members,,,rave", "We don't know that kind"),
        ("2024-01-01,Bowling,6," + "x" * 81, "80 characters at most"),
    ],
)
def test_a_row_that_cant_be_saved_says_why_in_plain_words(app, line, error):
    [row] = rows_of(f"Date,Activity,Attended,Who attended,Professionals,Guests,Kind\n{line}\n")
    assert not row.will_be_added
    assert any(error in str(message) for message in row.errors), row.errors


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "The file is empty"),
        ("Name,Number\nBowling,6\n", "The first row must name the columns"),
        ("Date,Activity,Attended\n" + "2024-01-01,Bowling,6\n" * 2001, "more than 2000 rows"),
    ],
)
def test_a_file_that_cant_be_read_says_why(app, text, error):
    with pytest.raises(DomainError, match=error):
        rows_of(text)


def test_importing_the_same_file_twice_adds_nothing_twice(app):
    text = APPENDIX.read_text()
    admin = make_admin()
    first = past.import_past_activities(text, actor=admin)
    second = past.import_past_activities(text, actor=admin)
    assert first == (98, 0, 0)
    assert second == (0, 98, 0)
    assert db.session.scalar(select(func.count(Activity.id))) == 98
    assert all(row.already_imported for row in rows_of(text))


def test_only_an_admin_imports(app):
    with pytest.raises(NotAllowed):
        past.import_past_activities(APPENDIX.read_text(), actor=make_worker())


def _appendix():
    """The appendix's rows with each one's month (a blank date is the month above)."""
    month, rows = None, []
    with APPENDIX.open() as handle:
        for line in csv.DictReader(handle):
            if line["Date"]:  # "March 2022", or "24th January 2024" and its month
                words = line["Date"].split()
                month = " ".join(words[1:] if words[0][0].isdigit() else words)
            rows.append((month, line["Activity"], int(line["Attended"]), line["Who attended"]))
    return rows


def test_the_appendix_comes_in_whole(app):
    """Every row of the programme's own table (March 2022 to February 2024) keeps its attended
    figure and its who-attended words, and every month's total is the appendix's. Imported
    rows are headcounts, so nothing in them can be derived: the words are the programme's,
    including its own typo ("New and old embers") and "New YP and professionals"."""
    past.import_past_activities(APPENDIX.read_text(), actor=make_admin())
    table = activity_table.build(date(2022, 3, 1), date(2024, 2, 29))
    shown = [
        (
            f"{month.first_day:%B %Y}",
            row.activity.title,
            row.counts.attended,
            who_attended_text(row),
        )
        for month in table.months
        for row in month.rows
    ]
    expected = _appendix()
    # A month without a day is its first day, so the table lists the rows in the file's order.
    assert shown == expected
    monthly = Counter()
    for month_name, _, attended, _ in expected:
        monthly[month_name] += attended
    assert {f"{m.first_day:%B %Y}": m.subtotal.attended for m in table.months} == dict(monthly)
    assert table.totals.attended == sum(row[2] for row in expected) == 862
    assert table.reach == 0  # nobody's name came with them
    assert table.attendances == 862


def test_a_worker_records_a_past_activity_and_its_register_by_hand(app):
    worker, came = make_worker(), make_young_person()
    last_month = make_activity(title="Bowling", starts_in=-timedelta(days=30))
    register.add_walk_in(last_month, came, actor=worker)
    register.save_register(
        last_month, actor=worker, marks={came.id: True}, professionals=1, guests=0, unnamed=4
    )
    assert publishing  # creating it is the ordinary activity form: a past date is allowed
    db.session.commit()
    today = london_today()
    table = activity_table.build(date(today.year - 1, 1, 1), today)
    [row] = [row for month in table.months for row in month.rows if row.activity.title == "Bowling"]
    assert (row.counts.new_members, row.counts.unnamed, row.counts.professionals) == (1, 4, 1)


def test_the_admin_previews_then_imports(client):
    log_in(client, make_admin())
    text = (
        "Date,Activity,Attended,Who attended\n"
        "March 2022,Local Offer,8,Movement members\n"
        ",Broken,lots,\n"
    )
    page = client.post("/manage/reports/import", data={"text": text, "preview": "Preview"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 row will be added." in html and "Will be added" in html
    assert "Give how many attended as a whole number" in html
    assert db.session.scalar(select(func.count(Activity.id))) == 0  # a preview saves nothing
    done = client.post(
        "/manage/reports/import", data={"text": text, "confirm": "Import"}, follow_redirects=True
    )
    assert "1 past activity added. 1 row couldn&#39;t be added." in done.get_data(as_text=True)
    assert db.session.scalar(select(Activity.stated_who_attended)) == "Movement members"


def test_the_admin_uploads_a_file(client):
    log_in(client, make_admin())
    response = client.post(
        "/manage/reports/import",
        data={"upload": (io.BytesIO(APPENDIX.read_bytes()), "appendix.csv"), "preview": "Preview"},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "98 rows will be added." in html and "BCJ Fun Affair" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "preview": "Preview"}, "Choose a CSV file, or paste its text."),
        ({"text": "Name\nx\n", "preview": "Preview"}, "The first row must name the columns"),
    ],
)
def test_a_bad_file_is_explained_and_kept(client, data, message):
    log_in(client, make_admin())
    response = client.post("/manage/reports/import", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
