"""Areas' pictures (templates/goals/icons/*.svg), each rendered once per app.

The pictures are fixed SVG. Including one per area was a template look-up and a render each:
the goals page shows eight. They are kept as the text the include gave; in development
(templates reloaded when changed) they are rendered every time, as an include would be.
"""

from flask import current_app
from jinja2 import TemplateNotFound
from markupsafe import Markup

from youthhub.core.kept import kept

MOST_ICONS = 64  # the icons an admin can choose from (models.AREA_ICONS); bounded all the same


def area_icon_svg(icon: str) -> Markup:
    """The area's picture, or nothing for a name with no picture (as `ignore missing`)."""
    if current_app._get_current_object().jinja_env.auto_reload:  # per area: not via the proxy
        return _rendered(icon)
    return kept("area_icons", icon, lambda: _rendered(icon), MOST_ICONS)


def _rendered(icon: str) -> Markup:
    try:
        picture = current_app.jinja_env.get_template(f"goals/icons/{icon}.svg")
    except TemplateNotFound:
        return Markup("")
    return Markup(picture.render())  # noqa: S704 - our own template's output
