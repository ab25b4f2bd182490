"""The one-tap forms that clear notices."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from youthhub.core.forms import WholeNumberField


class ClearForm(FlaskForm):
    """ "Got it" or "Clear all": up to the newest notice the page showed, then back to `next`."""

    up_to = WholeNumberField(
        validators=[Optional()],
        least=1,
        most=2**62,
        message=_l("That page was out of date. Please try again."),
        widget=HiddenInput(),
    )
    next = HiddenField()


class PhoneOnForm(FlaskForm):
    """Only its CSRF token: the page's script sends it with the browser's subscription."""


class PhoneOffForm(FlaskForm):
    """Turn notifications off: for this browser when its script filled in `endpoint`, else
    (no JavaScript) on all of the person's phones."""

    endpoint = HiddenField()
