"""Sessions that end: a copied cookie stops working after every kind of ending, people see and
sign out their devices, and idle sessions end (staff sooner than young people)."""

import html
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from tests.factories import (
    PASSWORD,
    log_in,
    make_admin,
    make_finance,
    make_worker,
    make_young_person,
)
from tests.support.queries import LAST_SEEN_UPDATE, count_queries
from youthhub.accounts import mfa, services, sessions
from youthhub.accounts.devices import describe_device
from youthhub.accounts.models import UserSession
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.extensions import db

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
)
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def device(app, user, user_agent=PHONE, remember=False):
    """A browser of its own, logged in through the login form with its own User-Agent
    (finance and admin, who must prove a second factor too, the quick way)."""
    browser = app.test_client()
    browser.environ_base["HTTP_USER_AGENT"] = user_agent
    if mfa.factor_required(user):
        log_in(browser, user)
        return browser
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/login", data=data).status_code == 302
    return browser


def copy_of(app, browser):
    """Another browser holding a copy of `browser`'s session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def is_signed_in(browser) -> bool:
    response = browser.get("/profile")
    if response.status_code == 302:
        assert response.headers["Location"] == "/login?next=/profile"
        return False
    assert response.status_code == 200
    return True


def sessions_of(user) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).filter_by(user_id=user.id)))


def seen_ago(user, ago: timedelta) -> None:
    seen = utcnow() - ago
    db.session.execute(
        update(UserSession).where(UserSession.user_id == user.id).values(last_seen_at=seen)
    )
    db.session.commit()


class TestACopiedCookieStopsWorking:
    def test_after_logging_out(self, app):
        user = make_young_person()
        browser = device(app, user)
        copy = copy_of(app, browser)
        assert is_signed_in(copy)
        browser.post("/logout")
        assert not is_signed_in(copy)
        assert not is_signed_in(browser)
        assert sessions_of(user)[0].ended_why == "logged_out"

    def test_after_someone_else_logs_in_on_the_same_browser(self, app):
        first, second = make_young_person(), make_young_person()
        browser = device(app, first)
        copy = copy_of(app, browser)
        browser.post("/login", data={"email": second.email, "password": PASSWORD})
        assert not is_signed_in(copy)
        assert sessions_of(first)[0].ended_why == "logged_out"
        assert is_signed_in(browser)

    def test_after_logging_out_of_a_remembered_session(self, app):
        """ "Remember me" is the same session with a longer cookie, not a second key."""
        user = make_young_person()
        browser = device(app, user, remember=True)
        assert browser.get_cookie("remember_token") is None
        assert browser.get_cookie("session").expires is not None  # outlives the browser
        copy = copy_of(app, browser)
        browser.post("/logout")
        assert not is_signed_in(copy)

    def test_a_remember_cookie_from_before_sessions_ended_loads_nobody(self, app):
        """Flask-Login's own signed remember cookie (what "remember me" used to set) names a
        person, not a session: it no longer signs anyone in."""
        from flask_login.utils import encode_cookie

        user = make_young_person()
        browser = app.test_client()
        with app.test_request_context():
            browser.set_cookie("remember_token", encode_cookie(f"{user.id}:0"))
        assert not is_signed_in(browser)

    def test_after_a_password_change_everywhere_but_where_it_was_changed(self, app):
        user = make_young_person()
        browser, other = device(app, user), device(app, user, LAPTOP)
        copy = copy_of(app, browser)
        browser.post(
            "/profile/password",
            data={"current_password": PASSWORD, "new_password": "a brand new password"},
        )
        assert not is_signed_in(copy)
        assert not is_signed_in(other)
        assert is_signed_in(browser)  # with a new session
        assert browser.get_cookie("session").value != copy.get_cookie("session").value

    def test_after_a_password_reset(self, app, client):
        user = make_young_person()
        browser = device(app, user, remember=True)
        copy = copy_of(app, browser)
        token = services.make_password_reset_token(user)
        client.post(f"/reset-password/{token}", data={"password": "a brand new password"})
        assert not is_signed_in(copy)
        assert not is_signed_in(browser)

    def test_after_the_account_is_switched_off(self, app):
        worker = make_worker()
        browser = device(app, worker)
        copy = copy_of(app, browser)
        admin = device(app, make_admin())
        admin.post(f"/manage/people/{worker.id}/disable")
        assert not is_signed_in(copy)
        assert {s.ended_why for s in sessions_of(worker)} == {"switched_off"}

    def test_after_an_admin_resets_their_second_factors(self, app):
        from youthhub.accounts import mfa

        finance = make_finance()
        browser = device(app, finance)
        copy = copy_of(app, browser)
        assert is_signed_in(copy)
        mfa.reset_factors(finance, actor=make_admin())
        db.session.commit()
        assert not is_signed_in(copy)
        assert {s.ended_why for s in sessions_of(finance)} == {"factors_reset"}

    def test_after_signing_out_everywhere(self, app):
        user = make_young_person()
        browser, other = device(app, user), device(app, user, LAPTOP)
        copy = copy_of(app, browser)
        response = browser.post("/profile/devices/sign-out-everywhere", follow_redirects=True)
        assert "You're signed out on every device" in text(response)
        assert not any(is_signed_in(b) for b in (browser, other, copy))
        entry = db.session.scalar(
            select(AuditEntry).filter_by(action="account.signed_out_everywhere")
        )
        assert entry.actor_id == user.id

    def test_after_that_device_is_signed_out_from_another(self, app):
        user = make_young_person()
        laptop, phone = device(app, user, LAPTOP), device(app, user, PHONE)
        copy = copy_of(app, phone)
        phone_session = max(sessions_of(user), key=lambda s: s.id)
        response = laptop.post(
            f"/profile/devices/{phone_session.id}/sign-out", follow_redirects=True
        )
        assert "That device is signed out." in text(response)
        assert not is_signed_in(phone)
        assert not is_signed_in(copy)
        assert is_signed_in(laptop)

    def test_after_erasure(self, app):
        from youthhub.rights.services import erase_person

        user = make_young_person()
        browser = device(app, user)
        with app.test_request_context():
            erase_person(user, actor=make_admin())
        db.session.commit()
        assert not is_signed_in(browser)
        assert sessions_of(user) == []


class TestIdleSessionsEnd:
    @pytest.mark.parametrize(
        ("make_person", "limit"),
        [(make_worker, timedelta(minutes=30)), (make_finance, timedelta(minutes=30))],
    )
    def test_staff_after_thirty_idle_minutes(self, app, make_person, limit):
        person = make_person()
        browser = device(app, person)
        seen_ago(person, limit - timedelta(seconds=5))
        assert is_signed_in(browser)  # and that request counts as being seen
        seen_ago(person, limit + timedelta(seconds=5))
        assert not is_signed_in(browser)

    def test_young_people_after_thirty_idle_days(self, app):
        young = make_young_person()
        browser = device(app, young, remember=True)
        seen_ago(young, timedelta(days=30) - timedelta(seconds=5))
        assert is_signed_in(browser)
        seen_ago(young, timedelta(days=30) + timedelta(seconds=5))
        assert not is_signed_in(browser)

    def test_the_idle_time_is_a_setting(self, app):
        app.config["STAFF_IDLE_MINUTES"] = 5
        worker = make_worker()
        browser = device(app, worker)
        seen_ago(worker, timedelta(minutes=6))
        assert not is_signed_in(browser)

    def test_being_active_keeps_a_session_alive(self, app):
        worker = make_worker()
        browser = device(app, worker)
        seen_ago(worker, timedelta(minutes=29))
        assert is_signed_in(browser)
        seen_ago(worker, timedelta(minutes=29))  # 29 minutes after that request
        assert is_signed_in(browser)


@pytest.fixture
def write_statements(app):
    seen: list[str] = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(statement.strip())

    event.listen(db.engine, "before_cursor_execute", watch)
    yield seen
    event.remove(db.engine, "before_cursor_execute", watch)


class TestLastSeen:
    def test_a_page_writes_last_seen_at_most_once_a_minute_and_nothing_else(
        self, app, write_statements
    ):
        young = make_young_person()
        browser = device(app, young)
        write_statements.clear()
        browser.get("/profile")
        assert write_statements == []  # seen less than a minute ago
        seen_ago(young, timedelta(minutes=2))
        write_statements.clear()
        browser.get("/profile")
        assert len(write_statements) == 1
        assert write_statements[0].startswith(LAST_SEEN_UPDATE)
        assert utcnow() - sessions_of(young)[0].last_seen_at < timedelta(seconds=30)

    def test_an_ended_session_is_not_brought_back(self, app):
        young = make_young_person()
        browser = device(app, young)
        seen_ago(young, timedelta(minutes=2))
        copy = copy_of(app, browser)
        browser.post("/logout")
        assert not is_signed_in(copy)
        assert sessions_of(young)[0].ended_at is not None


class TestTheDevicesPage:
    def test_it_lists_each_device_and_marks_this_one(self, app):
        user = make_young_person()
        device(app, user, LAPTOP)
        phone = device(app, user, PHONE)
        device(app, make_young_person(), "Someone else's Opera OPR/1")  # not theirs
        page = text(phone.get("/profile/devices/"))
        assert "Firefox on Windows" in page and "Chrome on Android" in page
        assert page.count("This device") == 1
        assert page.index("Chrome on Android") < page.index("This device")
        assert "Opera" not in page

    def test_the_profile_links_to_it(self, app):
        browser = device(app, make_young_person())
        assert 'href="/profile/devices/"' in text(browser.get("/profile"))

    def test_ended_and_idle_sessions_are_not_listed(self, app):
        user = make_worker()
        device(app, user, LAPTOP).post("/logout")
        old = device(app, user, "Safari/1 (iPhone)")
        seen_ago(user, timedelta(hours=1))
        assert not is_signed_in(old)
        page = text(device(app, user, PHONE).get("/profile/devices/"))
        assert "Chrome on Android" in page
        assert "Windows" not in page and "iPhone" not in page

    def test_someone_elses_session_cannot_be_signed_out(self, app):
        owner = make_young_person()
        theirs = device(app, owner)
        session_id = sessions_of(owner)[0].id
        stranger = device(app, make_young_person())
        assert stranger.post(f"/profile/devices/{session_id}/sign-out").status_code == 404
        assert is_signed_in(theirs)

    def test_signing_out_this_device_from_the_list_logs_out_here(self, app):
        user = make_young_person()
        browser = device(app, user)
        response = browser.post(f"/profile/devices/{sessions_of(user)[0].id}/sign-out")
        assert response.headers["Location"] == "/login"
        assert not is_signed_in(browser)

    def test_a_device_signed_out_already_says_so(self, app):
        user = make_young_person()
        browser = device(app, user)
        device(app, user, LAPTOP)
        other_id = max(s.id for s in sessions_of(user))
        browser.post(f"/profile/devices/{other_id}/sign-out")
        response = browser.post(f"/profile/devices/{other_id}/sign-out", follow_redirects=True)
        assert "That device is already signed out." in text(response)

    def test_its_queries_do_not_grow_with_devices(self, app):
        user = make_young_person()
        browser = device(app, user)

        def queries() -> int:
            with count_queries(db.engine) as statements:
                assert browser.get("/profile/devices/").status_code == 200
            return len(statements)

        few = queries()
        for _ in range(10):
            device(app, user, LAPTOP)
        assert queries() == few


class TestOldSessionsAreForgotten:
    def test_the_daily_retention_run_deletes_sessions_ended_over_a_month_ago(self, app, runner):
        young = make_young_person()
        for _ in range(4):
            sessions.open_session(young, remember=False, user_agent=PHONE)
        ended_long_ago, ended_lately, idle_long_ago, live = sessions_of(young)
        now = utcnow()
        ended_long_ago.ended_at = now - timedelta(days=31)
        ended_lately.ended_at = now - timedelta(days=29)
        idle_long_ago.last_seen_at = now - timedelta(days=61)
        db.session.commit()
        result = runner.invoke(args=["data", "retention"])
        assert "Old sessions deleted: 2." in result.output
        db.session.expire_all()
        assert {s.id for s in sessions_of(young)} == {ended_lately.id, live.id}


class TestSessionRules:
    @pytest.mark.parametrize("token", ["", "x", "1", "1:0", "12:3", "x" * 5000])
    def test_nonsense_tokens_load_nobody(self, app, token):
        make_young_person()
        assert sessions.session_for_token(token) is None

    def test_a_switched_off_account_loads_nobody(self, app):
        user = make_young_person()
        with app.test_request_context():
            token = sessions.open_session(user, remember=False, user_agent=PHONE)
        assert sessions.session_for_token(token).user == user
        user.disabled_at = utcnow()
        assert sessions.session_for_token(token) is None

    def test_only_the_token_hash_is_kept(self, app):
        user = make_young_person()
        token = sessions.open_session(user, remember=False, user_agent=PHONE)
        row = sessions_of(user)[0]
        assert token not in (row.token_hash, row.browser, row.system)
        assert len(token) >= 43

    def test_nobody_signs_out_someone_elses_device(self, app):
        user = make_young_person()
        sessions.open_session(user, remember=False, user_agent=PHONE)
        with pytest.raises(NotAllowed):
            sessions.sign_out_device(sessions_of(user)[0], actor=make_young_person())
        with pytest.raises(NotAllowed):
            sessions.sign_out_everywhere(user, actor=make_admin())

    def test_an_ended_device_cannot_be_signed_out_again(self, app):
        user = make_young_person()
        sessions.open_session(user, remember=False, user_agent=PHONE)
        sessions.end_sessions(user, "everywhere")
        db.session.expire_all()
        with pytest.raises(DomainError, match="already signed out"):
            sessions.sign_out_device(sessions_of(user)[0], actor=user)


@pytest.mark.parametrize(
    ("user_agent", "named"),
    [
        (PHONE, ("Chrome", "Android")),
        (LAPTOP, ("Firefox", "Windows")),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "Version/18.1 Mobile/15E148 Safari/604.1",
            ("Safari", "iPhone"),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/131.0 "
            "Safari/537.36 Edg/131.0",
            ("Edge", "Mac"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 "
            "SamsungBrowser/26.0 Chrome/122.0 Mobile Safari/537.36",
            ("Samsung Internet", "Android"),
        ),
        ("curl/8.5", ("", "")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_a_device_is_named_by_its_browser_and_system(user_agent, named):
    assert describe_device(user_agent) == named
