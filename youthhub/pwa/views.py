"""The installable app: web manifest, service worker and the offline page."""

import hashlib

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.core.access import public
from youthhub.core.i18n import chosen_language, locale_for, page_locale
from youthhub.core.kept import kept
from youthhub.core.links import fixed_url
from youthhub.core.templating import RIGHT_TO_LEFT
from youthhub.pwa import install

blueprint = Blueprint("pwa", __name__, template_folder="templates")

THEME_COLOUR = "#5b2a86"
#: Bump when the offline page's words change, so installed apps fetch the new copies.
OFFLINE_TEXT_REVISION = ("2",)
BACKGROUND_COLOUR = "#fffaf3"
# Pages the service worker must never keep a copy of.
NEVER_CACHE_PREFIXES = (
    "/manage",
    "/money",
    "/payments",
    "/stripe",
    "/login",
    "/logout",
    "/signup",
    "/invite",
    "/reset-password",
    "/forgot-password",
)
# Pages under those that hold nothing of anyone's money or account and may be kept: the form to
# log a contribution (its kinds of work), so a young person can log one with no signal (the
# outbox sends it later).
KEPT_ANYWAY = ("/money/claims/new",)


@blueprint.get("/manifest.webmanifest")
@public
def manifest():
    # Browsers fetch the manifest without cookies, so each page links the one for its own language
    # (`?lang=`); without it, the request's own choice (Accept-Language) decides.
    language = request.args.get("lang")
    if language not in current_app.config["LANGUAGES"]:
        language = chosen_language()
    with force_locale(locale_for(language)):
        body = manifest_body(language, install.chosen_shortcuts(request.args.getlist("shortcut")))
    response = current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )
    response.cache_control.no_cache = True
    response.vary.add("Accept-Language")
    return response


@blueprint.app_context_processor
def manifest_link() -> dict:
    """Every page links the manifest in its own language, with the signed-in person's shortcuts.

    The same few addresses on every page: each is built once per language, set of roles (the
    shortcuts depend on nothing else) and mount point, and kept with the app."""
    user = current_user._get_current_object()
    roles = user.roles if user.is_authenticated else None
    language = page_locale().language

    def link() -> str:
        shortcuts = tuple(install.shortcuts_for(user if roles is not None else None))
        return fixed_url("pwa.manifest", lang=language, shortcut=shortcuts)

    return {"manifest_url": kept("manifest_links", (language, roles, request.script_root), link)}


def manifest_body(language: str, shortcuts: tuple[str, ...]) -> dict:
    icon = lambda name, size, purpose: {  # noqa: E731
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": size,
        "type": "image/png",
        "purpose": purpose,
    }
    return {
        "id": "/",
        "lang": locale_for(language).replace("_", "-"),
        "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "name": current_app.config["PROGRAMME_NAME"],
        "short_name": current_app.config["PROGRAMME_NAME"][:12],
        "description": _("Activities, groups, goals and payments for young people."),
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            icon("icon-192.png", "192x192", "any"),
            icon("icon-512.png", "512x512", "any"),
            icon("maskable-512.png", "512x512", "maskable"),
        ],
        "screenshots": install.screenshots(),
        "shortcuts": install.shortcuts(shortcuts),
        # No "orientation": people must be able to turn the app (WCAG 2.1 SC 1.3.4), e.g. a
        # tablet fixed to a wheelchair in landscape.
    }


@blueprint.get("/sw.js")
@public
def service_worker():
    precache = [
        url_for("static", filename=name)
        for name in (
            "css/app.css",
            "js/app.js",
            "js/outbox-store.js",
            "js/outbox.js",
            "js/register-offline.js",
            "icons/icon-192.png",
        )
    ]
    offline_pages = offline_urls()
    # The offline pages' words change with the app: a new version makes the worker copy them again.
    version = hashlib.sha256(
        "|".join([*precache, *offline_pages, *OFFLINE_TEXT_REVISION]).encode()
    ).hexdigest()[:12]
    script = render_template(
        "pwa/sw.js",
        precache=precache,
        offline_pages=offline_pages,
        version=version,
        never_cache=NEVER_CACHE_PREFIXES,
        kept_anyway=KEPT_ANYWAY,
        locales=list(current_app.config["LANGUAGES"]),
        programme=current_app.config["PROGRAMME_NAME"],
        # Shown for a push the phone can't fetch words for (offline as it woke): no one named.
        general_news=_("You have news."),
        icon=url_for("static", filename="icons/icon-192.png"),
        outbox_script=url_for("static", filename="js/outbox-store.js"),
        register_script=url_for("static", filename="js/register-offline.js"),
    )
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


#: The two offline pages: for a page that is kept once opened, and for one that never is.
OFFLINE_PAGES = ("unsaved", "private")


def offline_urls() -> list[str]:
    languages = current_app.config["LANGUAGES"]
    return [
        url_for("pwa.offline", lang=lang, page=page) for lang in languages for page in OFFLINE_PAGES
    ]


@blueprint.get("/offline")
@public
def offline():
    # The service worker keeps a copy of each in each language (`?lang=`, `?page=`), made when it
    # installs, often before anyone signs in: so the page says nothing about who is signed in,
    # and the worker picks the one that is true for the page that failed.
    page = request.args.get("page")
    page = page if page in OFFLINE_PAGES else "unsaved"
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        with force_locale(locale_for(lang)):
            return render_template("pwa/offline.html", page=page)
    return render_template("pwa/offline.html", page=page)
