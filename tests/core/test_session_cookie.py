"""The session cookie (core/session_cookie.py): a lasting session's cookie is sent again only when
the session changed or the cookie is an hour old, and it is checked exactly as before."""

from flask import request as flask_request

from tests.factories import PASSWORD, make_young_person
from youthhub.core import session_cookie


def remembered_browser(app, young):
    browser = app.test_client()
    data = {"email": young.email, "password": PASSWORD, "remember": "y"}
    assert browser.post("/login", data=data).status_code == 302
    browser.get("/")  # the first page adds the CSRF token to the session: a change, so sent
    return browser


def sends_cookie(response) -> bool:
    return any(value.startswith("session=") for value in response.headers.getlist("Set-Cookie"))


def test_a_remembered_session_is_not_signed_and_sent_again_on_every_page(app):
    browser = remembered_browser(app, make_young_person())

    pages = [browser.get(path) for path in ("/", "/whats-on", "/profile")]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert not any(sends_cookie(page) for page in pages)


def test_an_hour_old_cookie_is_sent_again_so_it_lasts_from_now(app, monkeypatch):
    browser = remembered_browser(app, make_young_person())
    later = session_cookie.time.time() + session_cookie.REFRESH_AFTER_SECONDS + 5
    monkeypatch.setattr(session_cookie.time, "time", lambda: later)

    page = browser.get("/")

    assert sends_cookie(page)
    assert browser.get_cookie("session").expires is not None  # still outlives the browser
    assert browser.get("/profile").status_code == 200


def test_a_changed_session_is_sent_at_once(app):
    browser = remembered_browser(app, make_young_person())

    answer = browser.post("/language", data={"locale": "cy"})

    assert sends_cookie(answer)


def test_a_session_for_the_browser_only_is_sent_only_when_it_changes(app, client):
    young = make_young_person()
    client.post("/login", data={"email": young.email, "password": PASSWORD})
    client.get("/")

    assert not sends_cookie(client.get("/"))


def test_a_tampered_or_foreign_cookie_is_an_empty_session(app):
    browser = remembered_browser(app, make_young_person())
    value = browser.get_cookie("session").value
    for forged in (value[:-2] + ("AA" if not value.endswith("AA") else "BB"), "not-a-cookie"):
        thief = app.test_client()
        thief.set_cookie("session", forged)

        answer = thief.get("/profile")

        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("/login")


def opened(app, value: str):
    with app.test_request_context("/", headers={"Cookie": f"session={value}"}):
        return app.session_interface.open_session(app, flask_request._get_current_object())


def test_a_cookie_opened_before_is_remembered_and_each_page_gets_its_own_session(app):
    browser = remembered_browser(app, make_young_person())
    value = browser.get_cookie("session").value
    first = opened(app, value)
    assert value in app.session_interface.opened  # checked once, then known by its text

    first["csrf_token"] = "changed by one page"
    second = opened(app, value)

    assert second["csrf_token"] != "changed by one page" and second["_user_id"]
    assert second.signed_at == first.signed_at and not second.modified


def test_a_remembered_cookie_still_expires(app, monkeypatch):
    browser = remembered_browser(app, make_young_person())
    value = browser.get_cookie("session").value
    assert opened(app, value).get("_user_id")
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = session_cookie.time.time() + lifetime + 5
    monkeypatch.setattr(session_cookie.time, "time", lambda: later)

    assert dict(opened(app, value)) == {}
    assert value not in app.session_interface.opened


def test_a_tampered_copy_of_a_remembered_cookie_is_refused(app):
    browser = remembered_browser(app, make_young_person())
    value = browser.get_cookie("session").value
    opened(app, value)

    assert dict(opened(app, value[:-1] + ("A" if value[-1] != "A" else "B"))) == {}


def test_a_cookie_holding_flashed_messages_is_not_remembered(app):
    browser = remembered_browser(app, make_young_person())
    browser.post("/logout")  # "You've logged out", shown on the next page
    value = browser.get_cookie("session").value

    assert "_flashes" in opened(app, value)
    assert value not in app.session_interface.opened
