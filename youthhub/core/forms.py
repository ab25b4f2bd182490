"""The shapes every write view shares, and the form pieces every domain uses.

A write view reads one way: validate, call one service, say what happened, go on. It never
commits and never catches a refusal: `core.transaction` commits once after the view and
answers every `DomainError` (rolling back, saying why, keeping what was typed).
"""

from collections.abc import Callable

from flask import abort, flash, redirect
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from youthhub.core.transaction import refused_goes_to, refused_shows

CHOOSE_FROM_LIST = _l("Choose from the list.")
WHOLE_NUMBER = _l("Enter a whole number, like 12.")


def form_action(form, action: Callable[[], object], *, done: str, then: str, page: Callable):
    """Run `action` (one service call) if `form` is valid, then say `done` and go to `then`.
    A form that does not validate, or a service that refuses, shows `page()` again, so nothing
    typed is lost."""
    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    action()
    flash(done, "success")
    return redirect(then)


def button_action(action: Callable[[], object], *, done: str, then: str, form=None):
    """A one-tap button (a `ConfirmForm` unless `form` is given): run `action`, say `done`, go
    to `then`. A refusal is said on `then` too."""
    if not (form or ConfirmForm()).validate_on_submit():
        abort(400)
    refused_goes_to(then)
    action()
    flash(done, "success")
    return redirect(then)


class ConfirmForm(FlaskForm):
    """A button-only form: CSRF protection for one-tap actions."""


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", CHOOSE_FROM_LIST)
        super().__init__(*args, **kwargs)


class WholeNumberField(IntegerField):
    """An integer box whose complaint is translated and kind. A text box with a number keypad:
    browsers' number boxes change value when scrolled and refuse to keep what was typed."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        if not text.lstrip("-").isdigit() or len(text) > 9:
            self.data = None
            raise ValueError(WHOLE_NUMBER)
        self.data = int(text)
