"""Second factors through the pages: the second step of logging in, finance and admin kept on
the set-up page until they have a factor, step-up before paying, rates and roles, and an
admin's reset."""

import json
import re
import time
from html import unescape

import pytest
from sqlalchemy import select

from tests.accounts.test_views import page_text as raw_page
from tests.factories import (
    PASSWORD,
    authenticator_code,
    give_authenticator,
    log_in,
    make_admin,
    make_approved_claim,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.accounts import mfa, second_step
from youthhub.accounts.models import Role
from youthhub.accounts.models_mfa import Passkey
from youthhub.accounts.second_step import FACTOR_CHECKED_AT, KEPT
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, ContributionKind, Rate


def password_step(client, user, **extra):
    return client.post("/login", data={"email": user.email, "password": PASSWORD, **extra})


def page_text(response) -> str:
    return unescape(raw_page(response))


def log_in_with_recovery_code(client, user, code):
    """Password, then a recovery code: leaves the app's codes free for the test's own use."""
    password_step(client, user)
    response = client.post("/login/second-step", data={"code": code})
    assert response.status_code == 302, page_text(response)


def factor_checked_minutes_ago(client, minutes: int) -> None:
    with client.session_transaction() as session:
        session[FACTOR_CHECKED_AT] = int(time.time()) - minutes * 60


class TestSecondStepOfLoggingIn:
    def test_the_password_alone_does_not_sign_in_someone_with_a_factor(self, client):
        finance = make_finance()
        give_authenticator(finance)
        response = password_step(client, finance, next="/manage/finance")
        assert response.headers["Location"] == "/login/second-step"
        assert client.get("/manage/finance").headers["Location"].startswith("/login")
        assert "authenticator app" in page_text(client.get("/login/second-step"))

    def test_the_right_code_signs_in_and_goes_where_they_were_going(self, client):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        password_step(client, finance, next="/manage/finance")
        response = client.post("/login/second-step", data={"code": authenticator_code(secret)})
        assert response.headers["Location"] == "/manage/finance"
        assert client.get("/manage/finance").status_code == 200

    def test_a_wrong_code_says_so_and_keeps_what_was_typed(self, client):
        finance = make_finance()
        give_authenticator(finance)
        password_step(client, finance)
        response = client.post("/login/second-step", data={"code": "12345x"})
        assert response.status_code == 200
        assert "That code didn't work" in page_text(response)
        assert 'value="12345x"' in response.get_data(as_text=True)

    def test_too_many_wrong_codes_end_the_attempt(self, client):
        admin = make_admin()
        give_authenticator(admin)
        password_step(client, admin)
        for _ in range(5):
            assert client.post("/login/second-step", data={"code": "000000"}).status_code == 200
        response = client.post("/login/second-step", data={"code": "000000"})
        assert response.headers["Location"] == "/login"
        assert client.get("/login/second-step").headers["Location"] == "/login"

    def test_without_a_password_first_there_is_no_second_step(self, client):
        response = client.get("/login/second-step")
        assert response.headers["Location"] == "/login"

    def test_a_password_change_meanwhile_ends_the_pending_sign_in(self, client):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        password_step(client, finance)
        finance.session_version += 1
        db.session.commit()
        response = client.post("/login/second-step", data={"code": authenticator_code(secret)})
        assert response.headers["Location"] == "/login"

    def test_a_young_person_without_a_passkey_logs_in_as_before(self, client):
        young = make_young_person()
        assert password_step(client, young).headers["Location"] == "/"
        assert client.get("/goals/").status_code == 200

    def test_remember_me_is_the_one_session_not_a_second_key(self, client):
        """ "Remember me" keeps the one session cookie, with its factor check, after the browser
        closes (accounts/sessions.py); no second cookie signs anyone in on its own."""
        admin = make_admin()
        secret, _ = give_authenticator(admin)
        password_step(client, admin, remember="y")
        client.post("/login/second-step", data={"code": authenticator_code(secret)})
        assert client.get_cookie("remember_token") is None
        assert client.get_cookie("session").expires is not None  # outlives the browser
        assert client.get("/manage/people").status_code == 200
        client.delete_cookie("session")
        assert client.get("/manage/people").headers["Location"].startswith("/login?")


class TestFinanceAndAdminMustSetUpAFactor:
    @pytest.mark.parametrize(
        ("make", "their_page"), [(make_finance, "/manage/finance"), (make_admin, "/manage/people")]
    )
    def test_nothing_of_the_staff_area_works_until_they_have_one(self, client, make, their_page):
        person = make()
        log_in(client, person, factor_checked=False)
        for url in ["/manage/", their_page, "/profile", "/account/confirm"]:
            assert client.get(url).headers.get("Location") == "/account/security", url
        page = page_text(client.get("/account/security"))
        assert "you need a second way to prove it's you" in page
        assert client.get("/account/security/authenticator").status_code == 200

    def test_setting_up_the_app_shows_recovery_codes_once_and_opens_the_staff_area(self, client):
        finance = make_finance()
        log_in(client, finance, factor_checked=False)
        html = client.get("/account/security/authenticator").get_data(as_text=True)
        setup = html.split('name="setup" type="hidden" value="')[1].split('"')[0]
        key = html.split('<code class="setup-key">')[1].split("<")[0].replace(" ", "")
        assert "<svg" in html  # the QR code
        response = client.post(
            "/account/security/authenticator",
            data={"setup": setup, "code": authenticator_code(key, steps_ahead=0)},
        )
        codes = [
            part.split("</code>")[0] for part in response.get_data(as_text=True).split("<code>")[1:]
        ]
        assert len(codes) == 10
        assert client.get("/manage/finance").status_code == 200
        assert codes[0] not in page_text(client.get("/account/security"))
        assert key not in client.get("/account/security").get_data(as_text=True)

    def test_a_wrong_first_code_shows_the_same_key_again(self, client):
        worker = make_worker()
        log_in(client, worker)
        html = client.get("/account/security/authenticator").get_data(as_text=True)
        setup = html.split('name="setup" type="hidden" value="')[1].split('"')[0]
        key = html.split('<code class="setup-key">')[1].split("<")[0]
        response = client.post(
            "/account/security/authenticator", data={"setup": setup, "code": "000000"}
        )
        assert "That code didn't work" in page_text(response)
        assert key in response.get_data(as_text=True)
        assert not mfa.has_second_factor(worker)

    def test_a_youth_worker_may_carry_on_without_one(self, client):
        log_in(client, make_worker())
        assert client.get("/manage/").status_code == 200

    def test_a_new_finance_role_sends_them_to_set_one_up(self, client):
        worker = make_worker()
        log_in(client, worker)
        assert client.get("/manage/").status_code == 200
        from youthhub.accounts import services

        services.change_roles(worker, ["youth_worker", "finance"], actor=make_admin())
        db.session.commit()
        assert client.get("/manage/").headers["Location"] == "/account/security"

    def test_young_people_are_offered_a_passkey_and_never_asked(self, client):
        log_in(client, make_young_person())
        page = page_text(client.get("/account/security"))
        assert "You don't have to" in page
        assert "Authenticator app" not in page
        assert client.get("/account/security/authenticator").status_code == 403


def carry_on_form(client) -> tuple[str, list[tuple[str, str]]]:
    """The carry-on page's form: where it sends, and its fields but the CSRF token."""
    html = client.get("/account/confirm/carry-on").get_data(as_text=True)
    html = html.split("</h1>", 1)[1].split("</form>", 1)[0]  # the page's form, not the menus'

    action = unescape(re.search(r'<form method="post" action="([^"]+)"', html).group(1))
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    return action, [(name, unescape(value)) for name, value in fields if name != "csrf_token"]


def fields_with_token(client, fields) -> dict:
    html = client.get("/account/confirm/carry-on").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    sent: dict = {"csrf_token": token.group(1)} if token else {}
    for name, value in fields:
        sent.setdefault(name, []).append(value)
    return sent


def a_contribution_kind() -> ContributionKind:
    from youthhub.payments.rates import ensure_default_rate_card

    ensure_default_rate_card()
    db.session.commit()
    return db.session.scalars(select(ContributionKind)).first()


class TestStepUp:
    def test_paying_a_batch_asks_again_after_a_while(self, client):
        finance = make_finance()
        secret, codes = give_authenticator(finance)
        claim = make_approved_claim(make_young_person(name="Kai"), make_worker())
        log_in_with_recovery_code(client, finance, codes[0])
        factor_checked_minutes_ago(client, 11)
        response = client.post("/manage/finance/pay", data={"claims": [claim.id]})
        assert response.headers["Location"] == "/account/confirm?next=/manage/finance"
        db.session.refresh(claim)
        assert claim.status == ClaimStatus.APPROVED
        response = client.post(
            "/account/confirm", data={"code": authenticator_code(secret), "next": "/manage/finance"}
        )
        # What was sent is kept: one tap sends it again.
        assert response.headers["Location"] == "/account/confirm/carry-on"
        action, fields = carry_on_form(client)
        assert (action, fields) == ("/manage/finance/pay", [("claims", str(claim.id))])
        response = client.post(action, data=fields_with_token(client, fields))
        assert response.headers["Location"] == "/manage/finance"
        # This time paying was tried (Kai has not chosen Stripe, which the page says).
        assert "Kai: This young person hasn't chosen Stripe" in page_text(
            client.get("/manage/finance")
        )
        # Sent once: nothing is kept any more.
        assert client.get("/account/confirm/carry-on").headers["Location"] == "/"

    def test_within_the_window_it_does_not_ask(self, client, app):
        app.config["STEP_UP_MINUTES"] = 30
        finance = make_finance()
        _, codes = give_authenticator(finance)
        claim = make_approved_claim(make_young_person(), make_worker())
        log_in_with_recovery_code(client, finance, codes[0])
        factor_checked_minutes_ago(client, 20)
        response = client.post(f"/manage/claims/{claim.id}/pay")
        assert "/account/confirm" not in response.headers["Location"]

    def test_changing_a_rate_asks_again(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        from youthhub.payments.rates import ensure_default_rate_card

        ensure_default_rate_card()
        db.session.commit()
        kind = db.session.scalars(select(ContributionKind)).first()
        rates_before = db.session.scalar(select(db.func.count(Rate.id)))
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        response = client.post(
            "/manage/rates",
            data={
                "kind": kind.id,
                "hourly": "99.00",
                "minimum": "",
                "effective_from": "2026-01-01",
            },
        )
        assert response.headers["Location"] == "/account/confirm?next=/manage/rates"
        assert db.session.scalar(select(db.func.count(Rate.id))) == rates_before
        assert client.get("/manage/rates").status_code == 200  # looking needs no step-up

    def test_changing_roles_asks_again(self, client):
        admin, worker = make_admin(), make_worker()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        response = client.post(f"/manage/people/{worker.id}", data={"roles": ["admin"]})
        assert response.headers["Location"] == f"/account/confirm?next=/manage/people/{worker.id}"
        db.session.refresh(worker)
        assert worker.roles == {Role.YOUTH_WORKER}

    def test_erasing_a_young_persons_data_asks_again(self, client):
        from youthhub.rights import services as rights
        from youthhub.rights.models import ErasureRequest, ErasureStatus

        admin, young = make_admin(), make_young_person()
        _, codes = give_authenticator(admin)
        ask = rights.ask_to_be_erased(actor=young)
        db.session.commit()
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        for action, data in (
            (f"/manage/data/requests/{ask.id}/erase", {}),
            ("/manage/data/retention", {"keep_months": "12"}),
        ):
            response = client.post(action, data=data)
            assert response.headers["Location"] == "/account/confirm?next=/manage/data/"
        db.session.expire_all()
        assert db.session.get(ErasureRequest, ask.id).status == ErasureStatus.ASKED
        response = client.post("/account/confirm", data={"code": codes[1], "next": "/manage/data/"})
        # The last form sent (the retention) is the one kept; the erasure is sent again by hand.
        assert response.headers["Location"] == "/account/confirm/carry-on"
        assert carry_on_form(client) == ("/manage/data/retention", [("keep_months", "12")])
        client.post(f"/manage/data/requests/{ask.id}/erase")
        db.session.expire_all()
        assert db.session.get(ErasureRequest, ask.id).status == ErasureStatus.DONE

    def test_what_was_typed_is_kept_while_confirming(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        kind = a_contribution_kind()
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        typed = {"kind": str(kind.id), "hourly": "14.25", "minimum": ""}
        typed["effective_from"] = "2027-04-06"
        response = client.post("/manage/rates?from=card", data=typed)
        assert response.headers["Location"] == "/account/confirm?next=/manage/rates"
        assert "confirm it's you, then carry on" in page_text(client.get("/account/confirm"))
        client.post("/account/confirm", data={"code": codes[1], "next": "/manage/rates"})

        page = page_text(client.get("/account/confirm/carry-on"))
        assert "What you sent before is kept here" in page
        action, fields = carry_on_form(client)
        assert action == "/manage/rates?from=card"
        assert dict(fields) == typed
        client.post(action, data=fields_with_token(client, fields))
        assert db.session.scalar(select(Rate).where(Rate.hourly_pence == 1425)) is not None

    def test_a_form_too_big_for_the_cookie_is_not_kept(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        client.post("/manage/data/retention", data={"keep_months": "1" * 3_000})
        assert "then do it again" in page_text(client.get("/account/confirm"))
        response = client.post("/account/confirm", data={"code": codes[1], "next": "/manage/data/"})
        assert response.headers["Location"] == "/manage/data/"

    def test_what_was_kept_is_forgotten_after_ten_minutes(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        client.post("/manage/data/retention", data={"keep_months": "12"})
        with client.session_transaction() as session:
            session[KEPT] = {**session[KEPT], "at": session[KEPT]["at"] - 11 * 60}
        response = client.post("/account/confirm", data={"code": codes[1], "next": "/manage/data/"})
        assert response.headers["Location"] == "/manage/data/"
        assert client.get("/account/confirm/carry-on").headers["Location"] == "/"

    def test_a_passkey_confirming_also_leads_to_what_was_kept(self, client, app):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        client.post("/manage/data/retention", data={"keep_months": "12"})
        with app.test_request_context():
            with client.session_transaction() as session:
                kept = dict(session)
            from flask import session as request_session

            request_session.update(kept)
            assert second_step.after_step_up("/manage/data/") == "/account/confirm/carry-on"
            request_session.pop(KEPT)
            assert second_step.after_step_up("/manage/data/") == "/manage/data/"
            assert second_step.after_step_up("https://elsewhere.example/") == "/"

    def test_a_recovery_code_also_confirms(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        factor_checked_minutes_ago(client, 60)
        response = client.post("/account/confirm", data={"code": codes[1], "next": "/manage/rates"})
        assert response.headers["Location"] == "/manage/rates"


class TestAdminResetsSignIn:
    def test_an_admin_resets_a_colleagues_factors(self, client):
        admin, finance = make_admin(), make_finance()
        give_authenticator(finance)
        log_in(client, admin)
        page = page_text(client.get(f"/manage/people/{finance.id}"))
        assert "Reset their sign-in" in page
        response = client.post(f"/manage/people/{finance.id}/reset-sign-in")
        assert response.headers["Location"] == f"/manage/people/{finance.id}"
        assert not mfa.has_second_factor(finance)

    def test_an_admin_is_not_offered_their_own_reset(self, client):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        log_in_with_recovery_code(client, admin, codes[0])
        assert "Another admin must reset your own sign-in" in page_text(
            client.get(f"/manage/people/{admin.id}")
        )
        client.post(f"/manage/people/{admin.id}/reset-sign-in")
        assert mfa.has_second_factor(admin)


class TestPasskeyAnswers:
    """Real passkeys are made and used in tests/browser/test_mfa.py; here, bad answers."""

    def test_a_forged_answer_is_refused_as_json_and_signs_nobody_in(self, client):
        finance = make_finance()
        db.session.add(Passkey(user_id=finance.id, credential_id=b"c", public_key=b"k", name="P"))
        db.session.commit()
        password_step(client, finance)
        assert client.post("/passkey/challenge").is_json
        response = client.post(
            "/passkey/check",
            data=json.dumps({"rawId": "Yw", "response": {}}),
            content_type="application/json",
            headers={"X-CSRFToken": client.csrf_token()},
        )
        assert response.status_code == 400
        assert response.json["error"].startswith("That passkey didn't work")
        assert client.get("/manage/").headers["Location"].startswith("/login")

    def test_without_a_pending_sign_in_nobody_gets_a_challenge(self, client):
        assert client.post("/passkey/challenge").status_code == 403
