"""A list's row links and the links on every page, built once, read exactly as `url_for` writes
them, wherever the app is mounted."""

from flask import url_for

from youthhub.core.links import fixed_url, row_link


def test_row_links_read_as_url_for_writes_them(app):
    for root in ("", "/youthhub"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for endpoint, name in [
                ("goals.goal", "goal_id"),
                ("activities.activity", "activity_id"),
                ("payments.claim", "claim_id"),
            ]:
                link = row_link(endpoint, name)
                for row_id in (1, 7, 40, 123456, 2**31 - 1):
                    assert link(row_id) == url_for(endpoint, **{name: row_id})
            assert row_link("goals.goal", "goal_id")(5).startswith(f"{root}/goals/")


def test_fixed_links_read_as_url_for_writes_them(app):
    for root in ("", "/youthhub"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for endpoint, values in [
                ("core.privacy", {}),
                ("accounts.logout", {}),
                ("static", {"filename": "css/app.css"}),
                ("pwa.manifest", {"lang": "cy", "shortcut": ("register", "whats-on")}),
            ]:
                for _ in range(2):  # built, then remembered
                    assert fixed_url(endpoint, **values) == url_for(endpoint, **values)
