"""Login limits that cannot lock the owner out: a device that has logged in to an account before
(OWASP's device cookie) has a limit of its own, which nobody else's failures use up."""

import pytest

from tests.factories import PASSWORD, make_young_person, post_login
from youthhub.accounts import services


@pytest.fixture
def app_config():
    return {
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
        "LOGIN_LIMIT_PER_ADDRESS": "6 per 15 minutes",
        "LOGIN_LIMIT_PER_DEVICE": "2 per 15 minutes",
    }


def known_phone(app, person):
    """A phone the person has logged in on before (then logged out of)."""
    phone = app.test_client()
    assert post_login(phone, person).status_code == 302
    assert phone.get_cookie("login_device", path="/login") is not None
    phone.post("/logout")
    return phone


def lock_out(app, person):
    stranger = app.test_client()
    for _ in range(3):
        assert post_login(stranger, person, password="a wrong guess").status_code == 200
    assert post_login(stranger, person).status_code == 429  # even the right password waits
    return stranger


def test_strangers_failures_do_not_block_the_owner_s_own_phone(app):
    owner = make_young_person()
    phone = known_phone(app, owner)
    lock_out(app, owner)
    assert post_login(phone, owner).status_code == 302


def test_nor_does_a_busy_address_block_it(app):
    owner = make_young_person()
    phone = known_phone(app, owner)
    stranger = app.test_client()  # same address (the test client's) as the owner's phone
    for number in range(6):
        stranger.post("/login", data={"email": f"guess{number}@example.org", "password": "x1"})
    assert post_login(stranger, make_young_person()).status_code == 429
    assert post_login(phone, owner).status_code == 302


def test_the_known_phone_has_its_own_limit(app):
    owner = make_young_person()
    phone = known_phone(app, owner)
    for _ in range(2):
        assert post_login(phone, owner, password="a wrong guess").status_code == 200
    response = post_login(phone, owner)
    assert response.status_code == 429
    assert "Too many tries to log in" in response.get_data(as_text=True)
    # ... which is the phone's alone: a stranger still has the account's own tries left
    assert post_login(app.test_client(), owner).status_code == 302


def test_a_phone_known_to_one_account_is_a_stranger_to_another(app):
    owner, other = make_young_person(), make_young_person()
    phone = known_phone(app, owner)
    lock_out(app, other)
    assert post_login(phone, other).status_code == 429


@pytest.mark.parametrize("cookie", ["made-up", "eyJhY2NvdW50IjoxfQ.forged.signature"])
def test_a_forged_device_cookie_counts_for_nothing(app, cookie):
    owner = make_young_person()
    lock_out(app, owner)
    phone = app.test_client()
    phone.set_cookie("login_device", cookie, path="/login")
    assert post_login(phone, owner).status_code == 429


def test_the_device_cookie_names_the_account_and_keeps_to_the_login_page(app):
    owner = make_young_person()
    phone = known_phone(app, owner)
    cookie = phone.get_cookie("login_device", path="/login")
    assert cookie.http_only
    assert cookie.path == "/login"
    assert services.trusted_device(cookie.value, owner) is not None
    assert services.trusted_device(cookie.value, make_young_person()) is None


def test_successful_logins_from_strangers_do_not_count(app):
    owner = make_young_person()
    for _ in range(5):
        assert post_login(app.test_client(), owner, password=PASSWORD).status_code == 302
