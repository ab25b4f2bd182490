"""Forms for signing up, logging in, invites, profiles and passwords."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from youthhub.accounts.labels import ROLE_NAMES
from youthhub.accounts.models import Role
from youthhub.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from youthhub.core.forms import CHOOSE_FROM_LIST, CheckboxListField, read_number

STAFF_ROLE_CHOICES = [
    SelectChoice(role.value, ROLE_NAMES[role])
    for role in (Role.YOUTH_WORKER, Role.FINANCE, Role.ADMIN, Role.EVALUATOR)
]
ALL_ROLE_CHOICES = [
    SelectChoice(Role.YOUNG_PERSON.value, ROLE_NAMES[Role.YOUNG_PERSON]),
    *STAFF_ROLE_CHOICES,
]
LANGUAGE_CHOICES = [SelectChoice("en", "English"), SelectChoice("cy", "Cymraeg")]


def password_field(label):
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Enter a password.")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l("Your password needs 10 to 128 characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def email_field():
    return EmailField(
        _l("Email"),
        validators=[
            InputRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("That email address is too long.")),
            Email(
                message=_l("Enter an email address like name@example.com."),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )


def name_field(label):
    return StringField(
        label,
        validators=[
            DataRequired(_l("Tell us what to call you.")),
            Length(max=80, message=_l("Keep this to 80 characters or fewer.")),
        ],
    )


def read_birth_date(parts) -> date:
    """A date of birth typed as day, month and year boxes, or ValidationError. Each part is
    bounded before it is used (core.forms.read_number): no year too big for a C long, no
    "1_9_9_0", no digits from other scripts."""
    day, month, year = (
        read_number(part, least=1, most=most)
        for part, most in zip(parts, (31, 12, 9999), strict=True)
    )
    try:
        born = date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        raise ValidationError(_l("Enter a real date, like 27 3 2007.")) from None
    if year < 1900:
        raise ValidationError(_l("Enter a real date, like 27 3 2007."))
    return born


class DateOfBirthMixin:
    """Day, month and year as three boxes: easier than a date picker on a cheap phone."""

    birth_day = StringField(
        _l("Day"), render_kw={"inputmode": "numeric", "maxlength": 2, "autocomplete": "bday-day"}
    )
    birth_month = StringField(
        _l("Month"),
        render_kw={"inputmode": "numeric", "maxlength": 2, "autocomplete": "bday-month"},
    )
    birth_year = StringField(
        _l("Year"), render_kw={"inputmode": "numeric", "maxlength": 4, "autocomplete": "bday-year"}
    )

    date_of_birth: date | None = None

    def validate_birth_year(self, field):
        parts = (self.birth_day.data, self.birth_month.data, self.birth_year.data)
        if not all((p or "").strip() for p in parts):
            raise ValidationError(_l("Enter your date of birth: day, month and year."))
        self.date_of_birth = read_birth_date(parts)


class SignUpForm(DateOfBirthMixin, FlaskForm):
    preferred_name = name_field(_l("What should we call you?"))
    pronouns = StringField(
        _l("Your pronouns (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Keep this to 40 characters or fewer."))],
    )
    email = email_field()
    password = password_field(_l("Choose a password"))
    invite_code = StringField(
        _l("Invite code from your worker (optional)"),
        validators=[Optional(), Length(max=20, message=_l("That invite code is too long."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    agree = BooleanField(
        _l("I've read what happens to my information and I'm happy to go ahead"),
        validators=[DataRequired(_l("Please tick the box to say you're happy to go ahead."))],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=MAX_LENGTH, message=_l("That password is too long.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this phone"))
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = password_field(_l("New password"))


class AcceptInviteForm(FlaskForm):
    preferred_name = name_field(_l("Your name, as colleagues and young people will see it"))
    password = password_field(_l("Choose a password"))


class ProfileForm(FlaskForm):
    preferred_name = name_field(_l("What should we call you?"))
    pronouns = StringField(
        _l("Your pronouns (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Keep this to 40 characters or fewer."))],
    )
    locale = SelectField(
        _l("Language"), choices=LANGUAGE_CHOICES, invalid_choice_message=CHOOSE_FROM_LIST
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Enter your current password.")),
            Length(max=MAX_LENGTH, message=_l("That password is too long.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = password_field(_l("New password"))


class StaffInviteForm(FlaskForm):
    email = email_field()
    roles = CheckboxListField(
        _l("Roles"),
        choices=STAFF_ROLE_CHOICES,
        validators=[DataRequired(_l("Choose at least one role."))],
    )


class RolesForm(FlaskForm):
    roles = CheckboxListField(
        _l("Roles"),
        choices=ALL_ROLE_CHOICES,
        validators=[DataRequired(_l("A person needs at least one role."))],
    )
