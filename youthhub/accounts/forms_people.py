"""Forms for young people without an account: adding them by name, handing their record over,
and taking it over."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from youthhub.accounts.forms import email_field, password_field, read_birth_date


class NewYoungPersonForm(FlaskForm):
    """Only the name is needed: keep what is stored about someone without an account small."""

    preferred_name = StringField(
        _l("Their name"),
        validators=[
            DataRequired(_l("Enter their name.")),
            Length(max=80, message=_l("Keep this to 80 characters or fewer.")),
        ],
    )
    pronouns = StringField(
        _l("Their pronouns (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Keep this to 40 characters or fewer."))],
    )
    birth_day = StringField(_l("Day"), render_kw={"inputmode": "numeric", "maxlength": 2})
    birth_month = StringField(_l("Month"), render_kw={"inputmode": "numeric", "maxlength": 2})
    birth_year = StringField(_l("Year"), render_kw={"inputmode": "numeric", "maxlength": 4})
    someone_new = BooleanField(_l("None of these: it's someone new"))

    date_of_birth: date | None = None

    def validate_birth_year(self, field):
        parts = [
            (p or "").strip() for p in (self.birth_day.data, self.birth_month.data, field.data)
        ]
        if not any(parts):
            self.date_of_birth = None
            return
        if not all(parts):
            raise ValidationError(
                _l("Enter their date of birth as day, month and year, or leave it empty.")
            )
        self.date_of_birth = read_birth_date(parts)


class HandoverEmailForm(FlaskForm):
    email = email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.email.label.text = _l("Their email address")
        self.email.render_kw = {**(self.email.render_kw or {}), "autocomplete": "off"}


class TakeOverForm(FlaskForm):
    email = email_field()
    password = password_field(_l("Choose a password"))
    agree = BooleanField(
        _l("I've read what happens to my information and I'm happy to go ahead"),
        validators=[DataRequired(_l("Please tick the box to say you're happy to go ahead."))],
    )
