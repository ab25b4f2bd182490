"""Which language and time zone a page is shown in.

People choose a language ("en", "cy"); dates and numbers are then formatted for the UK variant of
it (English as en_GB: "27 March 2026", not "March 27, 2026"), using that language's catalogue.
"""

import flask_babel
from flask import current_app, g, has_request_context, request, session
from flask_login import current_user

LONDON = "Europe/London"
UK_FORMATS = {"en": "en_GB"}


def supported_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def locale_for(language: str | None) -> str:
    """The Babel locale to format a language in."""
    language = language if language in current_app.config["LANGUAGES"] else "en"
    return UK_FORMATS.get(language, language)


def chosen_language() -> str:
    """The person's saved choice, else this browser's choice, else Accept-Language, else English."""
    if not has_request_context():  # command line and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user._get_current_object()  # the person, not the proxy, asked three times
    if user and user.is_authenticated and user.locale:
        return user.locale
    chosen = session.get("locale")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(supported_languages()) or "en"


def select_locale() -> str:
    return locale_for(chosen_language())


def select_timezone() -> str:
    return LONDON


def page_locale():
    """The locale this page is shown in: `flask_babel.get_locale()`, read straight from where it
    keeps it for the request once it has chosen it.

    A list page formats and translates per row, and each `get_locale()` looks through `g` three
    times; this reads it once. It is the same value (it honours `force_locale` and `refresh`,
    which set and clear it there); before the first choice, or outside a request, it asks
    Flask-Babel. `tests/core/test_page_text.py` holds the two equal.

    It is always the same `Locale` object for a language (the first one made in this process):
    the caches of formats and labels are keyed by it, and Babel's `Locale.__eq__` is about ten
    calls, which a dictionary skips when the key is the very same object (a list of 50 claims
    compared locales ~500 times a page).
    """
    try:
        # Through the real `g`: an attribute a proxy lacks itself costs it an AttributeError
        # made and dropped (~2 µs), and this is asked ~18 times a page.
        state = g._get_current_object()._flask_babel
        locale = state.babel_locale
    except (AttributeError, RuntimeError):
        return flask_babel.get_locale()
    if locale is None:  # not chosen yet in this request: Flask-Babel chooses it now
        locale = flask_babel.get_locale()
        if locale is None:
            return None
    kept = state.__dict__.get("page_locale")
    if kept is None or kept[0] is not locale:  # first asked, or `force_locale` changed it
        kept = (locale, _ONE_LOCALE_EACH.setdefault(str(locale), locale))
        state.__dict__["page_locale"] = kept
    return kept[1]


# The one `Locale` object per language that `page_locale` hands out (a few languages: never big).
_ONE_LOCALE_EACH: dict = {}


def page_translations():
    """The page's catalogue: `flask_babel.get_translations()`, found once per request and locale.

    Flask-Babel finds its context, domain and locale again for every string; a page kept in one
    language asks the same question dozens of times. The answer is kept beside Flask-Babel's own
    per-request state, by locale, so `force_locale` (an email in another language) gets its own.
    """
    locale = page_locale()
    try:
        state = g._get_current_object()._flask_babel  # made by the look-up above
    except (AttributeError, RuntimeError):  # outside any app: Flask-Babel's null catalogue
        return flask_babel.get_translations()
    kept = state.__dict__.setdefault("page_catalogues", {})
    if locale not in kept:
        kept[locale] = flask_babel.get_translations()
    return kept[locale]
