"""Which language and time zone a page is shown in.

People choose a language ("en", "cy"); dates and numbers are then formatted for the UK variant of
it (English as en_GB: "27 March 2026", not "March 27, 2026"), using that language's catalogue.
"""

from flask import current_app, has_request_context, request, session
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
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(supported_languages()) or "en"


def select_locale() -> str:
    return locale_for(chosen_language())


def select_timezone() -> str:
    return LONDON
