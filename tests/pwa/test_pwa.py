"""The installable app over plain HTTP: manifest, service worker and how long files are cached."""

import gzip
import os
import re
import struct
from html import unescape

import brotli
import pytest
from flask import Flask, url_for

from tests.factories import log_in, make_worker, make_young_person
from youthhub.core.assets import serve_static

ONE_YEAR = 31536000


def stylesheet_url(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


def test_the_service_worker_is_never_kept_in_the_http_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    # Browsers must ask for a new service worker each time, or a fix could take a day to arrive.
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_the_service_worker_precaches_the_current_files_and_both_offline_pages(client):
    script = client.get("/sw.js").get_data(as_text=True)
    assert stylesheet_url(client) in script
    assert '"en", "cy"' in script
    precache = re.search(r"const PRECACHE = (\[.*?\]);", script).group(1)
    for url in re.findall(r'"([^"]+)"', precache):
        assert client.get(url).status_code == 200, url
    for lang in ("en", "cy"):
        page = client.get(f"/offline?lang={lang}")
        assert page.status_code == 200
        assert f'<html lang="{lang}' in page.get_data(as_text=True)  # en-GB or cy


def test_fingerprinted_static_files_are_cached_for_a_year(client):
    url = stylesheet_url(client)
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", url)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    cache = response.cache_control
    assert cache.public
    assert cache.max_age == ONE_YEAR
    assert cache.immutable
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_come_compressed_as_the_browser_asks(client):
    url = stylesheet_url(client)
    plain = client.get(url).get_data()
    for accepted, encoding, decode in (
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
    ):
        response = client.get(url, headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert len(response.get_data()) < len(plain) / 4
        assert decode(response.get_data()) == plain
    # A browser that asks for nothing compressed gets the file itself.
    assert "Content-Encoding" not in client.get(url).headers


def test_static_files_without_the_current_fingerprint_are_checked_every_time(client):
    url = stylesheet_url(client)
    plain_url = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", url)
    response = client.get(plain_url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.get_data() == client.get(url).get_data()
    # A fingerprint that is not the file's content finds nothing, rather than the wrong file.
    assert client.get(re.sub(r"[0-9a-f]{12}", "0" * 12, url)).status_code == 404


def test_a_file_changed_while_the_app_runs_gets_a_new_name_and_compressed_copies(tmp_path):
    # Development: someone edits the stylesheet while `make run` serves the app.
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "app.css").write_text("body { color: black; }\n" * 200)
    app = Flask(__name__, static_folder=str(static))
    app.config.update(YOUTHHUB_ENV="development", STATIC_BUILD_PATH=tmp_path / "build")
    serve_static(app)
    with app.test_request_context():
        first = url_for("static", filename="css/app.css")
        (static / "css" / "app.css").write_text("body { color: navy; }\n" * 200)
        os.utime(static / "css" / "app.css", (1, 1))
        second = url_for("static", filename="css/app.css")
    assert first != second
    answer = app.test_client().get(second, headers={"Accept-Encoding": "br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert b"navy" in brotli.decompress(answer.get_data())


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_describes_an_installable_app_with_real_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "YouthHub"
    assert manifest["display"] == "standalone"
    assert client.get(manifest["start_url"]).status_code == 200
    purposes = set()
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        assert image.mimetype == icon["type"] == "image/png"
        width, height = png_size(image.get_data())
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add((icon["purpose"], width))
    assert {("any", 192), ("any", 512), ("maskable", 512)} <= purposes


def test_the_manifest_lets_people_turn_the_app_and_names_its_language(client):
    manifest = client.get("/manifest.webmanifest?lang=en").get_json(force=True)
    # WCAG 2.1 SC 1.3.4: no orientation lock (absent or "any").
    assert manifest.get("orientation", "any") == "any"
    assert manifest["lang"] == "en-GB"
    assert manifest["dir"] == "ltr"
    assert manifest["description"] == "Activities, groups, goals and payments for young people."


def test_each_language_links_its_own_manifest_in_that_language(client):
    # Browsers fetch the manifest without cookies, so the page's link carries the language.
    html = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    href = manifest_link(html)
    assert href.startswith("/manifest.webmanifest?lang=cy&")
    manifest = client.get(href).get_json(force=True)
    assert manifest["lang"] == "cy"
    assert manifest["dir"] == "ltr"
    assert manifest["id"] == "/"  # one app, whichever language installed it
    assert manifest["description"] != "Activities, groups, goals and payments for young people."
    assert (
        manifest["description"]
        == client.get("/manifest.webmanifest", headers={"Accept-Language": "cy"}).get_json(
            force=True
        )["description"]
    )


def manifest_link(html: str) -> str:
    return unescape(re.search(r'<link rel="manifest" href="([^"]+)"', html).group(1))


def test_the_install_sheet_shows_a_phone_and_a_computer_screenshot(client):
    manifest = client.get("/manifest.webmanifest?lang=cy").get_json(force=True)
    shots = manifest["screenshots"]
    assert [shot["form_factor"] for shot in shots] == ["narrow", "wide"]
    for shot in shots:
        image = client.get(shot["src"])
        assert image.status_code == 200
        assert image.mimetype == shot["type"] == "image/png"
        width, height = png_size(image.get_data())
        assert shot["sizes"] == f"{width}x{height}"
        # Chromium drops a screenshot under 320 px or longer than 2.3 times its width.
        assert min(width, height) >= 320 and max(width, height) <= 2.3 * min(width, height)
        assert shot["label"] and "What's on" not in shot["label"]  # in Welsh


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["What's on", "My goals"]),
        (make_young_person, ["What's on", "My goals"]),
        (make_worker, ["Take the register", "What's on"]),
    ],
)
def test_the_shortcuts_are_the_ones_the_person_can_use(client, who, expected):
    if who is not None:
        log_in(client, who())
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    manifest = client.get(manifest_link(page)).get_json(force=True)
    assert [shortcut["name"] for shortcut in manifest["shortcuts"]] == expected
    for shortcut in manifest["shortcuts"]:
        opened = client.get(shortcut["url"])
        # Before signing in, each asks the person to sign in first.
        if who is None:
            assert opened.location.startswith("/login"), shortcut
        else:
            assert opened.status_code == 200, shortcut


def test_a_manifest_address_asking_for_unknown_shortcuts_gets_only_known_ones(client):
    path = "/manifest.webmanifest?shortcut=register&shortcut=nonsense&shortcut=register"
    manifest = client.get(path).get_json(force=True)
    assert [shortcut["url"] for shortcut in manifest["shortcuts"]] == ["/manage/activities/"]


def test_the_offline_pages_say_nothing_about_who_is_signed_in(client):
    from tests.factories import log_in, make_young_person

    log_in(client, make_young_person())
    for page in ("unsaved", "private"):
        html = client.get(f"/offline?lang=en&page={page}").get_data(as_text=True)
        # The worker keeps a copy made when it installed, often before anyone signed in.
        assert ">Log in<" not in html and ">Log out<" not in html and ">Profile<" not in html
        assert "bottom-nav" not in html


def test_each_offline_page_says_truthfully_what_is_kept_on_the_phone(client):
    def words(url) -> str:
        return " ".join(client.get(url).get_data(as_text=True).split())

    never = words("/offline?lang=en&page=private")
    assert "This page is never saved on your phone" in never
    assert "isn't saved on your phone yet" not in never
    unsaved = words("/offline?lang=en&page=unsaved")
    assert "a page is saved once you've opened it here with a signal" in unsaved
    for text in (never, unsaved):
        assert "Your Money page and payments, logging in, signing up" in text
    welsh = words("/offline?lang=cy&page=private")
    assert "Dyw'r dudalen hon byth yn cael ei chadw ar eich ffôn" in welsh


def test_the_worker_keeps_both_offline_pages_and_picks_by_the_page_that_failed(client):
    script = client.get("/sw.js").get_data(as_text=True)
    kept = re.search(r"const OFFLINE_PAGES = (\[.*?\]);", script).group(1)
    urls = [url.replace("\\u0026", "&") for url in re.findall(r'"([^"]+)"', kept)]
    assert sorted(urls) == sorted(
        f"/offline?lang={lang}&page={page}"
        for lang in ("en", "cy")
        for page in ("unsaved", "private")
    )
    assert 'mayKeep(url) ? "unsaved" : "private"' in script


def test_in_production_the_names_made_at_start_are_served_with_hsts(tmp_path):
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "app.js").write_text("console.log('hello');\n" * 100)
    app = Flask(__name__, static_folder=str(static))
    app.config.update(YOUTHHUB_ENV="production", STATIC_BUILD_PATH=tmp_path / "build")
    serve_static(app)
    with app.test_request_context():
        url = url_for("static", filename="js/app.js")
    assert re.fullmatch(r"/static/js/app\.[0-9a-f]{12}\.js", url)
    answer = app.test_client().get(url, headers={"Accept-Encoding": "gzip, br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert answer.cache_control.immutable
