"""What's on shows a fortnight at a time (issue 19): the next two weeks first (fewer whole days
when they hold more than a phone's worth of sessions), then plain links to later and earlier
pages that keep the filters; any ?start= gets a page; the same queries however many sessions are
planned."""

import re
from datetime import UTC, datetime, time, timedelta
from html import unescape

import pytest

from tests.activities.factories import make_activity
from tests.core.test_query_counts import queries_for
from tests.factories import log_in, make_young_person
from youthhub.activities.queries import WHATS_ON_MOST
from youthhub.core.time import LONDON, london_today


def text(response) -> str:
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def later_link(html: str) -> str | None:
    found = re.search(r'<a class="action-link" rel="next" href="([^"]+)"', html)
    return found and found.group(1).replace("&amp;", "&")


@pytest.fixture
def young(client):
    person = make_young_person()
    log_in(client, person)
    return person


def test_the_next_fortnight_first_then_later_ones_by_link(client, young):
    make_activity(title="Soon workshop", starts_in=timedelta(days=3))
    make_activity(title="Trip in three weeks", starts_in=timedelta(days=20))
    fortnight_on = london_today() + timedelta(days=14)

    first = client.get("/whats-on")
    assert "Soon workshop" in text(first) and "Trip in three weeks" not in text(first)
    assert "Show later sessions" in text(first) and "Show earlier sessions" not in text(first)
    assert later_link(first.get_data(as_text=True)) == f"/whats-on?start={fortnight_on}"

    later = text(client.get(f"/whats-on?start={fortnight_on}"))
    assert "Trip in three weeks" in later and "Soon workshop" not in later
    assert "Show earlier sessions" in later and "Show later sessions" not in later


def test_a_quiet_fortnight_still_links_on_to_what_comes_later(client, young):
    make_activity(title="Summer trip", starts_in=timedelta(days=40))
    html = text(client.get("/whats-on"))
    assert "Nothing on up to" in html and "Show later sessions" in html
    assert "Summer trip" not in html


def test_the_links_keep_the_filters(client, young):
    make_activity(title="Far trip", kind="trip", starts_in=timedelta(days=20))
    make_activity(title="Far meal", kind="meal", starts_in=timedelta(days=20))
    first = client.get("/whats-on?kind=trip").get_data(as_text=True)
    link = later_link(first)
    assert "kind=trip" in link
    later = text(client.get(link))
    assert "Far trip" in later and "Far meal" not in later


@pytest.mark.parametrize(
    "start", ["yesterday", "2001-01-01", "2999-01-01", "2026-13-45", "", "9" * 40]
)
def test_any_start_asked_for_gets_the_coming_fortnight(client, young, start):
    make_activity(title="Soon workshop", starts_in=timedelta(days=3))
    html = text(client.get(f"/whats-on?start={start}"))
    assert "Soon workshop" in html and "Show earlier sessions" not in html


def test_the_same_queries_however_many_sessions_are_planned(client, young):
    make_activity(starts_in=timedelta(days=2))
    few = queries_for(client, "/whats-on")
    for days in range(1, 40, 2):
        make_activity(starts_in=timedelta(days=days))
    assert queries_for(client, "/whats-on") == few
    assert queries_for(client, f"/whats-on?start={london_today() + timedelta(days=14)}") == few


def test_a_busy_fortnight_shows_whole_days_up_to_a_phones_worth_then_links_on(client, young):
    a_day = 4  # sessions a day, so the cut falls inside a day
    days = WHATS_ON_MOST // a_day + 2
    for day in range(1, days + 1):
        for hour in range(a_day):
            make_activity(title=f"Day {day} at {10 + hour}", starts_at=afternoon_on(day, hour))
    first = client.get("/whats-on").get_data(as_text=True)
    shown = set(re.findall(r"Day (\d+) at (\d+)", unescape(first)))
    whole_days = WHATS_ON_MOST // a_day
    assert shown == {
        (str(day), str(10 + hour)) for day in range(1, whole_days + 1) for hour in range(a_day)
    }
    assert later_link(first) == f"/whats-on?start={london_today() + timedelta(days=whole_days + 1)}"
    rest = unescape(client.get(later_link(first)).get_data(as_text=True))
    assert f"Day {whole_days + 1} at 10" in rest and "Day 1 at 10" not in rest


def test_a_day_busier_than_a_page_is_shown_whole_and_the_next_page_starts_after_it(client, young):
    # Never a page of a day's sessions and the rest skipped: the next page starts a day later.
    busy = WHATS_ON_MOST + 3
    for minute in range(busy):
        make_activity(title=f"Busy {minute:02d}", starts_at=afternoon_on(1, 0, minute))
    make_activity(title="Next day", starts_at=afternoon_on(2, 0))
    first = client.get("/whats-on").get_data(as_text=True)
    assert len(set(re.findall(r"Busy (\d\d)", first))) == busy
    assert "Next day" not in first
    assert later_link(first) == f"/whats-on?start={london_today() + timedelta(days=2)}"
    assert "Next day" in text(client.get(later_link(first)))


def test_a_busy_day_costs_the_same_queries_however_busy(client, young):
    for minute in range(WHATS_ON_MOST + 1):
        make_activity(starts_at=afternoon_on(1, 0, minute))
    busy = queries_for(client, "/whats-on")
    for minute in range(WHATS_ON_MOST + 1, WHATS_ON_MOST + 40):
        make_activity(starts_at=afternoon_on(1, 0, minute))
    assert queries_for(client, "/whats-on") == busy


def test_a_busy_last_day_links_on_only_when_something_comes_after_it(client, young):
    for minute in range(WHATS_ON_MOST + 1):
        make_activity(title=f"Busy {minute:02d}", starts_at=afternoon_on(1, 0, minute))
    first = client.get("/whats-on").get_data(as_text=True)
    assert len(set(re.findall(r"Busy (\d\d)", first))) == WHATS_ON_MOST + 1
    assert later_link(first) is None


def afternoon_on(days_ahead: int, hour: int, minute: int = 0):
    """A London time `days_ahead` days from today, at 10:00 + `hour` (and `minute`), in UTC."""
    day = london_today() + timedelta(days=days_ahead)
    return datetime.combine(day, time(10 + hour, minute), tzinfo=LONDON).astimezone(UTC)
