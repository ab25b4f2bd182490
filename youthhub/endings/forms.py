"""Forms for planned endings, the ending plan, certificates and the programme's settings."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from youthhub.core.forms import (
    CHOOSE_FROM_LIST,
    CheckboxListField,
    WholeNumberField,
    read_number,
)

PLAN_QUESTIONS = (
    ("proud_of", _l("What I'm proud of")),
    ("keep_doing", _l("What I want to keep doing")),
    ("carrying_on", _l("Groups and connections that carry on after")),
    ("contacts_after", _l("Who I can contact afterwards")),
    ("message_for_members", _l("A message for future members (optional)")),
)
PLAN_ANSWER_LENGTH = 2000
REAL_DATE = _l("Enter a real date, like 31/03/2027.")


class KindDateField(DateField):
    """A date box (the phone's own date picker) whose mistakes are explained kindly."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(REAL_DATE) from None


def _answer(label):
    return TextAreaField(
        label,
        validators=[
            Length(max=PLAN_ANSWER_LENGTH, message=_l("Keep this to 2000 characters or fewer."))
        ],
        render_kw={"rows": 4},
    )


def _reason(label):
    return TextAreaField(
        label,
        validators=[
            DataRequired(_l("Give a reason.")),
            Length(max=300, message=_l("Keep this to 300 characters or fewer.")),
        ],
        render_kw={"rows": 3},
    )


class EndingDateForm(FlaskForm):
    planned_on = KindDateField(
        _l("New planned ending date"), validators=[InputRequired(_l("Enter the new date."))]
    )
    reason = _reason(_l("Why is it changing?"))


class PlanForm(FlaskForm):
    proud_of = _answer(PLAN_QUESTIONS[0][1])
    keep_doing = _answer(PLAN_QUESTIONS[1][1])
    carrying_on = _answer(PLAN_QUESTIONS[2][1])
    contacts_after = _answer(PLAN_QUESTIONS[3][1])
    message_for_members = _answer(PLAN_QUESTIONS[4][1])
    share_message = BooleanField(
        _l("I'm happy for the programme to share my message with future members")
    )


class CertificateChoicesForm(FlaskForm):
    printed_name = StringField(
        _l("Your name as you want it printed"),
        validators=[
            DataRequired(_l("Tell us the name to print on your certificate.")),
            Length(max=80, message=_l("Keep this to 80 characters or fewer.")),
        ],
    )
    highlights = CheckboxListField(_l("Highlights"), choices=[])


def _activity_id(value):
    if value in ("", None):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # matches no choice, so the form says "Choose from the list."


class KeepsakeGoalsForm(FlaskForm):
    goals = CheckboxListField(_l("Goals to include"), choices=[])


class BadgeEmailForm(FlaskForm):
    include = RadioField(
        _l("Can people match your badge to your email?"),
        choices=[
            SelectChoice("no", _l("No, only my name as printed")),
            SelectChoice("yes", _l("Yes, add a scrambled copy of my email")),
        ],
        validators=[InputRequired(CHOOSE_FROM_LIST)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.include.invalid_choice_message = CHOOSE_FROM_LIST


class GraduationForm(FlaskForm):
    graduated_on = KindDateField(
        _l("Graduation date"), validators=[InputRequired(_l("Enter the graduation date."))]
    )
    activity_id = SelectField(
        _l("Graduation event (optional)"),
        coerce=_activity_id,
        choices=[],
        invalid_choice_message=_l("Choose from the list."),
    )

    def offer_events(self, events) -> None:
        self.activity_id.choices = [("", _l("No event"))] + [
            (event.id, f"{event.title} ({format_date(event.starts_at, 'medium')})")
            for event in events
        ]


class RevokeForm(FlaskForm):
    reason = _reason(_l("Why is it being revoked?"))


def _reminder_days(form, field):
    parts = [part.strip() for part in (field.data or "").replace(";", ",").split(",")]
    numbers = [read_number(part, least=-(10**12), most=10**12) for part in parts if part]
    if None in numbers:
        raise ValidationError(_l("Write whole numbers of days, like 90, 30, 7."))
    days = [int(number) for number in numbers]
    if not days or len(days) > 6 or not all(1 <= day <= 365 for day in days):
        raise ValidationError(_l("Give up to 6 reminder days, each from 1 to 365."))
    form.reminder_day_numbers = days


class SettingsForm(FlaskForm):
    default_length_months = WholeNumberField(
        _l("Default length of involvement, in months"),
        [InputRequired(_l("Enter a number of months."))],
        least=1,
        most=60,
        range_message=_l("Choose a length from 1 to 60 months."),
    )
    programme_ends_on = KindDateField(_l("The programme's end date (optional)"), [Optional()])
    reminder_days = StringField(
        _l("Reminder days before an ending"),
        validators=[Length(max=40, message=_l("That's too long.")), _reminder_days],
    )
    new_member_months = WholeNumberField(
        _l("Months as a new member, from their first session"),
        [Optional()],
        least=1,
        most=60,
        range_message=_l("Choose from 1 to 60 months."),
    )
    new_member_sessions = WholeNumberField(
        _l("Sessions as a new member"),
        [Optional()],
        least=1,
        most=500,
        range_message=_l("Choose from 1 to 500 sessions."),
    )
    reminder_day_numbers: list[int] = []


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False  # a lookup that changes nothing, reached from a printed code

    code = StringField(
        _l("Certificate code"),
        validators=[InputRequired(_l("Enter the code printed on the certificate."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
