"""The parts around every page's content, made once and kept (`core/chrome.py`): each shows
the same as before for the person, language and page it is on, with the page's own nonce, CSRF
token and address put in, and none can hold anything it is not keyed by."""

import re
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from tests.factories import log_in, make_user, make_worker, make_young_person
from youthhub.accounts.models import Role
from youthhub.core import chrome

TEMPLATES = Path(chrome.__file__).resolve().parent.parent / "templates"


@pytest.fixture
def kept_parts(app, monkeypatch):
    """Production's way: parts made once and kept (development makes them on every page, as
    a static file edited while the app runs gets a new name)."""
    monkeypatch.setitem(app.extensions["youthhub_static"], "autorefresh", False)
    monkeypatch.setitem(app.extensions, "youthhub_chrome", {})
    return app.extensions["youthhub_chrome"]


def values_handed(app) -> dict[str, set[str]]:
    """What the base template hands each part: `chrome("name", value=...)`'s keywords."""
    source = (TEMPLATES / "base.html").read_text()
    handed: dict[str, set[str]] = {}
    for call in app.jinja_env.parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "chrome":
            handed[call.args[0].value] = {keyword.key for keyword in call.kwargs}
    return handed


def test_a_part_reads_only_what_it_is_kept_by(app):
    handed = values_handed(app)
    parts = {path.stem for path in (TEMPLATES / "chrome").glob("*.html")}
    assert parts == set(handed)  # every part is used, and used as a part
    allowed_everywhere = set(chrome.STAND_INS) | chrome.HELPERS
    for name in parts:
        source = (TEMPLATES / "chrome" / f"{name}.html").read_text()
        read = meta.find_undeclared_variables(app.jinja_env.parse(source))
        # Nothing of the request or the person (current_user, request, session, g, csp_nonce,
        # csrf_token()): a kept part would show one person's to the next.
        assert read <= handed[name] | allowed_everywhere, (name, read - handed[name])


def nonces(html: str) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', html))


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))


def test_each_page_gets_its_own_nonce_and_token_in_the_kept_parts(client, kept_parts):
    log_in(client, make_young_person())
    first, second = client.get("/goals/"), client.get("/goals/")

    assert kept_parts  # the second page used the parts the first one made
    for page in (first, second):
        html = page.get_data(as_text=True)
        (nonce,) = nonces(html)  # the head's three scripts: the page's one nonce
        assert f"'nonce-{nonce}'" in page.headers["Content-Security-Policy"]
        assert len(csrf_tokens(html)) == 1 and "\ue000" not in html
    assert nonces(first.get_data(as_text=True)) != nonces(second.get_data(as_text=True))


def test_the_token_in_a_kept_part_works(client, kept_parts):
    young = make_young_person()
    log_in(client, young)
    client.get("/")
    token = csrf_tokens(client.get("/").get_data(as_text=True)).pop()

    chosen = client.post("/language", data={"csrf_token": token, "locale": "cy", "next": "/"})

    assert chosen.status_code in (302, 303)
    assert 'lang="cy"' in client.get("/").get_data(as_text=True)


def test_the_language_switcher_comes_back_to_this_page_escaped(client, kept_parts):
    first = client.get("/?week=next").get_data(as_text=True)
    html = client.get('/?x="><b>').get_data(as_text=True)

    assert re.findall(r'name="next" value="([^"]*)"', first) == ["/?week=next"]
    assert re.findall(r'name="next" value="([^"]*)"', html) == ["/?x=&#34;&gt;&lt;b&gt;"]


def bottom_bar(html: str) -> str:
    return re.search(r'<nav class="bottom-nav".*?</nav>', html, re.S).group(0)


def test_the_bottom_bar_marks_the_page_it_is_on_and_speaks_its_language(client, kept_parts):
    log_in(client, make_young_person())

    goals = bottom_bar(client.get("/goals/").get_data(as_text=True))
    money = bottom_bar(client.get("/money").get_data(as_text=True))
    profile = bottom_bar(client.get("/profile").get_data(as_text=True))
    welsh = bottom_bar(client.get("/goals/", headers={"Accept-Language": "cy"}).get_data(True))

    assert re.findall(r'href="([^"]+)" aria-current="page"', goals) == ["/goals/"]
    assert re.findall(r'href="([^"]+)" aria-current="page"', money) == ["/money"]
    assert "aria-current" not in profile  # not a page of the bar
    assert "<span>Goals</span>" in goals and "<span>Nodau</span>" in welsh


def test_each_person_gets_the_links_of_their_own_roles(client, kept_parts):
    log_in(client, make_user(Role.YOUNG_PERSON, Role.YOUTH_WORKER))
    both_young = client.get("/").get_data(as_text=True)
    both_staff = client.get("/manage/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_tokens(both_staff).pop()})
    log_in(client, make_worker())
    worker = client.get("/manage/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_tokens(worker).pop()})
    nobody = client.get("/").get_data(as_text=True)

    assert 'href="/manage/">Staff area</a>' in both_young
    assert 'href="/">My pages</a>' in both_staff and 'class="staff-nav"' in both_staff
    assert "My pages" not in worker and "Staff area</a>" not in worker
    assert 'class="staff-nav"' in worker and "Log out" in worker
    assert 'action="/logout"' not in nobody and 'href="/login">Log in</a>' in nobody


def test_development_makes_the_parts_on_every_page(client, app, monkeypatch):
    assert app.extensions["youthhub_static"]["autorefresh"]
    monkeypatch.setitem(app.extensions, "youthhub_chrome", {})
    log_in(client, make_young_person())
    assert client.get("/goals/").status_code == 200
    assert not app.extensions.get("youthhub_chrome")
