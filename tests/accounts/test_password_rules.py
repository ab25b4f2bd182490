"""Passwords: at least 10 characters and hard to guess (zxcvbn, with the person's own name and
email as words it tries first), with a kind, specific message; weak old ones change at login."""

import pytest

from tests.factories import log_in, make_admin, make_finance, make_young_person, post_login
from youthhub.accounts import services
from youthhub.accounts.passwords import password_problem

COMMON = "one of the most common"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "at least 10 characters"),
        ("password1234", COMMON),
        ("qwertyuiop", COMMON),
        ("1q2w3e4r5t", COMMON),
        ("kai.smith2007", "too close to your name or email"),
        ("kai.smith@example.org", "too close to your name or email"),
        ("zxcvbnm,./", "Rows of keys"),
        ("aaaaaaaaaaaa", "Repeats and sequences"),
        ("abcdefghijkl", "Repeats and sequences"),
    ],
)
def test_a_guessable_password_is_refused_with_a_reason(app, password, message):
    problem = password_problem(password, name="Kai Smith", email="kai.smith@example.org")
    assert message in str(problem)


@pytest.mark.parametrize(
    "password", ["kettle moon orange bus", "correct horse battery", "demo-password-1"]
)
def test_a_few_random_words_are_fine(app, password):
    assert password_problem(password, name="Kai Smith", email="kai@example.org") is None


def test_the_rule_holds_on_every_form_that_sets_a_password(app, client):
    weak = "password1234"
    person = make_young_person()
    _invite, token = services.invite_staff("new@example.org", ["finance"], actor=make_admin())
    reset = f"/reset-password/{services.make_password_reset_token(person)}"
    pages = {
        "sign-up": (
            "/signup",
            {
                "preferred_name": "Kai",
                "email": "kai@example.org",
                "password": weak,
                "birth_day": "1",
                "birth_month": "2",
                "birth_year": "2006",
                "agree": "y",
            },
        ),
        "reset": (reset, {"password": weak}),
        "invite": (f"/invite/{token}", {"preferred_name": "Wen", "password": weak}),
    }
    for name, (path, data) in pages.items():
        response = app.test_client().post(path, data=data)
        assert response.status_code == 200, name
        assert COMMON in response.get_data(as_text=True), name
    log_in(client, person)
    response = client.post(
        "/profile/password",
        data={"current_password": "correct horse battery", "new_password": weak},
    )
    assert COMMON in response.get_data(as_text=True)


@pytest.mark.parametrize("maker", [make_young_person, make_finance])
def test_a_weak_password_must_change_before_anything_else(app, client, maker):
    person = maker(password="qwertyuiop")
    response = post_login(client, person, password="qwertyuiop")
    assert response.headers["Location"] == "/profile/password"
    assert person.must_change_password
    for page in ("/", "/manage/", "/profile", "/no-such-page"):
        assert client.get(page).headers.get("Location") == "/profile/password", page
    html = client.get("/profile/password").get_data(as_text=True)
    assert "would be easy to guess" in html
    refused = client.post(
        "/profile/password",
        data={"current_password": "qwertyuiop", "new_password": "asdfghjkl;'"},
    )
    assert "Rows of keys" in refused.get_data(as_text=True)
    response = client.post(
        "/profile/password",
        data={"current_password": "qwertyuiop", "new_password": "kettle moon orange bus"},
    )
    assert response.headers["Location"] == "/"
    assert not person.must_change_password
    profile = client.get("/profile")
    if person.is_staff:  # finance must then set up a second factor before anything else
        assert profile.headers["Location"] == "/account/security"
    else:
        assert profile.status_code == 200


def test_a_strong_password_is_not_flagged(app, client):
    person = make_young_person()
    assert post_login(client, person).headers["Location"] == "/"
    assert not person.must_change_password


def test_a_reset_clears_the_flag(app):
    person = make_young_person(password="qwertyuiop")
    services.authenticate(person.email, "qwertyuiop")
    assert person.must_change_password
    services.reset_password(services.make_password_reset_token(person), "kettle moon orange bus")
    assert not person.must_change_password
