"""What the install sheet shows beside the name and icon: screenshots of the app, and the
shortcuts offered when the installed app's icon is long-pressed.

Browsers fetch the manifest without cookies, so the page that links it names the shortcuts for
the person signed in (`?shortcut=…&shortcut=…`); each shortcut's page still checks who may open it.
"""

import functools
import struct

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from youthhub.activities.organisers import is_staff_organiser

SHORTCUTS = {
    "register": (_l("Take the register"), "activities_manage.index"),
    "whats-on": (_l("What's on"), "activities.whats_on"),
    "goals": (_l("My goals"), "goals.index"),
}
# Someone not signed in yet is most likely a young person about to.
BEFORE_SIGNING_IN = ("whats-on", "goals")
# Made by `python -m devtools.screenshots`; "narrow" is a phone's sheet, "wide" a computer's.
SCREENSHOTS = (
    ("screenshots/whats-on-narrow.png", "narrow", _l("What's on, on a phone")),
    ("screenshots/whats-on-wide.png", "wide", _l("What's on, on a computer")),
)


def shortcuts_for(user) -> tuple[str, ...]:
    """The shortcuts this person could use, the one they would use most first."""
    if user is None:
        return BEFORE_SIGNING_IN
    names = ["register"] if is_staff_organiser(user) else []
    names.append("whats-on")
    if user.is_young_person:
        names.append("goals")
    return tuple(names)


def chosen_shortcuts(asked: list[str]) -> tuple[str, ...]:
    """The known shortcuts among those a manifest address asks for, in its order."""
    if not asked:
        return BEFORE_SIGNING_IN
    return tuple(dict.fromkeys(name for name in asked if name in SHORTCUTS))


def shortcuts(names) -> list[dict]:
    return [{"name": str(SHORTCUTS[name][0]), "url": url_for(SHORTCUTS[name][1])} for name in names]


def screenshots() -> list[dict]:
    return [
        {
            "src": url_for("static", filename=path),
            "sizes": "{}x{}".format(*_png_size(path)),
            "type": "image/png",
            "form_factor": form_factor,
            "label": str(label),
        }
        for path, form_factor, label in SCREENSHOTS
    ]


@functools.cache
def _png_size(path: str) -> tuple[int, int]:
    """Width and height from the PNG's own header, so a new screenshot never lies about them."""
    with open(f"{current_app.static_folder}/{path}", "rb") as image:
        header = image.read(24)
    return struct.unpack(">II", header[16:24])
