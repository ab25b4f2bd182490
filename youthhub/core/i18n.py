"""Which language and time zone a page is shown in."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user

LONDON = "Europe/London"


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The person's saved choice, else this browser's choice, else Accept-Language, else English."""
    if not has_request_context():  # command line and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(supported_locales()) or "en"


def select_timezone() -> str:
    return LONDON
