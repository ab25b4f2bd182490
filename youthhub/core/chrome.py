"""The parts of every page around its content, made once and kept: the head's links, the account
links, the menus and the language switcher (`templates/chrome/`).

They were an eighth of the work of a young person's page (issue 19): a hundred small steps a
page (addresses, translations, escaping, a loop per menu) giving the same text for everyone
with the same language and menu. Each part is made once per language, mount point and the
values the base template hands it, and kept with the app (`core.kept`). What differs on every
page is put in as the part is handed out: the script nonce, the CSRF token and the address to
come back to. A part sees only what it is keyed by (`tests/core/test_chrome.py` reads each
part's template to hold that), so no person's own data can be kept and shown to another.
"""

from collections.abc import Hashable

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from youthhub.core.i18n import page_locale
from youthhub.core.kept import kept_in
from youthhub.core.page_text import page_gettext
from youthhub.core.security import csp_nonce

#: Stand-ins a part is made with, replaced by the page's own values each time it is shown.
#: Private-use characters: no text a part shows holds them, and escaping leaves them as they are.
NONCE = "\ue000nonce\ue000"
CSRF_TOKEN = "\ue000csrf\ue000"  # noqa: S105 - where the token goes, not a token
BACK_TO = "\ue000back\ue000"
#: What a part's template may read besides its own values: these stand-ins, the app's fixed
#: helpers and its languages (the page's gettext is bound to the language the part is keyed by).
STAND_INS = {"nonce": NONCE, "csrf_token": CSRF_TOKEN, "back_to": BACK_TO}
HELPERS = frozenset({"_", "gettext", "ngettext", "fixed_url", "languages"})
#: Parts x languages x menus x the menu entry that is the page: a few dozen in use.
MOST = 512


class _Part:
    __slots__ = ("back_to", "csrf_token", "nonce", "text")

    def __init__(self, text: str):
        self.text = text
        self.nonce, self.csrf_token, self.back_to = (s in text for s in STAND_INS.values())


def chrome(name: str, **values: Hashable) -> Markup:
    """The part `templates/chrome/<name>.html`, made with `values`, as this page shows it."""
    app = current_app._get_current_object()  # one look-up through the proxy
    extensions = app.extensions
    if extensions["youthhub_static"]["autorefresh"]:
        # Development: static files' names are looked at on every request (core/assets.py),
        # so a kept head would link yesterday's stylesheet.
        part = _made(app, name, values)
    else:
        mount = request._get_current_object().script_root  # not through the proxy (kept.py)
        key = (name, page_locale(), mount, tuple(sorted(values.items())))
        part = kept_in(extensions, "chrome", key, lambda: _made(app, name, values), MOST)
    return Markup(_filled(part))  # noqa: S704 - rendered escaped; the page's values are escaped


def _made(app, name: str, values: dict) -> _Part:
    template = app.jinja_env.get_template(f"chrome/{name}.html")
    languages = app.config["LANGUAGES"]
    return _Part(template.render(**values, **STAND_INS, **page_gettext(), languages=languages))


def _filled(part: _Part) -> str:
    text = part.text
    if part.nonce:
        text = text.replace(NONCE, csp_nonce())
    if part.csrf_token:
        text = text.replace(CSRF_TOKEN, generate_csrf())
    if part.back_to:
        text = text.replace(BACK_TO, str(escape(_back_to())))
    return text


def _back_to() -> str:
    # The language switcher brings the person back to the page they were on (a GET's address).
    return request.full_path if request.method == "GET" else ""


def menu_here(menu) -> str | None:
    """The endpoint of `menu`'s entry that is this page (shown as current), or None: a menu's
    part is kept per entry, never per page."""
    endpoint = request.endpoint
    return endpoint if any(item.endpoint == endpoint for item in menu) else None


def register_chrome(app) -> None:
    app.jinja_env.globals["chrome"] = chrome
    app.jinja_env.globals["menu_here"] = menu_here
