"""Nothing tells anyone whether an email has an account: not sign-up, not login, not reset."""

import re

import pytest

from tests.factories import PASSWORD, make_young_person
from youthhub.accounts import passwords, services
from youthhub.core.errors import DomainError
from youthhub.home.warm import warm_up

SIGN_UP = {
    "preferred_name": "Kai",
    "email": "kai@example.org",
    "password": "kettle moon orange bus",
    "birth_day": "14",
    "birth_month": "2",
    "birth_year": "2006",
    "agree": "y",
}


def answer(client, path, data) -> tuple:
    """What the person sees: the status, where it goes, and the page it lands on."""
    first = client.post(path, data=data)
    page = client.get(first.headers["Location"]) if first.status_code == 302 else first
    text = re.sub(r'name="csrf_token" value="[^"]*"', "", page.get_data(as_text=True))
    text = re.sub(r'nonce="[^"]*"|nonce-[\w-]+', "", text)
    return first.status_code, first.headers.get("Location"), text.replace(data["email"], "EMAIL")


class TestSignUp:
    def test_a_taken_email_answers_exactly_like_a_new_one(self, app, smtp_inbox):
        make_young_person(email="taken@example.org", name="Jordan", locale="cy")
        new = answer(app.test_client(), "/signup", SIGN_UP)
        taken = answer(app.test_client(), "/signup", {**SIGN_UP, "email": "taken@example.org"})
        assert new == taken
        assert "Nearly there!" in new[2]

    def test_the_owner_is_told_in_their_language_and_nobody_else_learns_anything(
        self, app, client, smtp_inbox
    ):
        make_young_person(email="taken@example.org", name="Jordan", locale="cy")
        client.post("/signup", data={**SIGN_UP, "email": "taken@example.org"})
        [message] = smtp_inbox.messages
        assert message["To"] == "taken@example.org"
        body = smtp_inbox.body()
        assert "Jordan" in body
        assert "Someone just tried to sign up" not in body  # written in Welsh
        assert "http://localhost/login" in body
        assert "http://localhost/forgot-password" in body

    def test_in_english_the_owner_reads_log_in_or_reset(self, app, client, smtp_inbox):
        make_young_person(email="taken@example.org", name="Jordan")
        client.post("/signup", data={**SIGN_UP, "email": "taken@example.org"})
        body = smtp_inbox.body()
        assert "Someone just tried to sign up to YouthHub with your email address" in body
        assert "If it was you, log in here" in body


class TestLogin:
    def test_unknown_email_wrong_password_and_unfinished_sign_up_read_the_same(self, app):
        make_young_person(email="known@example.org")
        app.test_client().post("/signup", data={**SIGN_UP, "email": "waiting@example.org"})
        tries = [
            {"email": "nobody@example.org", "password": PASSWORD},
            {"email": "known@example.org", "password": "not the password"},
            {"email": "waiting@example.org", "password": SIGN_UP["password"]},
        ]
        answers = {answer(app.test_client(), "/login", data) for data in tries}
        assert len(answers) == 1
        assert "don&#39;t match" in answers.pop()[2]

    def test_an_unknown_email_costs_one_check_against_a_hash_made_once(self, app, monkeypatch):
        passwords.prepare_dummy_hash()
        made = []
        real_hash = passwords.hash_password
        monkeypatch.setattr(passwords, "hash_password", lambda p: made.append(p) or real_hash(p))
        checks = []
        real_verify = passwords.verify_password
        monkeypatch.setattr(
            passwords, "verify_password", lambda h, p: checks.append(h) or real_verify(h, p)
        )
        for _ in range(3):
            with pytest.raises(DomainError, match="don't match"):
                services.authenticate("nobody@example.org", "some password")
        assert made == []  # no hashing per login: that made unknown emails twice as slow
        assert len(checks) == 3
        assert len(set(checks)) == 1


class TestLoginCost:
    """Through the login page itself, as a stranger would time it: an unknown email costs one
    Argon2 check, exactly what a known email with a wrong password costs, and no hashing."""

    @pytest.fixture
    def argon2_calls(self, app, monkeypatch):
        from argon2 import PasswordHasher

        warm_up(app)  # what a starting worker does: the dummy hash is made before any login
        calls = []
        for name in ("hash", "verify"):
            real = getattr(PasswordHasher, name)

            def counted(hasher, *args, _real=real, _name=name, **kwargs):
                calls.append(_name)
                return _real(hasher, *args, **kwargs)

            monkeypatch.setattr(PasswordHasher, name, counted)
        return calls

    @pytest.mark.parametrize("email", ["nobody@example.org", "known@example.org"])
    def test_a_failed_login_costs_exactly_one_check(self, app, argon2_calls, email):
        make_young_person(email="known@example.org")
        argon2_calls.clear()

        status, _, page = answer(
            app.test_client(), "/login", {"email": email, "password": "not the password"}
        )

        assert (status, "don&#39;t match" in page) == (200, True)
        assert argon2_calls == ["verify"]
