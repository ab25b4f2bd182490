"""Forms for claims, choices, approvals, payments and the rate card."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from youthhub.core.forms import CHOOSE_FROM_LIST, MONEY, CheckboxListField, HoursField, MoneyField
from youthhub.core.labels import in_page_language
from youthhub.payments.labels import CHOICE_NAMES, METHOD_NAMES
from youthhub.payments.models import PaymentChoice
from youthhub.payments.services import MAX_MINUTES, RECORDED_METHODS, TOO_MANY_HOURS

MONEY_HINT = _l("In pounds, like 12.50")


class DayField(DateField):
    """A date box (the phone's own date picker), with our own words when it is not a date."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a real date.")) from None


class IdChoiceField(SelectField):
    """A select of database ids: anything that is not one of them is "Choose from the list"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", CHOOSE_FROM_LIST)
        super().__init__(*args, coerce=int, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


class IdCheckboxesField(CheckboxListField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = [0]


def _date_field(label, **kwargs):
    return DayField(
        label,
        validators=[InputRequired(_l("Enter a date."))],
        render_kw={"max": "9999-12-31"},
        **kwargs,
    )


def _reason_field(label, required=False):
    validators = [Length(max=300, message=_l("Keep this to 300 characters or fewer."))]
    if required:
        validators.insert(0, DataRequired(_l("Please give a reason.")))
    else:
        validators.insert(0, Optional())
    return TextAreaField(label, validators=validators, render_kw={"rows": 3})


class ContributionForm(FlaskForm):
    kind = IdChoiceField(_l("What did you do?"), choices=[])
    work_date = _date_field(_l("When did you do it?"))
    hours = HoursField(
        _l("How many hours?"),
        [InputRequired(_l("Enter how many hours, like 1.5 or 2.25."))],
        most=MAX_MINUTES // 60,
        high_message=TOO_MANY_HOURS,
    )
    description = TextAreaField(
        _l("Tell us a bit about it"),
        validators=[
            DataRequired(_l("Say in a few words what you did.")),
            Length(max=300, message=_l("Keep this to 300 characters or fewer.")),
        ],
        render_kw={"rows": 3},
    )

    def __init__(self, kinds, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options(kinds)


class StaffContributionForm(ContributionForm):
    person = IdChoiceField(_l("Young person"), choices=[])

    def __init__(self, kinds, people, *args, **kwargs):
        super().__init__(kinds, *args, **kwargs)
        self.person.choices = options(people)


def choice_options(allowed) -> list[SelectChoice]:
    names = in_page_language(CHOICE_NAMES)  # translated once per language, not per form
    return [SelectChoice(choice.value, names[choice]) for choice in allowed]


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceForm(FlaskForm):
    choice = RadioField(
        _l("How would you like to be paid?"),
        choices=[],
        validators=[InputRequired(_l("Choose how you'd like to be paid."))],
    )

    def __init__(self, allowed, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice.choices = choice_options(allowed)
        self.choice.invalid_choice_message = CHOOSE_FROM_LIST

    @property
    def chosen(self) -> PaymentChoice:
        return PaymentChoice(self.choice.data)


class TakeLessForm(FlaskForm):
    amount = MoneyField(
        _l("How much would you like?"),
        validators=[InputRequired(MONEY)],
    )


class ApproveForm(FlaskForm):
    amount = MoneyField(_l("Amount to approve (leave empty for the priced amount)"))
    reason = _reason_field(_l("Why is the amount different? (the young person will see this)"))


class RejectForm(FlaskForm):
    reason = _reason_field(_l("Why isn't it approved? (the young person will see this)"), True)


class RecordPaymentForm(FlaskForm):
    method = SelectField(
        _l("How was it paid?"),
        choices=[SelectChoice(method.value, METHOD_NAMES[method]) for method in RECORDED_METHODS],
    )
    paid_on = _date_field(_l("Date paid"))
    reference = StringField(
        _l("Reference (optional), like a voucher number"),
        validators=[Optional(), Length(max=100, message=_l("Keep this to 100 characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.invalid_choice_message = CHOOSE_FROM_LIST


class PaySelectionForm(FlaskForm):
    claims = IdCheckboxesField(
        _l("Claims to pay"),
        choices=[],
        validators=[DataRequired(_l("Choose at least one claim to pay."))],
    )


class RateForm(FlaskForm):
    kind = IdChoiceField(_l("Kind of contribution"), choices=[])
    hourly = MoneyField(_l("Hourly rate"), validators=[InputRequired(MONEY)])
    minimum = MoneyField(_l("Minimum payment (optional)"))
    effective_from = _date_field(_l("From"))

    def __init__(self, kinds, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options(kinds)


class KindForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Give the kind of contribution a name.")),
            Length(max=80, message=_l("Keep this to 80 characters or fewer.")),
        ],
    )
    hourly = MoneyField(_l("Hourly rate"), validators=[InputRequired(MONEY)])
    minimum = MoneyField(_l("Minimum payment (optional)"))
    effective_from = _date_field(_l("From"))


class PaySettingsForm(FlaskForm):
    show_rates = BooleanField(_l("Show each paid role's hourly rate in What's on"))


class ExportForm(FlaskForm):
    """The dates of finance's download (a POST: each download is written in the audit log)."""

    start = DayField(_l("From"), validators=[Optional()])
    end = DayField(_l("To"), validators=[Optional()])
