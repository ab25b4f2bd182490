"""The register's headcount boxes are written by the page itself (activities/_macros.html):
exactly what the shared `field` macro and WTForms write, saved, typed, and after a refusal."""

import pytest
from flask import render_template_string

HINT = "At a big event"
OURS = """{% from "activities/_macros.html" import headcount %}
{{ headcount(form.professionals, 3) }}{{ headcount(form.unnamed, 0, hint=hint) }}"""
SHARED = """{% from "macros/forms.html" import field %}
{{ field(form.professionals, inputmode="numeric", data_count="professionals", data_was=3) }}
{{- field(form.unnamed, inputmode="numeric", data_count="unnamed", data_was=0, hint=hint) }}"""


@pytest.mark.parametrize(
    ("posted", "refused"),
    [
        (None, False),
        ({"professionals": "4", "unnamed": "12"}, False),
        ({"professionals": "loads", "unnamed": "-1"}, True),
        ({"professionals": "", "unnamed": "<b>"}, True),
    ],
)
def test_each_box_is_what_the_field_macro_writes(app, posted, refused):
    from youthhub.activities.forms import RegisterForm  # once the app has mapped every model

    method = "POST" if posted is not None else "GET"
    with app.test_request_context("/activities/1/register", method=method, data=posted or {}):
        form = RegisterForm(meta={"csrf": False})
        if posted is not None:
            form.validate()
        ours = render_template_string(OURS, form=form, hint=HINT)
        shared = render_template_string(SHARED, form=form, hint=HINT)

    assert ours.split() == shared.split()  # the same HTML, blank lines aside
    assert ('aria-invalid="true"' in ours) == bool(form.errors) == refused
