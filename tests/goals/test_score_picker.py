"""The rating form's score picker and note write their inputs themselves (goals/_macros.html):
exactly what WTForms and the shared field macro write, blank, typed, chosen, and after a refusal."""

from contextlib import contextmanager

import pytest
from flask import render_template_string

from youthhub.goals.forms import RatingForm


@contextmanager
def rating_form(app, posted):
    """The rating form in a request: blank (`posted` None) or as sent and checked."""
    method = "POST" if posted is not None else "GET"
    with app.test_request_context("/goals/areas/1/rate", method=method, data=posted or {}):
        form = RatingForm(meta={"csrf": False})
        if posted is not None:
            form.validate()
        yield form


PICKER = '{% from "goals/_macros.html" import score_picker %}{{ score_picker(form.score, "") }}'


@pytest.mark.parametrize("posted", [None, {"score": "4"}, {"score": "11"}, {"score": ""}])
def test_each_input_is_what_wtforms_writes(app, posted):
    with rating_form(app, posted) as form:
        page = render_template_string(PICKER, form=form)
        expected = [
            f"{option(class_='score-picker__input')}{option.label()}" for option in form.score
        ]

    assert len(expected) == 10
    for written in expected:
        assert written in page
    assert page.count("<input") == 10
    assert ("checked" in page) == (posted == {"score": "4"})


NOTE = '{% from "goals/_macros.html" import note_field %}{{ note_field(form.note, "Only you.") }}'
FIELD = '{% from "macros/forms.html" import field %}{{ field(form.note, hint="Only you.") }}'


@pytest.mark.parametrize(
    "posted", [None, {"note": ""}, {"note": 'Hard <week> & "tired"'}, {"note": "x" * 281}]
)
def test_the_note_is_what_the_shared_field_macro_writes(app, posted):
    with rating_form(app, posted) as form:
        written = render_template_string(NOTE, form=form)
        expected = render_template_string(FIELD, form=form)

    assert written == expected
    assert ('aria-invalid="true"' in written) == (posted == {"note": "x" * 281})
