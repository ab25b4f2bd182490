"""An area's picture, rendered once per app (goals/icons.py), is what including its template
wrote; a name with no picture gives nothing, as `ignore missing` did."""

import pytest
from flask import render_template_string

from youthhub.goals.icons import area_icon_svg
from youthhub.goals.models import AREA_ICONS

INCLUDED = '{% include "goals/icons/" ~ icon ~ ".svg" ignore missing %}'


@pytest.mark.parametrize("icon", [*AREA_ICONS, "no-such-picture", "../base"])
def test_each_picture_is_what_the_include_wrote(app, icon):
    with app.test_request_context():
        included = render_template_string(INCLUDED, icon=icon)
        assert area_icon_svg(icon) == included
        assert area_icon_svg(icon) == included  # and again, from what was kept
    assert (icon in AREA_ICONS) == ("<svg" in included)
