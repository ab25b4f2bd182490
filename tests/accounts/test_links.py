"""Links in emails come from configuration only: a hostile `Host` or `X-Forwarded-Host` never
reaches a view, and a trusted one never decides where a link points."""

import re

import pytest

from tests.core.test_routes import (
    ROLES,
    client_as,
    committed_world,  # noqa: F401  (the fixtures: one of everything)
    world,  # noqa: F401
)
from tests.factories import log_in, make_admin, make_young_person

HOSTILE = "evil.example"
SIGN_UP = {
    "preferred_name": "Kai",
    "email": "kai@example.org",
    "password": "kettle moon orange bus",
    "birth_day": "14",
    "birth_month": "2",
    "birth_year": "2006",
    "agree": "y",
}


def mail_routes(client):
    """Every route that sends an email with a link, each as its rightful user: a password reset,
    a staff invite, a sign-up, and a sign-up with an email that has an account."""
    make_young_person(email="jo@example.org")
    make_young_person(email="taken@example.org")
    admin = make_admin()
    return [
        ("/forgot-password", {"email": "jo@example.org"}, None),
        ("/manage/invites", {"email": "new@example.org", "roles": ["finance"]}, admin),
        ("/signup", SIGN_UP, None),
        ("/signup", {**SIGN_UP, "email": "taken@example.org"}, None),
    ]


def send(app, path, data, person, headers):
    client = app.test_client()
    if person is not None:
        log_in(client, person)
    return client.post(path, data=data, headers=headers)


class TestHostileHost:
    @pytest.fixture
    def app_config(self):
        return {"PROXY_COUNT": 1}

    @pytest.mark.parametrize(
        "headers", [{"Host": HOSTILE}, {"X-Forwarded-Host": HOSTILE}], ids=["host", "forwarded"]
    )
    def test_every_mail_sending_route_refuses_it_and_sends_nothing(
        self, app, client, smtp_inbox, headers
    ):
        answers = [
            send(app, path, data, person, headers).status_code
            for path, data, person in mail_routes(client)
        ]
        assert answers == [400, 400, 400, 400]
        assert smtp_inbox.messages == []

    def test_every_route_of_the_app_refuses_it_for_everyone(self, app, world):  # noqa: F811
        answered = []
        for role in ROLES:
            client = client_as(app, world, role)
            for rule in app.url_map.iter_rules():
                for method in rule.methods - {"HEAD", "OPTIONS"}:
                    for headers in ({"Host": HOSTILE}, {"X-Forwarded-Host": HOSTILE}):
                        response = client.open(world.url(rule), method=method, headers=headers)
                        answered.append(response.status_code)
        assert set(answered) == {400}
        assert len(answered) > 300  # every route and method, for each role, both headers


class TestLinksFromConfiguration:
    @pytest.fixture
    def app_config(self):
        # The test client's requests come in on `localhost`: trusted, but not the site's address.
        return {"PUBLIC_BASE_URL": "https://youthhub.example.org"}

    def test_a_trusted_but_different_host_does_not_decide_the_link(self, app, client, smtp_inbox):
        for path, data, person in mail_routes(client):
            send(app, path, data, person, {})
        assert len(smtp_inbox.messages) == 4
        for index in range(4):
            body = smtp_inbox.body(index)
            links = re.findall(r"https?://\S+", body)
            assert links, body
            assert all(link.startswith("https://youthhub.example.org/") for link in links), body
            assert "localhost" not in body

    def test_the_worker_s_sign_up_link_is_on_the_public_address(self, app, client):
        from tests.factories import make_worker

        log_in(client, make_worker(invite_code="K7QHM2XP"))
        page = client.get("/manage/my-young-people")
        assert "https://youthhub.example.org/signup?code=K7QHM2XP" in page.get_data(as_text=True)


class TestCommandLine:
    def test_without_a_public_address_a_link_is_made_only_on_a_trusted_host(self, app):
        runner = app.test_cli_runner()
        args = ["invite-staff", "new@example.org", "--role", "finance", "--base-url"]
        refused = runner.invoke(args=[*args, "https://yh.example"])
        assert refused.exit_code != 0
        assert "not an address this app answers to" in refused.output
        made = runner.invoke(args=[*args, "http://localhost:8000"])
        assert "http://localhost:8000/invite/" in made.output

    def test_with_a_public_address_it_alone_makes_the_link(self, app, monkeypatch):
        monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://youthhub.example.org")
        monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["youthhub.example.org"])
        runner = app.test_cli_runner()
        made = runner.invoke(
            args=["invite-staff", "new@example.org", "--role", "finance", "--base-url", "http://x"]
        )
        assert "https://youthhub.example.org/invite/" in made.output


def test_no_code_builds_an_absolute_link_from_the_request():
    """Every absolute link goes through `core.links` (PUBLIC_BASE_URL): `url_for(...,
    _external=True)` anywhere else would take its host from the request again."""
    from pathlib import Path

    import youthhub

    package = Path(youthhub.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "_external=True" in path.read_text() and path.name != "links.py"
    ]
    assert offenders == []
