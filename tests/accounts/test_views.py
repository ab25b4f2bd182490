"""Accounts through the web pages, as a person on a phone would use them."""

import re

import pytest
from sqlalchemy import select

from tests.factories import (
    PASSWORD,
    log_in,
    make_admin,
    make_finance,
    make_worker,
    make_young_person,
    post_login,
)
from youthhub.accounts import services
from youthhub.accounts.models import Role, User
from youthhub.accounts.sessions import session_for_token
from youthhub.extensions import db

SIGN_UP = {
    "preferred_name": "Kai",
    "pronouns": "he/him",
    "email": "kai@example.org",
    "password": "a long enough one",
    "birth_day": "14",
    "birth_month": "2",
    "birth_year": "2006",
    "agree": "y",
}


def page_text(response) -> str:
    return response.get_data(as_text=True)


def field_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


class TestSignUp:
    def test_a_young_person_signs_up_opens_the_emailed_link_and_lands_on_their_home(
        self, client, smtp_inbox
    ):
        response = client.post("/signup", data=SIGN_UP, follow_redirects=True)
        assert "Nearly there! We&#39;ve emailed a link to kai@example.org" in page_text(response)
        link = re.search(r"http://localhost(/signup/finish/\S+)", smtp_inbox.body()).group(1)
        assert "Finish signing up" in page_text(client.get(link))
        response = client.post(link, follow_redirects=True)
        assert "Hi Kai!" in page_text(response)
        user = db.session.scalar(select(User).where(User.email == "kai@example.org"))
        assert user.roles == {Role.YOUNG_PERSON}
        assert str(user.date_of_birth) == "2006-02-14"
        assert client.get(link).status_code == 410  # used

    def test_the_privacy_text_is_shown_before_the_account_is_made(self, client):
        html = page_text(client.get("/signup"))
        assert html.index("What happens to my information?") < html.index("Make my account")

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"preferred_name": ""}, "Tell us what to call you."),
            ({"email": "not-an-email"}, "Enter an email address like name@example.com."),
            ({"password": "short"}, "Your password needs 10 to 128 characters."),
            ({"birth_day": "31", "birth_month": "2"}, "Enter a real date"),
            ({"birth_year": ""}, "Enter your date of birth"),
            ({"birth_month": "mar"}, "Enter a real date"),
            ({"agree": ""}, "Please tick the box"),
            ({"invite_code": "NOTACODE"}, "We don&#39;t recognise that invite code"),
        ],
    )
    def test_a_refused_form_says_why_and_keeps_what_was_typed(self, client, change, message):
        response = client.post("/signup", data={**SIGN_UP, **change})
        html = page_text(response)
        assert response.status_code == 200
        assert message in html
        for name in (
            "preferred_name",
            "pronouns",
            "email",
            "birth_day",
            "birth_month",
            "birth_year",
            "invite_code",
        ):
            typed = {**SIGN_UP, **change}.get(name, "")
            assert (field_value(html, name) or "") == typed, name
        assert db.session.scalar(select(User.id)) is None

    def test_a_worker_link_fills_in_their_code(self, client, app):
        worker = make_worker(invite_code="ABCD2345")
        html = page_text(client.get("/signup?code=ABCD2345"))
        assert field_value(html, "invite_code") == "ABCD2345"
        client.post("/signup", data={**SIGN_UP, "invite_code": "ABCD2345"})
        assert (
            db.session.scalar(select(User).where(User.email == "kai@example.org")).key_worker
            == worker
        )


class TestLogin:
    def test_logging_in_goes_home(self, client):
        user = make_young_person(name="Jo")
        response = post_login(client, user)
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
        assert "Hi Jo!" in page_text(client.get("/"))

    def test_staff_land_in_the_staff_area(self, client):
        log_in(client, make_worker())
        assert client.get("/").headers["Location"] == "/manage/"

    def test_wrong_password_says_so_and_keeps_the_email(self, client):
        user = make_young_person()
        html = page_text(post_login(client, user, password="not it at all"))
        assert "That email and password don" in html
        assert field_value(html, "email") == user.email

    @pytest.mark.parametrize("next_url", ["/manage/people", "/profile?tab=1"])
    def test_next_takes_you_back_within_the_site(self, client, next_url):
        admin = make_admin()
        response = client.post(
            "/login", data={"email": admin.email, "password": PASSWORD, "next": next_url}
        )
        assert response.headers["Location"] == next_url

    @pytest.mark.parametrize(
        "next_url",
        [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "http:/evil.example",
            "/\t/evil.example",
            "\\\\evil.example",
        ],
    )
    def test_next_never_leaves_the_site(self, client, next_url):
        user = make_young_person()
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "next": next_url}
        )
        assert response.headers["Location"] == "/"

    def test_a_protected_page_sends_you_to_login_and_back(self, client):
        response = client.get("/profile")
        assert response.headers["Location"] == "/login?next=/profile"
        user = make_young_person()
        html = page_text(client.get(response.headers["Location"]))
        assert field_value(html, "next") == "/profile"
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "next": "/profile"}
        )
        assert response.headers["Location"] == "/profile"

    def test_the_session_is_replaced_at_login(self, client):
        user = make_young_person()
        with client.session_transaction() as session:
            session["planted"] = "by someone else"
        post_login(client, user)
        with client.session_transaction() as session:
            assert "planted" not in session
            token = session["_user_id"]
        assert session_for_token(token).user == user

    def test_logging_out_needs_a_post_and_clears_cached_pages(self, client):
        log_in(client, make_young_person())
        assert client.get("/logout").status_code == 405
        response = client.post("/logout")
        assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
        assert client.get("/profile").status_code == 302

    def test_demo_logins_show_only_when_demo_data_is_loaded(self, client, app):
        assert "Demo logins" not in page_text(client.get("/login"))
        from youthhub.accounts.demo import seed_demo_people

        seed_demo_people()
        db.session.commit()
        html = page_text(client.get("/login"))
        assert "Demo logins" in html
        assert "young@youthhub.example" in html
        app.config["SHOW_DEMO_LOGINS"] = False
        assert "Demo logins" not in page_text(client.get("/login"))


class TestLoginRateLimit:
    @pytest.fixture
    def app_config(self):
        return {
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
            "LOGIN_LIMIT_PER_ADDRESS": "6 per 15 minutes",
        }

    def test_too_many_wrong_passwords_for_one_account(self, client):
        user = make_young_person()
        for _ in range(3):
            assert post_login(client, user, password="wrong guess").status_code == 200
        response = post_login(client, user)  # even the right password waits now
        assert response.status_code == 429
        assert "Too many tries to log in" in page_text(response)
        assert field_value(page_text(response), "email") == user.email
        # another account from the same address is still fine
        assert post_login(client, make_young_person()).status_code == 302

    def test_too_many_wrong_passwords_from_one_address(self, client):
        for number in range(6):
            client.post(
                "/login", data={"email": f"guess{number}@example.org", "password": "wrong guess"}
            )
        response = post_login(client, make_young_person())
        assert response.status_code == 429

    def test_successful_logins_do_not_count(self, client):
        user = make_young_person()
        for _ in range(5):
            assert post_login(client, user).status_code == 302
            client.post("/logout")


class TestAccountChangesApplyAtOnce:
    def test_a_switched_off_person_is_logged_out_on_their_next_request(self, client, app):
        worker = make_worker()
        log_in(client, worker)
        assert client.get("/manage/").status_code == 200
        services.disable_account(worker, actor=make_admin())
        db.session.commit()
        assert client.get("/manage/").headers["Location"] == "/login?next=/manage/"

    def test_a_new_role_works_on_the_very_next_request(self, client):
        person = make_finance()
        admin = make_admin()
        log_in(client, person)
        assert client.get("/manage/my-young-people").status_code == 403
        services.change_roles(person, [Role.FINANCE, Role.YOUTH_WORKER], actor=admin)
        db.session.commit()
        assert client.get("/manage/my-young-people").status_code == 200
        services.change_roles(person, [Role.FINANCE], actor=admin)
        db.session.commit()
        assert client.get("/manage/my-young-people").status_code == 403

    def test_changing_password_logs_out_other_phones_but_not_this_one(self, app):
        user = make_young_person()
        this_phone, other_phone = app.test_client(), app.test_client()
        log_in(this_phone, user)
        log_in(other_phone, user)
        response = this_phone.post(
            "/profile/password",
            data={"current_password": PASSWORD, "new_password": "a brand new password"},
        )
        assert response.headers["Location"] == "/profile"
        assert this_phone.get("/profile").status_code == 200
        assert other_phone.get("/profile").status_code == 302


class TestPasswordReset:
    def test_a_reset_email_arrives_and_its_link_works_once(self, client, smtp_inbox):
        user = make_young_person(email="jo@example.org")
        response = client.post(
            "/forgot-password", data={"email": "JO@example.org"}, follow_redirects=True
        )
        assert "we&#39;ve sent a link" in page_text(response)
        assert smtp_inbox.messages[0]["To"] == "jo@example.org"
        link = re.search(r"http://localhost(/reset-password/\S+)", smtp_inbox.body()).group(1)

        response = client.post(link, data={"password": "my new password"})
        assert response.headers["Location"] == "/login"
        assert post_login(client, user, password="my new password").status_code == 302
        client.post("/logout")
        again = client.get(link)
        assert again.status_code == 410
        assert "expired or was already used" in page_text(again)
        assert "Get a new password reset link" in page_text(again)

    def test_an_unknown_email_gets_the_same_answer_and_no_email(self, client, smtp_inbox):
        response = client.post(
            "/forgot-password", data={"email": "nobody@example.org"}, follow_redirects=True
        )
        assert "we&#39;ve sent a link" in page_text(response)
        assert smtp_inbox.messages == []

    def test_the_email_is_in_the_person_s_language(self, client, smtp_inbox):
        make_young_person(email="cy@example.org", locale="cy")
        client.post("/forgot-password", data={"email": "cy@example.org"})
        english = "Someone asked to reset the password"
        assert english not in smtp_inbox.body()

    def test_a_new_password_must_follow_the_rules_and_the_link_keeps_working(self, client):
        user = make_young_person()
        link = f"/reset-password/{services.make_password_reset_token(user)}"
        html = page_text(client.post(link, data={"password": "short"}))
        assert "Your password needs 10 to 128 characters." in html
        assert client.get(link).status_code == 200


class TestStaffInvitePages:
    def test_an_admin_invites_and_the_new_colleague_sets_up_their_account(self, app, smtp_inbox):
        admin_phone, colleague_phone = app.test_client(), app.test_client()
        log_in(admin_phone, make_admin(name="Alex"))
        response = admin_phone.post(
            "/manage/invites",
            data={"email": "new@example.org", "roles": ["youth_worker", "finance"]},
            follow_redirects=True,
        )
        assert "Invite sent to new@example.org" in page_text(response)
        assert "Alex has invited you" in smtp_inbox.body()
        link = re.search(r"http://localhost(/invite/\S+)", smtp_inbox.body()).group(1)

        html = page_text(colleague_phone.get(link))
        assert "new@example.org" in html
        response = colleague_phone.post(
            link, data={"preferred_name": "Wen", "password": "a good password"}
        )
        assert response.headers["Location"] == "/manage/"
        # Finance needs a second factor before anything else of the staff area.
        assert colleague_phone.get("/manage/").headers["Location"] == "/account/security"
        assert "set up a second way" in page_text(colleague_phone.get("/account/security"))
        assert colleague_phone.get(link).status_code == 410

    def test_an_expired_invite_link_explains_itself(self, client):
        invite, token = services.invite_staff("x@example.org", [Role.FINANCE], actor=make_admin())
        from datetime import timedelta

        invite.expires_at -= timedelta(days=30)
        db.session.commit()
        response = client.get(f"/invite/{token}")
        assert response.status_code == 410
        assert "expired" in page_text(response)
        assert "password reset" not in page_text(response)

    def test_the_admin_changes_roles_and_switches_an_account_off(self, client):
        admin, person = make_admin(), make_worker(name="Wen")
        log_in(client, admin)
        client.post(f"/manage/people/{person.id}", data={"roles": ["finance"]})
        assert person.roles == {Role.FINANCE}
        client.post(f"/manage/people/{person.id}/disable")
        assert not person.is_active
        html = page_text(client.get("/manage/people"))
        assert "Wen" in html and "Switched off" in html

    def test_the_last_admin_is_told_why_they_cannot_step_down(self, client):
        admin = make_admin()
        log_in(client, admin)
        response = client.post(
            f"/manage/people/{admin.id}", data={"roles": ["finance"]}, follow_redirects=True
        )
        assert "There must always be at least one admin." in page_text(response)
        assert admin.roles == {Role.ADMIN}


class TestProfile:
    def test_a_young_person_changes_name_pronouns_and_language(self, client):
        user = make_young_person(name="Jo")
        log_in(client, user)
        response = client.post(
            "/profile",
            data={"preferred_name": "Joey", "pronouns": "she/her", "locale": "cy"},
            follow_redirects=True,
        )
        assert '<html lang="cy"' in page_text(response)
        assert (user.preferred_name, user.pronouns, user.locale) == ("Joey", "she/her", "cy")

    def test_an_unknown_language_is_refused_with_the_typing_kept(self, client):
        log_in(client, make_young_person(name="Jo"))
        html = page_text(
            client.post("/profile", data={"preferred_name": "Joey", "pronouns": "", "locale": "xx"})
        )
        assert "Choose from the list." in html
        assert field_value(html, "preferred_name") == "Joey"

    def test_the_wrong_current_password_is_explained(self, client):
        log_in(client, make_young_person())
        html = page_text(
            client.post(
                "/profile/password",
                data={"current_password": "nope nope", "new_password": "a brand new password"},
            )
        )
        assert "Your current password isn" in html


class TestWorkerPages:
    def test_a_worker_sees_their_young_people_and_code(self, client):
        worker = make_worker(invite_code="ABCD2345")
        make_young_person(name="Linked", key_worker=worker)
        make_young_person(name="Someone else")
        log_in(client, worker)
        html = page_text(client.get("/manage/my-young-people"))
        assert "ABCD2345" in html
        assert "Linked" in html
        assert "Someone else" not in html

    def test_a_worker_gets_a_new_code(self, client):
        worker = make_worker(invite_code="ABCD2345")
        log_in(client, worker)
        response = client.post("/manage/my-young-people/invite-code", follow_redirects=True)
        assert worker.invite_code != "ABCD2345"
        assert worker.invite_code in page_text(response)


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {
            "PROXY_COUNT": 1,
            "LOGIN_LIMIT_PER_ADDRESS": "2 per 15 minutes",
            "TRUSTED_HOSTS": ["localhost", "youthhub.example.org"],
        }

    def test_login_limits_count_each_visitor_not_the_proxy(self, client):
        def attempt(address, number):
            return client.post(
                "/login",
                data={"email": f"guess{number}@example.org", "password": "wrong guess"},
                headers={"X-Forwarded-For": address},
            )

        assert [attempt("203.0.113.7", n).status_code for n in range(3)] == [200, 200, 429]
        assert attempt("198.51.100.9", 9).status_code == 200

    def test_links_use_the_scheme_the_visitor_used(self, client, smtp_inbox):
        make_young_person(email="jo@example.org")
        client.post(
            "/forgot-password",
            data={"email": "jo@example.org"},
            headers={
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "youthhub.example.org",
                # Over https, CSRF protection also wants a same-site Referer, as browsers send.
                "Referer": "https://youthhub.example.org/forgot-password",
            },
        )
        assert "https://youthhub.example.org/reset-password/" in smtp_inbox.body()

    def test_an_untrusted_forwarded_host_is_refused_and_nothing_is_sent(self, client, smtp_inbox):
        make_young_person(email="jo@example.org")
        response = client.post(
            "/forgot-password",
            data={"email": "jo@example.org"},
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
        )
        assert response.status_code == 400
        assert smtp_inbox.messages == []
