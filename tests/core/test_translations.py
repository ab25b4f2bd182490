"""Every message is translated, placeholders survive translation, templates hold no
untranslated text, and pages really come out in Welsh."""

import re
from datetime import date
from html.parser import HTMLParser

import flask_babel
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from youthhub.config import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "youthhub"
TRANSLATIONS = PROJECT_ROOT / "translations"
LOCALES = sorted(path.name for path in TRANSLATIONS.iterdir() if path.is_dir())


def extract_messages() -> dict:
    """msgid (a tuple for plurals) -> where it is used, straight from the source tree."""
    with (PROJECT_ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map, options_map, keywords=keywords
    ):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def read_catalogue(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def extracted():
    return extract_messages()


def test_extraction_finds_messages_from_python_and_templates(extracted):
    places = " ".join(extracted.values())
    assert ".py:" in places
    assert ".html:" in places
    assert ".txt:" in places
    assert any(isinstance(msgid, tuple) for msgid in extracted)


def missing_translations(catalogue, extracted: dict) -> list[str]:
    missing = []
    for msgid, place in sorted(extracted.items(), key=lambda item: str(item[0])):
        message = catalogue.get(msgid)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if (
            message is None
            or message.fuzzy
            or isinstance(msgid, tuple) != message.pluralizable
            or len(strings) != (catalogue.num_plurals if message.pluralizable else 1)
            or not all(strings)
        ):
            missing.append(f"{msgid!r} ({place})")
    return missing


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_in_the_source_is_translated(locale, extracted):
    missing = missing_translations(read_catalogue(locale), extracted)
    assert not missing, (
        f"{len(missing)} message(s) have no {locale} translation (run `flask --app youthhub "
        f"translate update`, translate them, then `translate compile`):\n" + "\n".join(missing)
    )


def test_the_welsh_catalogue_header_is_not_fuzzy():
    catalogue = read_catalogue("cy")
    assert not catalogue.fuzzy
    assert str(catalogue.locale) == "cy"


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")


def placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, kind) for name, kind in PLACEHOLDER.findall(text) if kind != "%"}


def test_placeholder_pattern_reads_names_and_kinds():
    assert placeholders("%(num)d of %(name)s, 100%%") == {("num", "d"), ("name", "s")}


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_translations_keep_the_placeholders(locale):
    problems = []
    for message in read_catalogue(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1])
        for string in filter(None, strings):
            if placeholders(string) != expected:
                problems.append(f"{ids[0]!r}: {string!r}")
            elif message.python_format:
                try:
                    string % {name: 1 for name, _kind in expected}
                except (KeyError, ValueError, TypeError) as error:
                    problems.append(f"{ids[0]!r}: {string!r} ({error})")
    assert not problems, f"{locale} placeholders differ from the English:\n" + "\n".join(problems)


# --- templates: no human-readable text outside {{ _() }}, {{ ngettext() }} or {% trans %} ---

ALLOWED_WORDS = re.compile(r"\b(?:YouthHub|English|Cymraeg)\b")
LETTER = re.compile(r"[^\W\d_]")
TRANSLATABLE_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder"}
CODE_TAGS = {"script", "style"}
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.DOTALL)
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
STATEMENT = re.compile(r"\{%.*?%\}", re.DOTALL)


def _replace_keeping_lines(pattern: re.Pattern, replacement: str, source: str) -> str:
    return pattern.sub(lambda match: replacement + "\n" * match.group().count("\n"), source)


def without_jinja(source: str) -> str:
    """The template with comments and tags dropped and translated or computed text as `0`."""
    source = _replace_keeping_lines(JINJA_COMMENT, "", source)
    source = _replace_keeping_lines(TRANS_BLOCK, "0", source)
    source = _replace_keeping_lines(EXPRESSION, "0", source)
    return _replace_keeping_lines(STATEMENT, "", source)


def is_literal(text: str) -> bool:
    return bool(LETTER.search(ALLOWED_WORDS.sub("", text)))


class LiteralFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if self.is_translatable(tag, name, attributes) and is_literal(value or ""):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))
        if tag in CODE_TAGS:
            self.in_code += 1

    @staticmethod
    def is_translatable(tag: str, name: str, attributes: dict) -> bool:
        if name == "content":
            return tag == "meta" and attributes.get("name") == "description"
        if name == "value":
            return tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
        return name in TRANSLATABLE_ATTRIBUTES

    def handle_endtag(self, tag):
        if tag in CODE_TAGS and self.in_code:
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_code and is_literal(data):
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append((self.getpos()[0] + leading.count("\n"), data.strip()))


def untranslated_text(source: str, *, html: bool = True) -> list[tuple[int, str]]:
    """(line, text) for each piece of text a person would read that is not translated."""
    plain = without_jinja(source)
    if not html:
        return [
            (number, line.strip())
            for number, line in enumerate(plain.splitlines(), start=1)
            if is_literal(line)
        ]
    finder = LiteralFinder()
    finder.feed(plain)
    finder.close()
    return finder.found


def test_the_literal_check_reports_untranslated_text():
    template = """{% extends "base.html" %}
{% block content %}
<h1>Hello there</h1>
{# a note for developers #}<p>
  Not wrapped</p>
<img src="x.png" alt="A happy face">
<meta name="description" content="All about us">
{% if x %}<button aria-label="{{ _('Close') }}" title="Close it">X</button>{% endif %}
{% endblock %}"""
    assert untranslated_text(template) == [
        (3, "Hello there"),
        (5, "Not wrapped"),
        (6, 'alt="A happy face"'),
        (7, 'content="All about us"'),
        (8, 'title="Close it"'),
        (8, "X"),
    ]
    assert untranslated_text("{{ _('Hi') }}\nSee you soon\n", html=False) == [(2, "See you soon")]


def test_the_literal_check_accepts_wrapped_text():
    template = """<!doctype html>
<title>{% block title %}{% endblock %} · {{ programme_name }}</title>
<h1>{{ _("Hello, %(name)s", name=user.name) }}</h1>
<p>{% trans %}Your time,
your voice{% endtrans %} {{ ngettext("%(num)d thing", "%(num)d things", n) }}</p>
<img alt="{{ _('A happy face') }}" src="{{ url_for('static', filename='x.png') }}">
<a class="brand" href="/">YouthHub</a> <strong lang="cy">Cymraeg</strong> &rarr; 2026
<script>const greeting = "not shown as text";</script>
{# Just a comment #}"""
    assert untranslated_text(template) == []


def test_templates_have_no_untranslated_text():
    # Icons (.svg) hold no words; the service worker (.js) speaks only to the browser.
    templates = [p for p in SOURCE.rglob("templates/**/*") if p.suffix in {".html", ".txt"}]
    assert len(templates) > 10
    problems = []
    for path in sorted(templates):
        source = path.read_text(encoding="utf-8")
        for line, text in untranslated_text(source, html=path.suffix == ".html"):
            problems.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {text}")
    assert not problems, (
        "Wrap this text in {{ _(...) }} or {% trans %} so it can be translated:\n"
        + "\n".join(problems)
    )


# --- pages in Welsh ---

COMPILE_HINT = "is the catalogue compiled? run `flask --app youthhub translate compile`"


def test_the_browser_language_picks_welsh(client):
    page = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert '<html lang="cy"' in page
    assert "Cofrestru" in page, COMPILE_HINT
    assert "Sign up" not in page

    english = client.get("/", headers={"Accept-Language": "en-GB,en"}).get_data(as_text=True)
    assert '<html lang="en-GB"' in english
    assert "Sign up" in english


def test_the_language_switcher_keeps_welsh_for_the_next_page(client):
    response = client.post("/language", data={"locale": "cy", "next": "/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"

    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="cy"' in page
    assert "Mewngofnodi" in page, COMPILE_HINT
    assert "Forgotten your password?" not in page


def test_dates_are_written_in_welsh(app):
    with flask_babel.force_locale("cy"):
        assert flask_babel.format_date(date(2026, 3, 27), "long") == "27 Mawrth 2026"
        assert "Ionawr" in flask_babel.format_date(date(2027, 1, 5), "long")


def test_every_language_in_the_config_has_a_catalogue(app):
    catalogues = {path.parts[-3] for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert set(app.config["LANGUAGES"]) <= catalogues
