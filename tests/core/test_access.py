"""Every route declares who may see it; anything undeclared is refused."""

import pytest
from flask import Blueprint

from youthhub.core.access import AccessRule, public, roles


def test_every_registered_route_declares_an_access_rule(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if not isinstance(
            getattr(app.view_functions[rule.endpoint], "access_rule", None), AccessRule
        )
    ]
    assert undeclared == []


@pytest.mark.own_app
def test_a_view_without_a_rule_is_refused(app, client):
    forgotten = Blueprint("forgotten", __name__)
    forgotten.add_url_rule("/forgotten", "page", lambda: "secret")
    app.register_blueprint(forgotten)

    response = client.get("/forgotten")

    assert response.status_code == 403
    assert b"secret" not in response.data


@pytest.mark.parametrize(
    ("decorator", "expected"),
    [
        (public, "public"),
        (roles("admin", "finance"), "roles: admin, finance"),
    ],
)
def test_rules_describe_themselves(decorator, expected):
    view = decorator(lambda: None)
    assert view.access_rule.describe() == expected


def test_a_huge_address_comes_back_to_its_page_without_the_query(client):
    response = client.get("/goals/", query_string={"q": "x" * 50_000})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/goals/"
