"""Areas' pictures (templates/goals/icons/*.svg), each rendered once per app.

The pictures are fixed SVG. Including one per area was a template look-up and a render each:
the goals page shows eight. They are kept as the text the include gave; in development
(templates reloaded when changed) they are rendered every time, as an include would be.
"""

from flask import current_app
from jinja2 import TemplateNotFound
from markupsafe import Markup

MOST_ICONS = 64  # the icons an admin can choose from (models.AREA_ICONS); bounded all the same


def area_icon_svg(icon: str) -> Markup:
    """The area's picture, or nothing for a name with no picture (as `ignore missing`)."""
    environment = current_app.jinja_env
    kept = current_app.extensions.setdefault("youthhub_area_icons", {})
    if icon not in kept or environment.auto_reload:
        if len(kept) >= MOST_ICONS:
            kept.clear()
        try:
            picture = environment.get_template(f"goals/icons/{icon}.svg")
        except TemplateNotFound:
            kept[icon] = Markup("")
        else:
            kept[icon] = Markup(picture.render())  # noqa: S704 - our own template's output
    return kept[icon]
