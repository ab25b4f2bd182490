"""What every template can use: navigation, languages, and locale-aware formatting."""

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from youthhub.core.chrome import register_chrome
from youthhub.core.formatting import format_date, format_datetime, format_decimal, format_money
from youthhub.core.i18n import page_locale
from youthhub.core.kept import kept
from youthhub.core.links import fixed_url, public_url, row_link
from youthhub.core.navigation import STAFF_NAV, YOUNG_PERSON_NAV, menu
from youthhub.core.outbox import phone_to_clear
from youthhub.core.page_templates import PageTemplate
from youthhub.core.page_text import install_page_gettext, page_gettext

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps", "yi"}


def _context() -> dict:
    locale = page_locale()
    user = current_user._get_current_object()  # the person, not the proxy, asked several times
    user = user if user.is_authenticated else None
    in_staff_area = request.path.startswith("/manage")
    return {
        "current_locale": locale.language,
        "html_lang": str(locale).replace("_", "-"),
        "text_direction": "rtl" if locale.language in RIGHT_TO_LEFT else "ltr",
        "languages": current_app.config["LANGUAGES"],
        "programme_name": current_app.config["PROGRAMME_NAME"],
        "young_nav": menu(YOUNG_PERSON_NAV, user) if user and user.is_young_person else (),
        "staff_nav": menu(STAFF_NAV, user) if user and user.works_in_staff_area else (),
        "in_staff_area": in_staff_area,
        # The top bar's way between the two areas, for someone who is both staff and young.
        "in_both_areas": bool(user and user.is_staff and user.is_young_person),
        **page_gettext(),
    }


def outbox_words() -> Markup:
    """The outbox's words and empty parts (outbox_words.html), made once a language: every page
    shows them, and translating and escaping them again was half the outbox's 53 µs a page."""
    return kept("outbox words", str(page_locale()), _outbox_words_made)


def _outbox_words_made() -> Markup:
    return Markup(render_template("outbox_words.html"))  # noqa: S704 - escaped as it rendered


def field_attrs(field, hint, extra: dict) -> dict:
    """Input attributes tying a field to its hint and error, for screen readers."""
    attrs = dict(extra)
    described_by = [f"{field.id}-hint"] if hint else []
    if field.errors:
        described_by.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return attrs


def _content_language(response):
    # Lets the service worker show the offline page in the language the person last used.
    if response.mimetype == "text/html":
        response.headers["Content-Language"] = page_locale().language
    return response


def register_templating(app: Flask) -> None:
    # Before any template is loaded: pages that free their data when written.
    app.jinja_env.template_class = PageTemplate
    app.context_processor(_context)
    install_page_gettext(app.jinja_env)  # after Flask-Babel's, in its place
    app.after_request(_content_language)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.globals["field_attrs"] = field_attrs
    app.jinja_env.globals["public_url"] = public_url
    app.jinja_env.globals["row_link"] = row_link
    app.jinja_env.globals["fixed_url"] = fixed_url
    app.jinja_env.globals["phone_to_clear"] = phone_to_clear
    app.jinja_env.globals["outbox_words"] = outbox_words
    register_chrome(app)
