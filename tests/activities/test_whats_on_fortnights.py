"""What's on shows a fortnight at a time (issue 19): the next two weeks first, then plain links to
later and earlier fortnights that keep the filters; any ?start= gets a page; the same queries
however many sessions are planned."""

import re
from datetime import timedelta
from html import unescape

import pytest

from tests.activities.factories import make_activity
from tests.core.test_query_counts import queries_for
from tests.factories import log_in, make_young_person
from youthhub.core.time import london_today


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
