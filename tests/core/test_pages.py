"""Shared page behaviour: cookies, friendly error pages, and times shown in London."""

import re
from datetime import UTC, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import log_in, make_young_person, post_login
from youthhub.accounts.models import User
from youthhub.core.access import public
from youthhub.extensions import db


def test_session_cookies_are_httponly_and_samesite_lax(client):
    response = post_login(client, make_young_person())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development; production config turns it on


@pytest.mark.own_app
def test_an_unexpected_error_shows_a_kind_page_without_a_stack_trace(app, client):
    @public
    def broken():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/broken", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in html
    assert "secret internal detail" not in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [("/no-such-page", 404, "find that page"), ("/manage/people", 403, "This page is not for you")],
)
def test_error_pages_are_friendly(client, url, status, heading):
    log_in(client, make_young_person())
    response = client.get(url)
    assert response.status_code == status
    assert heading in response.get_data(as_text=True)


def test_error_pages_are_translated(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "cy"})
    html = response.get_data(as_text=True)
    assert '<html lang="cy"' in html
    assert "find that page" not in html


def test_times_are_shown_in_london_time(app):
    summer_night = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London (BST)
    with app.test_request_context(), force_locale("en"):
        shown = render_template_string("{{ when | datetime('d MMMM HH:mm') }}", when=summer_night)
    assert shown == "2 July 00:30"


def test_times_go_into_the_database_as_utc_and_come_back_aware(app):
    person = make_young_person()
    person.last_login_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(User.last_login_at).where(User.id == person.id))
    assert stored == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert stored.tzinfo is not None


def test_naive_times_are_refused(app):
    person = make_young_person()
    person.last_login_at = datetime(2026, 1, 5, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_english_dates_are_written_the_uk_way(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = render_template_string(
            "<html lang={{ html_lang }}>{{ when | date('long') }}",
            when=datetime(2026, 3, 27, 12, 0, tzinfo=UTC),
        )
    assert shown == "<html lang=en-GB>27 March 2026"


@pytest.mark.parametrize("url", ["/", "/login", "/offline?page=private", "/no-such-page"])
def test_every_page_describes_itself_for_search_results_in_its_language(client, url):
    def description(language: str) -> str:
        html = client.get(url, headers={"Accept-Language": language}).get_data(as_text=True)
        return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)

    english, welsh = description("en"), description("cy")
    assert english == "Activities, groups, goals and payments for young people."
    assert welsh and welsh != english
