"""Forms for second factors: a code, setting up an authenticator app."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length


def code_field(label):
    return StringField(
        label,
        validators=[
            InputRequired(_l("Enter the code.")),
            Length(max=40, message=_l("That code is too long.")),
        ],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"},
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = code_field(_l("Code"))
    next = HiddenField()


class AuthenticatorForm(FlaskForm):
    """The first code from a newly added authenticator app, and its signed secret."""

    code = code_field(_l("The 6-digit code your app shows"))
    setup = HiddenField()
